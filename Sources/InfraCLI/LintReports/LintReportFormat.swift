import ArgumentParser

/// How `infra lint` writes its report.
enum LintReportFormat: String, ExpressibleByArgument, CaseIterable {
  /// Compiler-style lines, `file:line:col: error: message; fix [rule-id]`, and a summary.
  case text
  /// A stable, documented schema for scripts (`infra-lint/1`).
  case json
  /// SARIF 2.1.0, for code scanning.
  case sarif

  /// The whole report, ending with a newline.
  func render(_ report: LintReport) -> String {
    switch self {
    case .text: TextLintReport(report: report).text
    case .json: JSONLintReport(report: report).text
    case .sarif: SARIFLintReport(report: report).text
    }
  }
}
