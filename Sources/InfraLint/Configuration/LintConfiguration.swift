import InfraCore

/// How a team runs the rules: which are off, which have another severity, and the settings
/// rules read. `.infra-lint.yaml` says it (docs/lint.md).
public struct LintConfiguration: Sendable, Hashable {
  /// A rule turned off, or given a severity of the team's choosing.
  public enum RuleSetting: Sendable, Hashable {
    case off
    case severity(Diagnostic.Severity)
  }

  /// Settings by rule id; rules not named run at their own severity.
  public var rules: [String: RuleSetting]
  public var settings: LintSettings

  public init(rules: [String: RuleSetting] = [:], settings: LintSettings = LintSettings()) {
    self.rules = rules
    self.settings = settings
  }

  /// Whether the rule with `id` runs.
  public func isEnabled(_ id: String) -> Bool { rules[id] != .off }

  /// The severity findings of `rule` are reported at.
  public func severity(of rule: RuleDescription) -> Diagnostic.Severity {
    if case .severity(let chosen)? = rules[rule.id] { return chosen }
    return rule.severity
  }
}
