import Diagnostics

/// The verdict on a plan: its findings, which of them allowances cover, what is wrong with the
/// allowances themselves, and whether the plan is blocked.
public struct PlanReview: Sendable {
  public let plan: TerraformPlan
  /// Every finding, in the order the checks made them.
  public let findings: [ReviewedFinding]
  /// Allowances that expired or match nothing, as warnings.
  public let allowanceWarnings: [Diagnostic]

  /// A finding, and the allowance that covers it, if any.
  public struct ReviewedFinding: Sendable, Hashable {
    public let finding: PlanFinding
    public let allowance: Allowance?

    /// Allowed by an approval, `--allow`, or the check itself (``PlanFinding/allowedBecause``).
    public var isAllowed: Bool { allowance != nil || finding.allowedBecause != nil }
    /// An error nobody allowed: it blocks the plan.
    public var isBlocking: Bool { !isAllowed && finding.rule.severity == .error }
  }

  /// Reviews `findings` of `plan` against `allowances` on the day `today`.
  public init(plan: TerraformPlan, findings: [PlanFinding], allowances: [Allowance], today: CalendarDate) {
    self.plan = plan
    let current = allowances.filter { !$0.hasExpired(on: today) }
    self.findings = findings.map { finding in
      ReviewedFinding(finding: finding, allowance: current.first { $0.matches(finding) })
    }
    var warnings: [Diagnostic] = []
    for allowance in allowances {
      if let expires = allowance.expires, allowance.hasExpired(on: today) {
        warnings.append(
          Self.warning(
            "allowance-expired", "the approval of \(allowance.subject) expired on \(expires) and no longer applies",
            fix: "give it a new expiry date if the change is still intended, or remove it", for: allowance))
      } else if !findings.contains(where: allowance.matches) {
        warnings.append(
          Self.warning(
            "allowance-unused", "\(allowance.subject) is allowed, but no finding in this plan matches it",
            fix: "remove the allowance, or check the address and action against the plan", for: allowance))
      }
    }
    self.allowanceWarnings = warnings
  }

  public var isBlocked: Bool { findings.contains(where: \.isBlocking) }

  public var blocking: [ReviewedFinding] { findings.filter(\.isBlocking) }
  public var warnings: [ReviewedFinding] { findings.filter { !$0.isAllowed && $0.finding.rule.severity != .error } }
  public var allowed: [ReviewedFinding] { findings.filter(\.isAllowed) }

  private static func warning(_ id: String, _ message: String, fix: String, for allowance: Allowance) -> Diagnostic {
    switch allowance.source {
    case .commandLine(let text):
      Diagnostic(.warning, id: id, message: message, fix: fix, path: "--allow \(text)")
    case .file(let location):
      Diagnostic(.warning, id: id, message: message, fix: fix, location: location)
    }
  }
}
