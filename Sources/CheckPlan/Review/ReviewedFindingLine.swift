extension PlanReview.ReviewedFinding {
  /// The finding as `infra check-plan` prints it: `error: what is wrong; how to fix it [id]`, or
  /// `allowed: what happens [id]; why it is allowed`.
  public var line: String {
    let id = finding.rule.id
    guard isAllowed else { return "\(finding.rule.severity.rawValue): \(finding.message); \(finding.fix) [\(id)]" }
    let why = allowance.map(\.approval) ?? finding.allowedBecause ?? ""
    return "allowed: \(finding.message) [\(id)]; \(why)"
  }
}

extension Allowance {
  /// `approved: REASON (approvals.json:3:5)`, `allowed by --allow ADDRESS`.
  public var approval: String {
    switch source {
    case .commandLine(let text): "allowed by --allow \(text)"
    case .file(let location): "approved: \(reason ?? "") (\(location))"
    }
  }
}
