import InfraCore
import Terraform

/// The cluster's API endpoint is private, or reachable only from listed addresses.
public enum EKSEndpointNotPublicRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "eks-endpoint-not-public", title: "The EKS API endpoint is private or allow-listed", severity: .error,
    rationale: """
      A public Kubernetes API endpoint open to the internet is one stolen credential or one \
      unpatched API server bug away from the whole cluster. EKS makes the endpoint public, to \
      0.0.0.0/0, unless told otherwise.
      """,
    fix: "set vpc_config's endpoint_public_access = false, or list your offices' and CI's addresses in public_access_cidrs")

  public static let resourceTypes: Set<String> = ["aws_eks_cluster"]

  public static func problems(with cluster: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    guard let config = cluster.body.blocks("vpc_config").first, config.bool("endpoint_public_access") != false else { return [] }
    guard let cidrs = config.strings("public_access_cidrs") else {
      return config["public_access_cidrs"] == nil
        ? ["\(cluster.address) serves its API endpoint to the whole internet (endpoint_public_access is not false and no public_access_cidrs are set)"]
        : []
    }
    return cidrs.filter { $0 == "0.0.0.0/0" }.map { _ in "\(cluster.address) serves its API endpoint to the whole internet (public_access_cidrs holds 0.0.0.0/0)" }
  }

  public static let examples: [LintExample] = [
    .passing {
      Resource("cluster", type: "aws_eks_cluster", Body(["vpc_config": .block(["endpoint_public_access": false])]))
    },
    .passing {
      Resource(
        "cluster", type: "aws_eks_cluster",
        Body(["vpc_config": .block(["endpoint_public_access": true, "public_access_cidrs": ["203.0.113.0/24"]])]))
    },
    .failing([
      "aws_eks_cluster.cluster serves its API endpoint to the whole internet (endpoint_public_access is not false and no public_access_cidrs are set)"
    ]) {
      Resource("cluster", type: "aws_eks_cluster", Body(["vpc_config": .block(["subnet_ids": []])]))
    },
    .failing([
      "aws_eks_cluster.cluster serves its API endpoint to the whole internet (public_access_cidrs holds 0.0.0.0/0)"
    ]) {
      Resource(
        "cluster", type: "aws_eks_cluster",
        Body(["vpc_config": .block(["endpoint_public_access": true, "public_access_cidrs": ["0.0.0.0/0"]])]))
    },
  ]
}
