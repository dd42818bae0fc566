/// What a rule is: the stable id findings carry, and the words its documentation page and its
/// findings are made of.
public struct RuleDescription: Sendable, Hashable {
  /// Kebab-case and stable: `stateful-resource-destroyed`. Names the docs page `docs/rules/<id>.md`.
  public let id: String
  public let title: String
  public let severity: Diagnostic.Severity
  /// Why the rule exists: what goes wrong in production when it is ignored.
  public let rationale: String
  /// What to do about a finding.
  public let fix: String

  public init(id: String, title: String, severity: Diagnostic.Severity, rationale: String, fix: String) {
    self.id = id
    self.title = title
    self.severity = severity
    self.rationale = rationale
    self.fix = fix
  }
}
