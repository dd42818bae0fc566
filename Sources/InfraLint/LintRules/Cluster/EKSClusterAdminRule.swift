import InfraCore
import Terraform

/// A production cluster that only access entries open has someone who can administer it.
public enum EKSClusterAdminRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "eks-cluster-admin", title: "A production cluster has an administrator", severity: .error,
    rationale: """
      A cluster whose access comes only from EKS access entries (authentication_mode API), and \
      whose creator is not made an administrator, has exactly the administrators its access \
      entries name. With none holding AmazonEKSClusterAdminPolicy on the whole cluster, nobody \
      can repair RBAC, install a CRD or drain a broken node when it matters: the first person \
      to need it finds out during an incident.
      """,
    fix: """
      associate AmazonEKSClusterAdminPolicy, scoped to the cluster, with the platform team's \
      role (Access.admins, or admins: in a stack file's cluster access)
      """)

  public static let resourceTypes: Set<String> = ["aws_eks_cluster"]
  public static let productionOnly = true

  static let adminPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

  public static func problems(with cluster: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    guard let access = cluster.body.blocks("access_config").first, access["authentication_mode"]?.stringValue == "API",
      access.bool("bootstrap_cluster_creator_admin_permissions") == false
    else { return [] }
    let name = cluster.string("name")
    let hasAdmin = stack.resources(ofType: "aws_eks_access_policy_association").contains { association in
      let ofCluster =
        stack.referenced(by: association.body["cluster_name"]).contains { $0.address == cluster.address }
        || (name != nil && association.string("cluster_name") == name)
      return ofCluster && association.string("policy_arn") == adminPolicy
        && association.body.blocks("access_scope").first?["type"]?.stringValue == "cluster"
    }
    guard !hasAdmin else { return [] }
    return [
      "\(cluster.address) has no administrator: no access entry holds AmazonEKSClusterAdminPolicy on the whole cluster, and its creator is given none"
    ]
  }

  /// A cluster `main` whose access comes from access entries alone, its creator given none.
  private static func accessEntriesOnlyCluster() -> Resource {
    Resource(
      "main", type: "aws_eks_cluster",
      Body([
        "name": .argument("main"),
        "access_config": .block(["authentication_mode": "API", "bootstrap_cluster_creator_admin_permissions": false]),
      ]))
  }

  public static let examples: [LintExample] = [
    .passing {
      let cluster = accessEntriesOnlyCluster()
      Resource(
        "admins", type: "aws_eks_access_policy_association",
        Body([
          "cluster_name": .argument(cluster["name"]), "policy_arn": .argument(.string(adminPolicy)),
          "principal_arn": .argument("arn:aws:iam::111122223333:role/platform-admins"), "access_scope": .block(["type": "cluster"]),
        ]))
    },
    .passing {
      Resource(
        "main", type: "aws_eks_cluster",
        Body(["access_config": .block(["authentication_mode": "API", "bootstrap_cluster_creator_admin_permissions": true])]))
    },
    .failing([
      "aws_eks_cluster.main has no administrator: no access entry holds AmazonEKSClusterAdminPolicy on the whole cluster, and its creator is given none"
    ]) {
      let cluster = accessEntriesOnlyCluster()
      Resource(
        "payments", type: "aws_eks_access_policy_association",
        Body([
          "cluster_name": .argument(cluster["name"]), "policy_arn": .argument(.string(adminPolicy)),
          "principal_arn": .argument("arn:aws:iam::111122223333:role/payments"), "access_scope": .block(["type": "namespace", "namespaces": ["payments"]]),
        ]))
    },
  ]
}
