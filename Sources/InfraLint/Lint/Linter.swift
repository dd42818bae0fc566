import InfraCore

/// Runs the lint rules over synthesized stacks: each enabled rule once per stack, each finding
/// located at the construct its author wrote and matched against the suppressions above it.
public struct Linter: Sendable {
  public let configuration: LintConfiguration
  /// The rules that run, in registry order.
  public let rules: [any LintRule.Type]
  /// The ids of every rule given, those turned off included: what a suppression may name.
  let knownRuleIDs: [String]

  /// Runs `rules` (infra's own, and a team's) as `configuration` says.
  public init(configuration: LintConfiguration = LintConfiguration(), rules: [any LintRule.Type] = LintRules.all) {
    self.configuration = configuration
    self.rules = rules.filter { configuration.isEnabled($0.description.id) }
    knownRuleIDs = rules.map { $0.description.id }
  }

  /// What lint found in one stack.
  public struct Result {
    /// Findings, suppressed ones included, in the order of their locations.
    public let findings: [LintFinding]
    /// Suppressions that name no rule infra knows: errors of the stack, not findings.
    public let problems: [Diagnostic]
  }

  public func lint(_ synthesized: SynthesizedStack) -> Result {
    let findings = findings(in: LintedStack(synthesized)) { problem in
      let element = synthesized.elements[problem.element ?? problem.address]
      return (
        element?.node.origin, element?.node.pathDescription,
        { ruleID in element.flatMap { Self.suppression(of: ruleID, above: $0) } }
      )
    }
    return Result(findings: findings, problems: unknownSuppressions(in: synthesized.stack))
  }

  /// What lint found in Terraform JSON written by anything: each finding at the line and
  /// column of its block, with the construct path the block's `"//"` comment names (infra's,
  /// and CDK for Terraform's `metadata.path`). JSON has no comments to suppress a finding
  /// with: the configuration file turns rules off.
  public func lint(_ module: TerraformJSONModule) -> Result {
    let stack = LintedStack(name: module.name, environment: module.environment, configuration: module.configuration)
    let findings = findings(in: stack) { problem in
      (module.locations[problem.address], stack.resource(problem.address)?.block.comment, { _ in nil })
    }
    return Result(findings: findings, problems: [])
  }

  /// Runs every rule over `stack`; `origin` gives a problem's location, construct path and
  /// the suppression of a rule that covers it.
  private func findings(
    in stack: LintedStack,
    origin: (LintProblem) -> (location: SourceLocation?, path: String?, suppression: (String) -> Suppression?)
  ) -> [LintFinding] {
    var findings: [(order: Int, finding: LintFinding)] = []
    for (order, rule) in rules.enumerated() {
      let description = rule.description
      for problem in rule.problems(in: stack, settings: configuration.settings) {
        let (location, path, suppression) = origin(problem)
        findings.append(
          (
            order,
            LintFinding(
              rule: description, severity: configuration.severity(of: description), stack: stack.name,
              address: problem.address, path: path, message: problem.message, fix: problem.fix ?? description.fix,
              location: location, suppression: suppression(description.id))
          ))
      }
    }
    findings.sort { lhs, rhs in Self.sortKey(lhs.finding, lhs.order) < Self.sortKey(rhs.finding, rhs.order) }
    return findings.map(\.finding)
  }

  /// File, line, column, then the rule's place in the registry and the address.
  private static func sortKey(_ finding: LintFinding, _ order: Int) -> SortKey {
    SortKey(
      file: finding.location?.file ?? "\u{10FFFF}", line: finding.location?.line ?? 0,
      column: finding.location?.column ?? 0, order: order, address: finding.address)
  }

  private struct SortKey: Comparable {
    let file: String, line: Int, column: Int, order: Int, address: String
    static func < (lhs: SortKey, rhs: SortKey) -> Bool {
      (lhs.file, lhs.line, lhs.column, lhs.order, lhs.address) < (rhs.file, rhs.line, rhs.column, rhs.order, rhs.address)
    }
  }

  /// The nearest suppression of `ruleID` on `construct` or a construct above it.
  static func suppression(of ruleID: String, above construct: Construct) -> Suppression? {
    var current: Construct? = construct
    while let found = current {
      if let suppression = found.node.suppressions.first(where: { $0.ruleID == ruleID }) { return suppression }
      current = found.node.scope
    }
    return nil
  }

  /// Suppressions of rule ids that no lint rule has: a typo would otherwise suppress nothing,
  /// silently.
  private func unknownSuppressions(in stack: Stack) -> [Diagnostic] {
    let known = knownRuleIDs
    var problems: [Diagnostic] = []
    stack.node.forEachDescendant { construct in
      for suppression in construct.node.suppressions where !known.contains(suppression.ruleID) {
        let hint = Suggestion.closest(to: suppression.ruleID, among: known).map { "did you mean '\($0)'? " } ?? ""
        problems.append(
          .error(
            "unknown-suppressed-rule", "'\(construct.node.pathDescription)' suppresses '\(suppression.ruleID)', which is not a lint rule",
            fix: "\(hint)use the id of a rule listed by infra lint --list-rules", at: suppression.location,
            path: construct.node.pathDescription))
      }
    }
    return problems
  }
}
