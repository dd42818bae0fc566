import InfraLint

/// The report for a terminal, an editor or a pre-commit hook: one compiler-style line per
/// finding that is not suppressed, then the counts.
struct TextLintReport {
  let report: LintReport

  var text: String {
    (report.reported.map(\.diagnostic.description) + [summary]).map { $0 + "\n" }.joined()
  }

  /// `lint: 2 errors, 1 warning, 0 notes, 3 suppressed in 2 stacks`.
  var summary: String {
    let counts = [
      report.count(.error).counted("error"), report.count(.warning).counted("warning"),
      report.count(.note).counted("note"),
    ]
    return "lint: \(counts.joined(separator: ", ")), \(report.suppressed.count) suppressed in \(report.stackCount.counted("stack"))"
  }
}
