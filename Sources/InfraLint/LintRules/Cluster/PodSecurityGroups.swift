import InfraCore
import Terraform

extension LintedStack {
  /// The security groups for pods of each cluster (`aws_eks_cluster.<name>` to the addresses of
  /// its pods' groups): the groups whose DNS lookups go to the cluster's security group, where
  /// CoreDNS runs, which every security group for pods needs.
  func podSecurityGroups() -> [String: Set<String>] {
    var groups: [String: Set<String>] = [:]
    for rule in resources(ofType: "aws_vpc_security_group_egress_rule") where Self.coversDNS(rule.body) {
      guard let group = referenced(by: rule.body["security_group_id"]).first,
        let cluster = Self.clusterOfSecurityGroup(rule.body["referenced_security_group_id"])
      else { continue }
      groups[cluster, default: []].insert(group.address)
    }
    return groups
  }

  /// The cluster whose security group (the one EKS makes,
  /// `aws_eks_cluster.<name>.vpc_config[0].cluster_security_group_id`) `expression` names:
  /// `aws_eks_cluster.<name>`.
  static func clusterOfSecurityGroup(_ expression: Expr?) -> String? {
    expression?.references.first {
      $0.object.hasPrefix("aws_eks_cluster.") && $0.path.contains(.attribute("cluster_security_group_id"))
    }?.object
  }

  /// Whether the rule allows port 53: all traffic, or a range holding it.
  private static func coversDNS(_ rule: Body) -> Bool {
    if rule["ip_protocol"]?.stringValue == "-1" { return true }
    guard let from = rule.int("from_port"), let to = rule.int("to_port") else { return false }
    return (from...to).contains(53)
  }
}
