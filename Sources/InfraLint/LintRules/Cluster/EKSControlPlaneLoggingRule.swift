import InfraCore
import Terraform

/// The control plane's API, audit and authenticator logs are kept.
public enum EKSControlPlaneLoggingRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "eks-control-plane-logging", title: "EKS control-plane logs are on", severity: .warning,
    rationale: """
      The audit and authenticator logs are the only record of who did what to a cluster; after an \
      incident, a cluster without them cannot say how it was changed. EKS sends none unless asked.
      """,
    fix: "list api, audit and authenticator (and controllerManager, scheduler) in enabled_cluster_log_types")

  public static let resourceTypes: Set<String> = ["aws_eks_cluster"]
  static let required = ["api", "audit", "authenticator"]

  public static func problems(with cluster: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    guard let enabled = cluster.body.strings("enabled_cluster_log_types") ?? (cluster.body["enabled_cluster_log_types"] == nil ? [] : nil)
    else { return [] }
    let missing = required.filter { !enabled.contains($0) }
    guard !missing.isEmpty else { return [] }
    return ["\(cluster.address) does not keep the control plane's \(missing.joined(separator: ", ")) logs"]
  }

  public static let examples: [LintExample] = [
    .passing {
      Resource(
        "cluster", type: "aws_eks_cluster",
        ["enabled_cluster_log_types": ["api", "audit", "authenticator", "controllerManager", "scheduler"]])
    },
    .failing(["aws_eks_cluster.cluster does not keep the control plane's audit, authenticator logs"]) {
      Resource("cluster", type: "aws_eks_cluster", ["enabled_cluster_log_types": ["api"]])
    },
    .failing(["aws_eks_cluster.cluster does not keep the control plane's api, audit, authenticator logs"]) {
      Resource("cluster", type: "aws_eks_cluster", ["name": "main"])
    },
  ]
}
