/// A check over a Terraform plan: what it is (its description, which names its page
/// `docs/rules/<id>.md`), the real plans it passes and fails (run by the test suite and shown on
/// its page), and the findings it makes.
public protocol PlanCheck: Sendable {
  static var description: RuleDescription { get }
  /// Real plans the check passes and fails, with its exact findings; the test suite runs each.
  static var examples: [PlanCheckExample] { get }
  /// What the check finds in `plan`.
  static func findings(in plan: TerraformPlan, settings: PlanCheckSettings) -> [PlanFinding]
}

/// A check that judges each change of a plan on its own.
public protocol ChangeCheck: PlanCheck {
  /// What is wrong with `change`, or nil when nothing is.
  static func problem(with change: ResourceChange) -> String?
}

extension ChangeCheck {
  public static func findings(in plan: TerraformPlan, settings: PlanCheckSettings) -> [PlanFinding] {
    plan.changes.compactMap { change in
      guard change.isManaged, let message = problem(with: change) else { return nil }
      return PlanFinding(rule: description, change: change, message: message)
    }
  }
}
