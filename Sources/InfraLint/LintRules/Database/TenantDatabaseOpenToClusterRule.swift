import InfraCore
import Terraform

/// A database that admits a cluster's pod security group admits no other part of that cluster.
///
/// A *pod security group* of an EKS cluster is a security group with an egress rule
/// (`aws_vpc_security_group_egress_rule`) to the cluster's security group on a range holding
/// port 53: the DNS lookups to CoreDNS that every security group for pods needs. A database
/// (`aws_db_instance`, `aws_rds_cluster`) is a tenant's when one of its security groups
/// (`vpc_security_group_ids`) admits such a group. The rule reports each ingress rule into one
/// of a tenant's database's groups whose source is that cluster's security group
/// (`vpc_config[0].cluster_security_group_id`), as a separate rule (`aws_vpc_security_group_ingress_rule`,
/// `aws_security_group_rule`) or an `ingress` block.
public enum TenantDatabaseOpenToClusterRule: LintRule {
  public static let description = RuleDescription(
    id: "tenant-database-open-to-cluster", title: "A tenant's database admits only its tenant's pods",
    severity: .error,
    rationale: """
      With security groups for pods, a tenant's pods have a security group of their own, and its \
      database admits that group. Admitting the cluster security group as well lets in every \
      pod that has no security group of its own — every other namespace's, and any of the \
      tenant's pods a SecurityGroupPolicy does not select — which undoes the isolation the pod \
      security group was made for. A pod security group is one with an egress rule to a \
      cluster's security group on a range holding port 53 (its pods' DNS lookups to CoreDNS); \
      the rule reports each ingress rule into the security group of a database \
      (aws_db_instance, aws_rds_cluster) that admits such a group, when that rule's source is \
      the same cluster's security group.
      """,
    fix: "remove the rule that admits the cluster security group (in a stack file, 'cluster' from the database's allowFrom); the tenant's pod security group is the way in")

  static let databaseTypes: Set<String> = ["aws_db_instance", "aws_rds_cluster"]

  public static func problems(in stack: LintedStack, settings: LintSettings) -> [LintProblem] {
    let podGroups = stack.podSecurityGroups()
    guard !podGroups.isEmpty else { return [] }
    var problems: [LintProblem] = []
    for database in stack.resources(ofTypes: databaseTypes) {
      let groups = stack.referenced(by: database.body["vpc_security_group_ids"]).filter { $0.type == "aws_security_group" }
      let sources = groups.flatMap { ingress(into: $0, in: stack) }
      for (cluster, pods) in podGroups {
        guard let tenantGroup = sources.compactMap({ source in pods.first { source.from.contains($0) } }).first else { continue }
        for source in sources where source.fromCluster == cluster {
          problems.append(
            LintProblem(
              address: source.rule.address,
              message: "\(database.address) admits the security group of \(cluster) beside its pod security group \(tenantGroup): every pod of the cluster without a security group of its own reaches it"))
        }
      }
    }
    return problems
  }

  /// One way into a database's security group: the rule (or group, for an `ingress` block),
  /// the security groups it admits, and the cluster whose security group it admits, if any.
  private struct Ingress {
    let rule: LintedResource
    let from: Set<String>
    let fromCluster: String?
  }

  private static func ingress(into group: LintedResource, in stack: LintedStack) -> [Ingress] {
    var found: [Ingress] = []
    func add(_ rule: LintedResource, _ source: Expr?) {
      let from = Set(stack.referenced(by: source).filter { $0.type == "aws_security_group" }.map(\.address))
      found.append(Ingress(rule: rule, from: from, fromCluster: LintedStack.clusterOfSecurityGroup(source)))
    }
    for rule in stack.resources(ofType: "aws_vpc_security_group_ingress_rule", whose: "security_group_id", refersTo: group) {
      add(rule, rule.body["referenced_security_group_id"])
    }
    for rule in stack.resources(ofType: "aws_security_group_rule", whose: "security_group_id", refersTo: group)
    where rule.string("type") == "ingress" {
      add(rule, rule.body["source_security_group_id"])
    }
    for block in group.body.blocks("ingress") { add(group, block["security_groups"]) }
    return found
  }

  /// A cluster, tenant acme's pod security group with its DNS rule, and acme's database open
  /// to that group: the example stacks' common part. Returns the cluster's security group and
  /// the database's, for the rules an example adds.
  private static func tenantDatabase() -> (clusterGroup: Expr, databaseGroup: Expr) {
    let cluster = Resource("main", type: "aws_eks_cluster", ["name": "main"])
    let clusterGroup = Expr.reference(cluster.reference.attribute("vpc_config")[0].attribute("cluster_security_group_id"))
    let pods = Resource("acme-pods", type: "aws_security_group", ["description": "Pods of tenant acme"])
    _ = Resource(
      "acme-dns", type: "aws_vpc_security_group_egress_rule",
      ["security_group_id": pods["id"], "referenced_security_group_id": clusterGroup, "ip_protocol": "udp", "from_port": 53, "to_port": 53])
    let databaseGroup = Resource("acme-db", type: "aws_security_group", ["description": "Database of tenant acme"])
    _ = Resource(
      "acme-db-from-pods", type: "aws_vpc_security_group_ingress_rule",
      ["security_group_id": databaseGroup["id"], "referenced_security_group_id": pods["id"], "ip_protocol": "tcp", "from_port": 5432, "to_port": 5432])
    _ = Resource("acme", type: "aws_db_instance", ["vpc_security_group_ids": [databaseGroup["id"]]])
    return (clusterGroup, databaseGroup["id"])
  }

  public static let examples: [LintExample] = [
    .passing {
      let (clusterGroup, _) = tenantDatabase()
      // A platform database no tenant's pods are admitted to may admit the cluster.
      let ledgerGroup = Resource("ledger-db", type: "aws_security_group", ["description": "Ledger"])
      Resource(
        "ledger-from-cluster", type: "aws_vpc_security_group_ingress_rule",
        ["security_group_id": ledgerGroup["id"], "referenced_security_group_id": clusterGroup, "ip_protocol": "tcp", "from_port": 5432, "to_port": 5432])
      Resource("ledger", type: "aws_db_instance", ["vpc_security_group_ids": [ledgerGroup["id"]]])
    },
    .failing([
      "aws_db_instance.acme admits the security group of aws_eks_cluster.main beside its pod security group aws_security_group.acme_pods: every pod of the cluster without a security group of its own reaches it"
    ]) {
      let (clusterGroup, databaseGroup) = tenantDatabase()
      Resource(
        "acme-db-from-cluster", type: "aws_vpc_security_group_ingress_rule",
        ["security_group_id": databaseGroup, "referenced_security_group_id": clusterGroup, "ip_protocol": "tcp", "from_port": 5432, "to_port": 5432])
    },
  ]
}
