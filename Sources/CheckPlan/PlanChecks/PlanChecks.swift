/// Every plan check infra runs, in the order findings are reported.
public enum PlanChecks {
  public static let all: [any PlanCheck.Type] = [
    StatefulResourceDestroyedCheck.self,
    CapacityReplacedDestroyFirstCheck.self,
    NodePoolRetiredCheck.self,
    ProtectionSwitchedOffCheck.self,
    EKSVersionStepCheck.self,
    EKSUpgradeVersionSkewCheck.self,
    BackupRetentionLoweredCheck.self,
    SecurityGroupOpenToWorldCheck.self,
    StackOutputRemovedCheck.self,
    LargeBlastRadiusCheck.self,
  ]

  /// The descriptions of every check, in the order of `all`.
  public static var rules: [RuleDescription] { all.map { check in check.description } }

  /// The findings of `checks` (infra's own, or with a team's), in their order, each check's in
  /// the plan's order.
  public static func run(
    _ checks: [any PlanCheck.Type] = all, on plan: TerraformPlan, settings: PlanCheckSettings = PlanCheckSettings()
  ) -> [PlanFinding] {
    checks.flatMap { $0.findings(in: plan, settings: settings) }
  }
}
