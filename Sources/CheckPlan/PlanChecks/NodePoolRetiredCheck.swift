import JSON

/// An EKS node group deleted while nothing like it is left to run its pods.
public enum NodePoolRetiredCheck: PlanCheck {
  public static let description = RuleDescription(
    id: "node-pool-retired-without-replacement",
    title: "A node pool is retired before a replacement runs",
    severity: .error,
    rationale: """
      Deleting a node group drains its nodes: the pods that ran there need other nodes that can \
      take them, of the same cluster, labels and taints (a GPU pool's pods cannot run on a general \
      pool). infra rotates a node pool in two phases: one apply creates the new pool beside the \
      old one, a later apply removes the old pool once the new one runs. A plan that deletes a \
      node group while no group of the same role already runs is blocked, and so is one that \
      creates the replacement in the same apply: nothing orders the two, so Terraform drains the \
      old nodes while the new ones are still starting. A group that an earlier apply marked \
      retiring (tainted `infra.dev/retiring` so nothing new landed on it, as infra's node pools \
      do with `retiring:`) is retired on purpose: it may go once a group like it, but for that \
      taint, already runs.
      """,
    fix: """
      create the new node group first (same cluster, labels and taints), apply, then remove the \
      old one in a second change; with infra's node pools, name a new `generation:` and mark the \
      old one `retiring:`, apply, then drop `retiring:`; when the pool is retired on purpose and \
      its workloads are gone, approve the deletion with the reason
      """)

  public static let examples: [PlanCheckExample] = [
    .failing(
      "nodegroup-gpu-retired",
      [
        "aws_eks_node_group.gpu is deleted (deleted because it is no longer in the configuration) and no other node group of `demo` with the same labels and taints stays to run its pods"
      ]),
    .failing(
      "nodegroup-swapped-in-one-apply",
      [
        "aws_eks_node_group.workers is deleted in the same apply that creates aws_eks_node_group.workers_m5; Terraform does both at once, so the old nodes drain before the new ones are ready"
      ]),
    .failing(
      "nodegroup-generation-retired-alone",
      [
        "aws_eks_node_group.gpu was marked retiring, but no other node group of `demo` with the same labels and taints (but for `infra.dev/retiring`) runs to take its pods"
      ]),
    .passing(
      "nodegroup-rotation-retire-old",
      allowed: [
        "aws_eks_node_group.workers is retired (deleted because it is no longer in the configuration)"
      ]),
    .passing("nodegroup-generation-retiring"),
  ]

  static let nodeGroupType = "aws_eks_node_group"
  /// The taint infra's node pools put on a generation they retire (NodePool.retiringTaintKey).
  static let retiringTaintKey = "infra.dev/retiring"

  /// What decides which pods a node group can run.
  struct Role: Hashable {
    let cluster: JSON?
    let labels: JSON?
    let taints: Set<JSON>

    init(_ values: JSON) {
      cluster = values["cluster_name"]
      labels = values["labels"].flatMap { $0.object?.isEmpty == true ? nil : $0 }
      taints = Set(values["taint"]?.array ?? [])
    }

    /// Whether the group carries a taint that keeps new pods off it because it is retiring.
    var isRetiring: Bool { taints.contains(where: isRetiringTaint) }

    /// The role of the group that takes over from a retiring one: the same, without that taint.
    var successor: Role { Role(cluster: cluster, labels: labels, taints: taints.filter { !isRetiringTaint($0) }) }

    private init(cluster: JSON?, labels: JSON?, taints: Set<JSON>) {
      self.cluster = cluster
      self.labels = labels
      self.taints = taints
    }

    private func isRetiringTaint(_ taint: JSON) -> Bool {
      taint["key"]?.string == retiringTaintKey && ["NO_SCHEDULE", "NO_EXECUTE"].contains(taint["effect"]?.string)
    }
  }

  public static func findings(in plan: TerraformPlan, settings: PlanCheckSettings) -> [PlanFinding] {
    let nodeGroups = plan.changes.filter { $0.isManaged && $0.type == nodeGroupType }
    // The node groups there will be after the apply, by role: one pass, so a plan with
    // thousands of node groups costs no more than reading it.
    var staying: [Role: [ResourceChange]] = [:]
    for change in nodeGroups where change.kind != .delete && change.kind != .forget {
      if let after = change.after { staying[Role(after), default: []].append(change) }
    }
    return nodeGroups.compactMap { retired in
      guard retired.kind == .delete, let before = retired.before else { return nil }
      // A group tainted retiring in an earlier apply hands its pods to one like it, bar the taint.
      let role = Role(before)
      let peers = (staying[role] ?? []) + (role.isRetiring ? staying[role.successor] ?? [] : [])
      if let running = peers.first(where: { [.noOp, .update, .replaceCreateFirst].contains($0.kind) }) {
        return PlanFinding(
          rule: description, change: retired, message: "\(retired.address) is retired (\(retired.reason))",
          allowedBecause: "`\(running.address)` already runs to take its pods")
      }
      let cluster = before["cluster_name"]?.string.map { "`\($0)`" } ?? "its cluster"
      if let created = peers.first(where: { $0.kind == .create }) {
        return PlanFinding(
          rule: description, change: retired,
          message: "\(retired.address) is deleted in the same apply that creates \(created.address); Terraform "
            + "does both at once, so the old nodes drain before the new ones are ready")
      }
      if role.isRetiring {
        return PlanFinding(
          rule: description, change: retired,
          message: "\(retired.address) was marked retiring, but no other node group of \(cluster) with the same "
            + "labels and taints (but for `\(retiringTaintKey)`) runs to take its pods")
      }
      return PlanFinding(
        rule: description, change: retired,
        message: "\(retired.address) is deleted (\(retired.reason)) and no other node group of \(cluster) "
          + "with the same labels and taints stays to run its pods")
    }
  }
}
