/// An EKS control plane version that goes down, or up by more than one minor version.
public enum EKSVersionStepCheck: ChangeCheck {
  public static let description = RuleDescription(
    id: "eks-version-not-one-step-up",
    title: "An EKS cluster version goes down or skips a minor version",
    severity: .error,
    rationale: """
      EKS upgrades a control plane one minor version at a time and never downgrades it. Terraform \
      cannot know that: the plan shows an ordinary in-place update, and the apply fails part-way, \
      after the changes ordered before it were made.
      """,
    fix: """
      upgrade one minor version per apply (1.30 to 1.31, then 1.32), after checking add-ons and \
      node groups against the new version; to go back, create a new cluster at the older version \
      and move workloads to it
      """)

  public static let examples: [PlanCheckExample] = [
    .failing(
      "eks-version-downgrade",
      [
        "aws_eks_cluster.main goes from Kubernetes 1.31 down to 1.30; EKS cannot downgrade a cluster"
      ]),
    .failing(
      "eks-version-skip",
      [
        "aws_eks_cluster.main goes from Kubernetes 1.31 to 1.33, skipping a minor version; EKS upgrades one at a time"
      ]),
    .passing("eks-version-upgrade"),
  ]

  static let clusterType = "aws_eks_cluster"

  public static func problem(with change: ResourceChange) -> String? {
    guard change.type == clusterType, change.kind == .update || change.kind.isReplacement,
      let old = change.before?["version"]?.string, let new = change.after?["version"]?.string,
      let from = minorVersion(old), let to = minorVersion(new)
    else { return nil }
    if to < from {
      return "\(change.address) goes from Kubernetes \(old) down to \(new); EKS cannot downgrade a cluster"
    }
    if to.major == from.major && to.minor > from.minor + 1 || to.major > from.major {
      return "\(change.address) goes from Kubernetes \(old) to \(new), skipping a minor version; EKS upgrades one at a time"
    }
    return nil
  }

  struct MinorVersion: Comparable {
    let major: Int
    let minor: Int

    static func < (lhs: Self, rhs: Self) -> Bool { (lhs.major, lhs.minor) < (rhs.major, rhs.minor) }
  }

  /// `1.31` from "1.31" or "1.31.2"; nil for anything else.
  static func minorVersion(_ text: String) -> MinorVersion? {
    let parts = text.split(separator: ".")
    guard parts.count >= 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
    return MinorVersion(major: major, minor: minor)
  }
}
