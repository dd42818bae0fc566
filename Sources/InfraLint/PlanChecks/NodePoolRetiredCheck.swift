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
      old nodes while the new ones are still starting.
      """,
    fix: """
      Create the new node group first (same cluster, labels and taints), apply, then remove the \
      old one in a second change. When the pool is retired on purpose and its workloads are gone, \
      approve the deletion with the reason.
      """)

  static let nodeGroupType = "aws_eks_node_group"

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
      let peers = staying[Role(before)] ?? []
      if peers.contains(where: { [.noOp, .update, .replaceCreateFirst].contains($0.kind) }) { return nil }
      let cluster = before["cluster_name"]?.string.map { "`\($0)`" } ?? "its cluster"
      if let created = peers.first(where: { $0.kind == .create }) {
        return PlanFinding(
          rule: description, change: retired,
          message: "\(retired.address) is deleted in the same apply that creates \(created.address); Terraform "
            + "does both at once, so the old nodes drain before the new ones are ready")
      }
      return PlanFinding(
        rule: description, change: retired,
        message: "\(retired.address) is deleted (\(retired.reason)) and no other node group of \(cluster) "
          + "with the same labels and taints stays to run its pods")
    }
  }
}
