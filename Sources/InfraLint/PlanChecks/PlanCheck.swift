import InfraCore

/// A check over one resource change of a Terraform plan.
public protocol PlanCheck: Sendable {
  static var description: RuleDescription { get }
  /// What is wrong with `change`, or nil when nothing is.
  static func problem(with change: ResourceChange) -> String?
}

/// A check that fired on one change of a plan.
public struct PlanFinding: Sendable, Hashable {
  public let rule: RuleDescription
  public let address: String
  public let message: String
}

/// Every plan check infra runs, in the order findings are reported.
public enum PlanChecks {
  public static let all: [any PlanCheck.Type] = [
    StatefulResourceDestroyedCheck.self,
    CapacityReplacedDestroyFirstCheck.self,
  ]

  /// The findings of every check on every change, dangerous ones first.
  public static func run(on plan: TerraformPlan) -> [PlanFinding] {
    var findings: [PlanFinding] = []
    for check in all {
      for change in plan.changes where change.isManaged {
        if let message = check.problem(with: change) {
          findings.append(PlanFinding(rule: check.description, address: change.address, message: message))
        }
      }
    }
    return findings
  }
}
