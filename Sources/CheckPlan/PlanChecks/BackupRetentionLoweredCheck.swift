import JSON

/// Fewer days of automated backups, though still some.
public enum BackupRetentionLoweredCheck: ChangeCheck {
  public static let description = RuleDescription(
    id: "backup-retention-lowered",
    title: "Backups are kept for fewer days",
    severity: .warning,
    rationale: """
      A shorter backup retention deletes the older automated backups at the next backup window: \
      a restore to a point before the new limit becomes impossible. Backups still exist, so this \
      warns rather than blocks; setting the retention to 0, which stops automated backups, blocks \
      (protection-switched-off).
      """,
    fix: """
      check that the shorter retention still covers how far back you must be able to restore \
      (compliance, the time it takes to notice corruption); keep the old value otherwise
      """)

  public static let examples: [PlanCheckExample] = [
    .failing(
      "rds-retention-lowered",
      [
        "aws_db_instance.orders keeps backups for fewer days: `backup_retention_period` 14 to 7 days"
      ]),
    .passing("rds-update-in-place"),
  ]

  public static func problem(with change: ResourceChange) -> String? {
    guard let before = change.before, let after = change.after else { return nil }
    var lowered: [String] = []
    for attribute in ProtectionSwitchedOffCheck.retentionAttributes {
      if let old = before[attribute]?.number, let new = after[attribute]?.number, new > 0, new < old {
        lowered.append("`\(attribute)` \(JSON.number(old).shortText) to \(JSON.number(new).shortText) days")
      }
    }
    guard !lowered.isEmpty else { return nil }
    return "\(change.address) keeps backups for fewer days: \(Prose.list(lowered))"
  }
}
