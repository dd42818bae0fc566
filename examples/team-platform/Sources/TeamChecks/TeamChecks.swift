import CheckPlan
import InfraLint

/// The payments team's lint rules and plan checks, run beside infra's by `team-infra`.
public enum TeamChecks {
  public static let lintRules: [any LintRule.Type] = LintRules.all + [BurstableProductionNodesRule.self]
  public static let planChecks: [any PlanCheck.Type] = PlanChecks.all + [DatabaseDownsizedCheck.self]
}
