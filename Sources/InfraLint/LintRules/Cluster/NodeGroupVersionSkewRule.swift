import InfraCore
import Terraform

/// A node group pinned to a Kubernetes version further behind its cluster's than kubelets may be.
public enum NodeGroupVersionSkewRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "node-group-version-skew", title: "Node groups stay within the supported version skew of their cluster",
    severity: .warning,
    rationale: """
      A kubelet may be up to three minor versions older than the API server it talks to (two \
      before Kubernetes 1.28), and never newer: the Kubernetes version skew policy, which EKS \
      follows. A node group pinned to its version while the control plane moved on falls out of \
      that window after a few upgrades; its nodes keep running, but nothing tests or supports \
      them, and EKS's upgrade insights report the skew, which can hold up the next control-plane \
      upgrade. A node group \
      whose version refers to its cluster's follows it and never falls behind.
      """,
    fix: """
      upgrade the pool one minor version at a time towards the cluster's, or leave its version \
      out so it follows the cluster (version = aws_eks_cluster.<name>.version)
      """)

  public static let resourceTypes: Set<String> = ["aws_eks_node_group"]

  public static func problems(with group: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    guard let pinned = group.string("version"),
      let cluster = stack.referenced(by: group.body["cluster_name"]).first(where: { $0.type == "aws_eks_cluster" }),
      let clusterVersion = cluster.string("version")
    else { return [] }
    let controlPlane = KubernetesVersion(clusterVersion)
    guard let behind = KubernetesVersion(pinned).minorVersions(behind: controlPlane) else { return [] }
    let skew = KubernetesVersionSupport.supportedSkew(controlPlane: controlPlane)
    if behind < 0 {
      return ["\(group.address) pins Kubernetes \(pinned), newer than \(cluster.address) (\(clusterVersion)); a kubelet may not be newer than the control plane"]
    }
    guard behind > skew else { return [] }
    return [
      "\(group.address) pins Kubernetes \(pinned), \(behind) minor versions behind \(cluster.address) (\(clusterVersion)); its kubelets may be at most \(skew) behind"
    ]
  }

  public static let examples: [LintExample] = [
    .passing {
      let cluster = Resource("main", type: "aws_eks_cluster", ["name": "main", "version": "1.35"])
      Resource("general", type: "aws_eks_node_group", ["cluster_name": cluster["name"], "version": cluster["version"]])
    },
    .passing {
      let cluster = Resource("main", type: "aws_eks_cluster", ["name": "main", "version": "1.35"])
      Resource("legacy", type: "aws_eks_node_group", ["cluster_name": cluster["name"], "version": "1.32"])
    },
    .failing([
      "aws_eks_node_group.legacy pins Kubernetes 1.31, 4 minor versions behind aws_eks_cluster.main (1.35); its kubelets may be at most 3 behind"
    ]) {
      let cluster = Resource("main", type: "aws_eks_cluster", ["name": "main", "version": "1.35"])
      Resource("legacy", type: "aws_eks_node_group", ["cluster_name": cluster["name"], "version": "1.31"])
    },
    .failing([
      "aws_eks_node_group.legacy pins Kubernetes 1.24, 3 minor versions behind aws_eks_cluster.main (1.27); its kubelets may be at most 2 behind"
    ]) {
      let cluster = Resource("main", type: "aws_eks_cluster", ["name": "main", "version": "1.27"])
      Resource("legacy", type: "aws_eks_node_group", ["cluster_name": cluster["name"], "version": "1.24"])
    },
    .failing([
      "aws_eks_node_group.canary pins Kubernetes 1.35, newer than aws_eks_cluster.main (1.34); a kubelet may not be newer than the control plane"
    ]) {
      let cluster = Resource("main", type: "aws_eks_cluster", ["name": "main", "version": "1.34"])
      Resource("canary", type: "aws_eks_node_group", ["cluster_name": cluster["name"], "version": "1.35"])
    },
  ]
}
