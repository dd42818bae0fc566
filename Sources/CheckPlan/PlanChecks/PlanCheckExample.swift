/// A real plan a check passes or fails, with exactly what the check reports on it. The test suite
/// runs every example of every check (CheckPlanTests), and `docs/rules/<id>.md` shows each one on
/// which the check reports something.
///
/// Plans are made by Terraform, never by hand: `plan` names `<plan>.plan.json` among the fixtures
/// `script/make-plan-fixtures` makes (infra's own are `Tests/CheckPlanTests/Fixtures/plans/`, made
/// from `script/plan-fixtures/<plan>/`; a team's package keeps its own).
public struct PlanCheckExample: Sendable {
  /// The fixture's name: `rds-replace` for `rds-replace.plan.json`.
  public let plan: String
  /// The message of each finding, in the order reported (blocking, warnings, allowed).
  public let findings: [String]
  /// Whether the plan goes through: nothing reported, or only changes the check allows itself.
  public let passes: Bool
  /// Where the example is written, so a failing test points at it.
  public let file: String
  public let line: Int

  /// A plan the check lets through: it finds nothing, or only changes it allows itself, with
  /// these messages.
  public static func passing(_ plan: String, allowed: [String] = [], file: String = #filePath, line: Int = #line) -> Self {
    PlanCheckExample(plan: plan, findings: allowed, passes: true, file: file, line: line)
  }

  /// A plan on which the check reports findings with these messages.
  public static func failing(_ plan: String, _ findings: [String], file: String = #filePath, line: Int = #line) -> Self {
    PlanCheckExample(plan: plan, findings: findings, passes: false, file: file, line: line)
  }

  /// What `check` alone finds in `plan`, with the default settings and no allowances: blocking
  /// findings, then warnings, then those the check allows itself.
  public static func review(of check: any PlanCheck.Type, on plan: TerraformPlan) -> [PlanReview.ReviewedFinding] {
    let findings = check.findings(in: plan, settings: PlanCheckSettings())
    let review = PlanReview(plan: plan, findings: findings, allowances: [], today: CalendarDate(year: 2000, month: 1, day: 1)!)
    return review.blocking + review.warnings + review.allowed
  }
}
