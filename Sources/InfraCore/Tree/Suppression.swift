/// A decision, written on a construct, that a lint rule does not apply to it and to what it
/// contains, and why: `database.node.suppress("rds-multi-az", reason: "a replica of prod; losing it loses nothing")`.
///
/// `infra lint` still finds the problem, but reports it as suppressed, with the reason, and
/// counts it in its summary. A suppression with an empty reason is an error of the stack.
public struct Suppression: Hashable, Sendable {
  /// The id of the rule suppressed: `rds-multi-az`.
  public let ruleID: String
  /// Why the rule does not apply here, for the people who review the stack.
  public let reason: String
  /// Where the suppression was written.
  public let location: SourceLocation

  public init(ruleID: String, reason: String, location: SourceLocation) {
    self.ruleID = ruleID
    self.reason = reason
    self.location = location
  }
}
