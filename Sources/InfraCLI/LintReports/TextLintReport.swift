import InfraLint
import StackFiles

/// The report for a terminal, an editor or a pre-commit hook: one compiler-style line per
/// finding that is not suppressed, then the counts. A finding in a base that several stack files
/// extend is one line, naming them; the counts count it for each.
struct TextLintReport {
  let report: LintReport

  var text: String {
    var byStack: [(stack: (name: String, file: String), diagnostics: [Diagnostic])] = []
    for finding in report.reported {
      if byStack.last?.stack.name != finding.stack {
        byStack.append(((finding.stack, report.stackFiles[finding.stack] ?? ""), []))
      }
      byStack[byStack.count - 1].diagnostics.append(finding.diagnostic)
    }
    return (StackFiles.reportedOnce(byStack).map(\.description) + [summary]).map { $0 + "\n" }.joined()
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
