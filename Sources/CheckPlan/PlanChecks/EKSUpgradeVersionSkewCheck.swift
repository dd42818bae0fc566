import JSON

/// An EKS control-plane upgrade that leaves a node group or kube-proxy further behind than the
/// Kubernetes version skew policy allows.
public enum EKSUpgradeVersionSkewCheck: PlanCheck {
  public static let description = RuleDescription(
    id: "eks-upgrade-outside-version-skew",
    title: "An EKS control-plane upgrade leaves nodes or kube-proxy outside the version skew",
    severity: .error,
    rationale: """
      A kubelet, and kube-proxy, may be up to three minor versions older than the API server \
      (two before Kubernetes 1.28) and never newer. A node group that follows its cluster \
      (version = aws_eks_cluster.<name>.version, as infra's node pools do) moves in the same \
      apply, after the control plane; one pinned to a version, or a kube-proxy addon pinned to a \
      build of an older Kubernetes, stays where it is. Upgrading the control plane past the skew \
      leaves those nodes unsupported, and EKS cannot take the control plane back down.
      """,
    fix: """
      upgrade the pinned node group or kube-proxy towards the cluster's version first (or let it \
      follow the cluster), apply, then upgrade the control plane
      """)

  public static let examples: [PlanCheckExample] = [
    .failing(
      "eks-upgrade-pinned-nodes-out-of-skew",
      [
        "aws_eks_cluster.main goes from Kubernetes 1.32 to 1.33 while aws_eks_addon.kube_proxy stays on v1.29.15-eksbuild.2 (Kubernetes 1.29), 4 minor versions behind; kube-proxy may be at most 3 behind the control plane",
        "aws_eks_cluster.main goes from Kubernetes 1.32 to 1.33 while aws_eks_node_group.legacy stays on 1.29, 4 minor versions behind; a kubelet may be at most 3 behind the control plane"
      ]),
    .passing("eks-upgrade-nodes-follow"),
  ]

  typealias MinorVersion = EKSVersionStepCheck.MinorVersion

  /// How many minor versions a kubelet or kube-proxy may be behind a control plane at `version`:
  /// the same rule as InfraCore's KubernetesVersionSupport.supportedSkew.
  static func supportedSkew(_ version: MinorVersion) -> Int { version.major == 1 && version.minor < 28 ? 2 : 3 }

  public static func findings(in plan: TerraformPlan, settings: PlanCheckSettings) -> [PlanFinding] {
    let managed = plan.changes.filter { $0.isManaged && $0.kind != .delete && $0.kind != .forget }
    return managed.flatMap { cluster -> [PlanFinding] in
      guard cluster.type == EKSVersionStepCheck.clusterType, cluster.kind == .update,
        let old = cluster.before?["version"]?.string, let new = cluster.after?["version"]?.string,
        let from = EKSVersionStepCheck.minorVersion(old), let to = EKSVersionStepCheck.minorVersion(new), from < to,
        let name = cluster.after?["name"]?.string
      else { return [] }
      let skew = supportedSkew(to)
      let upgrade = "\(cluster.address) goes from Kubernetes \(old) to \(new)"
      return managed.compactMap { other in
        guard let after = other.after, after["cluster_name"]?.string == name,
          let (described, version, component) = Self.version(of: other, after)
        else { return nil }
        let behind = to.major == version.major ? to.minor - version.minor : Int.max
        guard behind > skew || behind < 0 else { return nil }
        let distance = behind < 0 ? "newer than the control plane" : "\(behind) minor versions behind"
        return PlanFinding(
          rule: description, change: cluster,
          message: "\(upgrade) while \(other.address) stays on \(described), \(distance); \(component) may be at most \(skew) behind the control plane")
      }
    }
  }

  /// The Kubernetes version a node group or kube-proxy addon will run after the apply, as the
  /// plan knows it: a node group's `version`, the minor version in kube-proxy's build
  /// (`v1.29.15-eksbuild.2`). Nil while unknown (an addon version read at apply follows the
  /// cluster) or for anything else.
  static func version(of change: ResourceChange, _ after: JSON) -> (described: String, MinorVersion, component: String)? {
    switch change.type {
    case NodePoolRetiredCheck.nodeGroupType:
      guard let text = after["version"]?.string, let version = EKSVersionStepCheck.minorVersion(text) else { return nil }
      return (text, version, "a kubelet")
    case "aws_eks_addon" where after["addon_name"]?.string == "kube-proxy":
      guard let text = after["addon_version"]?.string, text.hasPrefix("v"),
        let version = EKSVersionStepCheck.minorVersion(String(text.dropFirst().prefix { $0 != "-" }))
      else { return nil }
      return ("\(text) (Kubernetes \(version.major).\(version.minor))", version, "kube-proxy")
    default:
      return nil
    }
  }
}
