/// A check that fired on a plan: on one change, or (`address` nil) on the plan as a whole.
public struct PlanFinding: Sendable, Hashable {
  public let rule: RuleDescription
  public let address: String?
  /// What happens to the object at `address`.
  public let kind: ResourceChange.Kind?
  public let message: String

  public init(rule: RuleDescription, change: ResourceChange, message: String) {
    self.rule = rule
    self.address = change.address
    self.kind = change.kind
    self.message = message
  }

  /// A finding about the plan as a whole.
  public init(rule: RuleDescription, message: String) {
    self.rule = rule
    self.address = nil
    self.kind = nil
    self.message = message
  }
}
