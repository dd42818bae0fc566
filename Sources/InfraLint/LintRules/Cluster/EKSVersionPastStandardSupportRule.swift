import InfraCore
import Terraform

/// An EKS cluster on a Kubernetes version whose standard support has ended, by infra's versions
/// table and the day it was last checked (``LintSettings/asOf``), never the machine's clock.
public enum EKSVersionPastStandardSupportRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "eks-version-past-standard-support", title: "EKS clusters run a Kubernetes version in standard support",
    severity: .warning,
    rationale: """
      EKS supports a Kubernetes minor version for 14 months at the standard price. After that the \
      cluster either enters extended support, billed per cluster hour at several times the \
      standard price, or (with upgrade_policy STANDARD) is upgraded by EKS itself, at a moment \
      AWS picks, its add-ons and nodes left behind. After 12 more months EKS upgrades it either \
      way. The dates come from infra's versions table (AWS's EKS release calendar), compared with \
      the day the table was last checked (or the day `infra lint --as-of` names), so the finding \
      does not change with the day lint runs.
      """,
    fix: """
      upgrade the cluster one minor version per apply to a version in standard support (docs: \
      Upgrading Kubernetes, step by step), or suppress the finding for the cluster while an \
      upgrade is planned
      """)

  public static let resourceTypes: Set<String> = ["aws_eks_cluster"]

  public static func problems(with cluster: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    guard let text = cluster.string("version") else { return [] }
    let version = KubernetesVersion(text)
    let day = settings.asOf
    guard let row = KubernetesVersionSupport.of(version) else {
      // Older than every row: past extended support too. Newer, or not a version: nothing known.
      guard let oldest = KubernetesVersionSupport.all.last, let behind = version.minorVersions(behind: oldest.version), behind > 0
      else { return [] }
      return [
        "\(cluster.address) runs Kubernetes \(text), older than every version in infra's table (\(oldest.version) left extended support on \(oldest.endOfExtendedSupport)); EKS upgrades such a control plane at a time of its choosing"
      ]
    }
    guard day >= row.endOfStandardSupport else { return [] }
    let ended = "\(cluster.address) runs Kubernetes \(text), whose EKS standard support ended on \(row.endOfStandardSupport) (as of \(day))"
    if day >= row.endOfExtendedSupport {
      return ["\(ended), and extended support on \(row.endOfExtendedSupport): EKS upgrades the control plane at a time of its choosing"]
    }
    let extended = cluster.body.blocks("upgrade_policy").first?["support_type"]?.stringValue == "EXTENDED"
    return [
      extended
        ? "\(ended): it is billed as extended support until \(row.endOfExtendedSupport)"
        : "\(ended): without extended support EKS upgrades it, its add-ons and nodes left behind"
    ]
  }

  public static let examples: [LintExample] = [
    .passing {
      Resource("main", type: "aws_eks_cluster", ["name": "main", "version": "1.35"])
    },
    .passing {
      Resource("main", type: "aws_eks_cluster", ["name": "main", "version": "1.36"])
    },
    .failing([
      "aws_eks_cluster.main runs Kubernetes 1.34, whose EKS standard support ended on 2026-12-02 (as of 2026-12-06): it is billed as extended support until 2027-12-02"
    ]) {
      Resource(
        "main", type: "aws_eks_cluster",
        Body(["name": .argument("main"), "version": .argument("1.34"), "upgrade_policy": .block(["support_type": "EXTENDED"])]))
    },
    .failing([
      "aws_eks_cluster.main runs Kubernetes 1.33, whose EKS standard support ended on 2026-07-29 (as of 2026-12-06): without extended support EKS upgrades it, its add-ons and nodes left behind"
    ]) {
      Resource(
        "main", type: "aws_eks_cluster",
        Body(["name": .argument("main"), "version": .argument("1.33"), "upgrade_policy": .block(["support_type": "STANDARD"])]))
    },
    .failing([
      "aws_eks_cluster.main runs Kubernetes 1.31, whose EKS standard support ended on 2025-11-26 (as of 2026-12-06), and extended support on 2026-11-26: EKS upgrades the control plane at a time of its choosing"
    ]) {
      Resource("main", type: "aws_eks_cluster", ["name": "main", "version": "1.31"])
    },
    .failing([
      "aws_eks_cluster.main runs Kubernetes 1.24, older than every version in infra's table (1.27 left extended support on 2025-07-24); EKS upgrades such a control plane at a time of its choosing"
    ]) {
      Resource("main", type: "aws_eks_cluster", ["name": "main", "version": "1.24"])
    },
  ]
}
