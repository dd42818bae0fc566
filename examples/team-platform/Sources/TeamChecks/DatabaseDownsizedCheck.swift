import CheckPlan

/// The payments team's own plan check: a production database moved to a smaller instance class.
public enum DatabaseDownsizedCheck: ChangeCheck {
  public static let description = RuleDescription(
    id: "payments-database-downsized",
    title: "A production database moves to a smaller instance class",
    severity: .error,
    rationale: """
      RDS applies a new instance class by failing over to a resized standby: a minute without \
      writes, then less CPU and memory for the ledger. Sized down after a quiet month, a tenant \
      database meets the month-end peak with half the capacity it needed last time.
      """,
    fix: """
      keep the class until the capacity review has seen a peak on the smaller one, or approve \
      the change with the review's ticket
      """)

  /// Real plans of the team's own (plans/, made from plan-fixtures/ by script/make-plan-fixtures);
  /// CI runs team-infra check-plan on both.
  public static let examples: [PlanCheckExample] = [
    .failing(
      "tenant-database-downsized", ["aws_db_instance.tenant_acme shrinks from db.r6g.xlarge to db.r6g.large in production"]),
    .passing("tenant-database-upsized"),
  ]

  public static func problem(with change: ResourceChange) -> String? {
    guard change.type == "aws_db_instance", change.kind == .update || change.kind.isReplacement,
      let before = change.before?["instance_class"]?.string, let after = change.after?["instance_class"]?.string,
      let old = capacity(of: before), let new = capacity(of: after), new < old,
      (change.after?["tags"]?["Environment"]?.string ?? change.after?["tags_all"]?["Environment"]?.string) == "production"
    else { return nil }
    return "\(change.address) shrinks from \(before) to \(after) in production"
  }

  /// The size of `db.r6g.xlarge` in AWS's normalized units (small = 1, each size up doubles).
  static func capacity(of instanceClass: String) -> Double? {
    guard let size = instanceClass.split(separator: ".").last else { return nil }
    let named: [Substring: Double] = ["nano": 0.25, "micro": 0.5, "small": 1, "medium": 2, "large": 4, "xlarge": 8]
    if let units = named[size] { return units }
    guard size.hasSuffix("xlarge"), let multiple = Double(size.dropLast("xlarge".count)) else { return nil }
    return 8 * multiple
  }
}
