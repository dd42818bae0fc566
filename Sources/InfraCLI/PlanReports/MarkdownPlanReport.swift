import Foundation
import CheckPlan

/// The report as a pull-request comment: the verdict, a table of counts, blocking findings
/// first, then warnings, allowed findings and allowance warnings, and every change folded away.
struct MarkdownPlanReport {
  let review: PlanReview

  var text: String {
    let summary = PlanSummary(review.plan)
    var lines = [
      "### infra check-plan: \(review.isBlocked ? "blocked" : "ok")",
      "",
      "| Action | Resources |",
      "| --- | ---: |",
    ]
    let rows: [(String, Int)] = [
      ("create", summary.count(.create)), ("update", summary.count(.update)),
      ("replace (create first)", summary.count(.replaceCreateFirst)),
      ("replace (destroy first)", summary.count(.replaceDestroyFirst)), ("delete", summary.count(.delete)),
      ("forget", summary.count(.forget)), ("move", summary.moved), ("import", summary.imported),
    ]
    for (label, count) in rows where count > 0 || ["create", "update", "delete"].contains(label) {
      lines.append("| \(label) | \(count) |")
    }
    section("Blocking", review.blocking, into: &lines)
    section("Warnings", review.warnings, into: &lines)
    section("Allowed", review.allowed, into: &lines)
    if !review.allowanceWarnings.isEmpty {
      lines += ["", "#### Allowances to review", ""]
      for warning in review.allowanceWarnings {
        let origin = warning.location?.description ?? warning.path ?? ""
        lines.append("- `\(origin)`: \(Self.escaped(warning.message)); \(Self.escaped(warning.fix ?? "")) (`\(warning.id)`)")
      }
    }
    let listed = summary.listedChanges
    if !listed.isEmpty {
      lines += [
        "", "<details><summary>\(listed.count.counted("change"))</summary>", "",
        "| Action | Address | Why |", "| --- | --- | --- |",
      ]
      for change in listed {
        let action = change.kind == .noOp ? "move" : change.kind.rawValue
        lines.append("| \(action) | `\(Self.cell(change.address))` | \(Self.cell(change.reason)) |")
      }
      lines += ["", "</details>"]
    }
    return lines.map { $0 + "\n" }.joined()
  }

  private func section(_ title: String, _ findings: [PlanReview.ReviewedFinding], into lines: inout [String]) {
    guard !findings.isEmpty else { return }
    lines += ["", "#### \(title)", ""]
    for reviewed in findings {
      var line = "- **\(reviewed.finding.rule.severity.rawValue)** (`\(reviewed.finding.rule.id)`): "
        + Self.escaped(reviewed.finding.message)
      if let allowance = reviewed.allowance {
        line += allowance.reason.map { " — approved: \(Self.escaped($0)) (`\(allowance.origin)`)" }
          ?? " — allowed by `\(allowance.origin)`"
      } else if let because = reviewed.finding.allowedBecause {
        line += " — allowed: \(Self.escaped(because))"
      } else {
        line += "; \(Self.escaped(reviewed.finding.fix))"
      }
      lines.append(line)
    }
  }

  /// Text from a plan or an approval, safe in a comment: no HTML.
  static func escaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }

  /// Text safe in a table cell.
  static func cell(_ text: String) -> String {
    escaped(text).replacingOccurrences(of: "|", with: "\\|")
  }
}
