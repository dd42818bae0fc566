import CheckPlan

/// The report for a terminal: the counts, the findings (blocking, warnings, allowed), what is
/// wrong with the allowances, every change that does something, the most dangerous first, and
/// the verdict.
struct TextPlanReport {
  let review: PlanReview

  var text: String {
    lines.map { $0 + "\n" }.joined()
  }

  var lines: [String] {
    let summary = PlanSummary(review.plan)
    var lines = [summary.line]
    lines += (review.blocking + review.warnings + review.allowed).map(\.line)
    lines += review.allowanceWarnings.map(\.description)
    let listed = summary.listedChanges
    if !listed.isEmpty {
      lines.append("")
      let labels = listed.map { $0.kind == .noOp ? "move" : $0.kind.rawValue }
      let labelWidth = labels.map(\.count).max() ?? 0
      let addressWidth = listed.map(\.address.count).max() ?? 0
      for (label, change) in zip(labels, listed) {
        lines.append(
          "  " + label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + "  "
            + change.address.padding(toLength: addressWidth, withPad: " ", startingAt: 0) + "  " + change.reason)
      }
    }
    lines.append("")
    lines.append(verdict)
    return lines
  }

  /// `check-plan: blocked by 1 error and 2 warnings; 1 allowed`, `check-plan: ok`.
  var verdict: String {
    let errors = review.blocking.count
    let warnings = review.warnings.count + review.allowanceWarnings.count
    let allowed = review.allowed.count
    var text = errors > 0
      ? "check-plan: blocked by \(errors.counted("error"))\(warnings > 0 ? " and \(warnings.counted("warning"))" : "")"
      : "check-plan: ok\(warnings > 0 ? " with \(warnings.counted("warning"))" : "")"
    if allowed > 0 { text += "; \(allowed) allowed" }
    return text
  }

}

extension Allowance {
  /// Where the allowance was given: `--allow ADDRESS`, `approvals.json:3:5`.
  var origin: String {
    switch source {
    case .commandLine(let text): "--allow \(text)"
    case .file(let location): location.description
    }
  }
}
