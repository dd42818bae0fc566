/// A check that fired on a plan: on one change, or (`address` nil) on the plan as a whole.
public struct PlanFinding: Sendable, Hashable {
  public let rule: RuleDescription
  public let address: String?
  /// What happens to the object at `address`.
  public let kind: ResourceChange.Kind?
  public let message: String
  /// How to fix this one: the rule's fix, unless the check said more.
  public let fix: String
  /// Why the check itself lets this change through, when it does: "`aws_eks_node_group.general_green`
  /// already runs to take its pods". Such a finding never blocks, like an approved one.
  public let allowedBecause: String?

  public init(rule: RuleDescription, change: ResourceChange, message: String, fix: String? = nil, allowedBecause: String? = nil) {
    self.rule = rule
    self.address = change.address
    self.kind = change.kind
    self.message = message
    self.fix = fix ?? rule.fix
    self.allowedBecause = allowedBecause
  }

  /// A finding about the plan as a whole.
  public init(rule: RuleDescription, message: String, fix: String? = nil) {
    self.rule = rule
    self.address = nil
    self.kind = nil
    self.message = message
    self.fix = fix ?? rule.fix
    self.allowedBecause = nil
  }
}
