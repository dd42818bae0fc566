/// What a plan does, counted: the line a report starts with, and the changes it lists.
public struct PlanSummary: Sendable {
  /// Changes by what happens to them (data sources are only ever `read`).
  public let counts: [ResourceChange.Kind: Int]
  public let moved: Int
  public let imported: Int
  /// Every change that does something, what loses something first, then the moves that change
  /// nothing else.
  public let listedChanges: [ResourceChange]

  /// The order changes are listed in: what loses something first.
  static let order: [ResourceChange.Kind] = [
    .replaceDestroyFirst, .delete, .forget, .replaceCreateFirst, .update, .create, .read,
  ]

  public init(_ plan: TerraformPlan) {
    var counts: [ResourceChange.Kind: Int] = [:]
    for change in plan.changes { counts[change.kind, default: 0] += 1 }
    self.counts = counts
    moved = plan.changes.filter { $0.previousAddress != nil }.count
    imported = plan.changes.filter { $0.importID != nil }.count
    listedChanges = Self.order.flatMap { kind in plan.changes.filter { $0.kind == kind } }
      + plan.changes.filter { $0.kind == .noOp && $0.previousAddress != nil }
  }

  public func count(_ kinds: ResourceChange.Kind...) -> Int {
    kinds.reduce(0) { $0 + (counts[$1] ?? 0) }
  }

  /// `Plan: 2 to create, 1 to update, 1 to replace (1 destroy first), 1 to delete; 1 moved, 1 imported.`
  public var line: String {
    var parts = [
      "\(count(.create)) to create", "\(count(.update)) to update",
      "\(count(.replaceCreateFirst, .replaceDestroyFirst)) to replace"
        + (count(.replaceDestroyFirst) > 0 ? " (\(count(.replaceDestroyFirst)) destroy first)" : ""),
      "\(count(.delete)) to delete",
    ]
    if count(.forget) > 0 { parts.append("\(count(.forget)) to forget") }
    var extras: [String] = []
    if moved > 0 { extras.append("\(moved) moved") }
    if imported > 0 { extras.append("\(imported) imported") }
    return "Plan: " + parts.joined(separator: ", ") + (extras.isEmpty ? "" : "; " + extras.joined(separator: ", ")) + "."
  }
}
