import CheckPlan
import InfraLint

/// The lint rules and plan checks the running command uses: infra's own, or those a team's
/// executable gave ``Infra/run(_:stacks:rules:checks:)``.
struct RuleCatalog: Sendable {
  let lintRules: [any LintRule.Type]
  let planChecks: [any PlanCheck.Type]

  @TaskLocal static var current = RuleCatalog(lintRules: LintRules.all, planChecks: PlanChecks.all)

  /// Rule and check ids given more than once: a team rule named like one of infra's would make
  /// findings, suppressions and `.infra-lint.yaml` ambiguous.
  var duplicateIDs: [String] {
    var seen: Set<String> = []
    var duplicates: [String] = []
    for id in lintRules.map({ $0.description.id }) + planChecks.map({ $0.description.id }) where !seen.insert(id).inserted {
      duplicates.append(id)
    }
    return duplicates
  }
}
