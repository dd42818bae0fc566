import JSON

/// Deletion protection turned off, the final snapshot skipped, automated backups stopped.
public enum ProtectionSwitchedOffCheck: ChangeCheck {
  public static let description = RuleDescription(
    id: "protection-switched-off",
    title: "A safeguard against losing data is switched off",
    severity: .error,
    rationale: """
      Turning off deletion protection, turning on skip_final_snapshot or force_destroy, or setting \
      backup retention to 0 changes nothing visible today: the plan shows a harmless update. But the \
      next delete or replacement of that resource then loses everything, with no snapshot, no \
      backup and nothing to stop it, and that delete may come from a later, innocent-looking \
      change. Each of these removes the last line of defence, so each blocks the plan. Lowering a \
      retention that stays above 0 only warns (backup-retention-lowered).
      """,
    fix: """
      keep the safeguard on; when the resource is really being retired, switch it off in a change \
      of its own and approve that change explicitly, naming why, then delete the resource in a later one
      """)

  public static let examples: [PlanCheckExample] = [
    .failing(
      "rds-protection-off",
      [
        "aws_db_instance.orders switches off its protection against data loss: `deletion_protection` true to false, `skip_final_snapshot` false to true and `backup_retention_period` 14 to 0"
      ]),
    .passing("rds-update-in-place"),
  ]

  /// A boolean attribute that guards the data of the resource, and the value that guards it.
  struct Safeguard {
    let attribute: String
    let protectiveValue: Bool
  }

  /// Attribute names that mean the same on every resource type that has them.
  static let safeguards: [Safeguard] = [
    Safeguard(attribute: "deletion_protection", protectiveValue: true),  // RDS, DocumentDB, Neptune, Timestream
    Safeguard(attribute: "deletion_protection_enabled", protectiveValue: true),  // DynamoDB
    Safeguard(attribute: "enable_deletion_protection", protectiveValue: true),  // load balancers
    Safeguard(attribute: "disable_api_termination", protectiveValue: true),  // EC2 instances
    Safeguard(attribute: "skip_final_snapshot", protectiveValue: false),  // RDS, Redshift, DocumentDB, Neptune
    Safeguard(attribute: "force_destroy", protectiveValue: false),  // S3 buckets, Route 53 zones
    Safeguard(attribute: "force_delete", protectiveValue: false),  // ECR repositories
  ]

  /// Retention attributes whose 0 means no automated backups at all.
  static let retentionAttributes = [
    "backup_retention_period",  // RDS instances and clusters, DocumentDB, Neptune
    "snapshot_retention_limit",  // ElastiCache
    "automated_snapshot_retention_period",  // Redshift
  ]

  public static func problem(with change: ResourceChange) -> String? {
    guard let before = change.before, let after = change.after else { return nil }
    var switchedOff: [String] = []
    for safeguard in safeguards {
      if before[safeguard.attribute]?.bool == safeguard.protectiveValue,
        after[safeguard.attribute]?.bool == !safeguard.protectiveValue
      {
        switchedOff.append("`\(safeguard.attribute)` \(safeguard.protectiveValue) to \(!safeguard.protectiveValue)")
      }
    }
    for attribute in retentionAttributes {
      if let old = before[attribute]?.number, old > 0, after[attribute]?.number == 0 {
        switchedOff.append("`\(attribute)` \(JSON.number(old).shortText) to 0")
      }
    }
    guard !switchedOff.isEmpty else { return nil }
    return "\(change.address) switches off its protection against data loss: \(Prose.list(switchedOff))"
  }
}
