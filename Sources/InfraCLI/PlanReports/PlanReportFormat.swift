import ArgumentParser
import CheckPlan

/// How `infra check-plan` writes its report.
enum PlanReportFormat: String, ExpressibleByArgument, CaseIterable {
  /// For people at a terminal.
  case text
  /// A stable, documented schema for scripts.
  case json
  /// SARIF 2.1.0, for code scanning.
  case sarif
  /// A pull-request comment.
  case markdown

  /// The whole report, ending with a newline; `rules` are the checks that ran.
  func render(_ review: PlanReview, planPath: String?, rules: [RuleDescription]) -> String {
    switch self {
    case .text: TextPlanReport(review: review).text
    case .json: JSONPlanReport(review: review).text
    case .sarif: SARIFPlanReport(review: review, planPath: planPath, rules: rules).text
    case .markdown: MarkdownPlanReport(review: review).text
    }
  }
}
