/// AWS Backup for the resources named: a vault encrypted with its own key, a daily plan with a
/// retention, a selection, and a copy of every recovery point into a vault in a second region,
/// so a region's loss is not the data's.
///
/// ```swift
/// let recovery = AWSProvider(region: .euCentral1, alias: "recovery")
/// BackupPlan("databases", resources: databases.map(\.arn), copyTo: recovery)
/// ```
public final class BackupPlan: PlatformConstruct {
  /// The vault recovery points are kept in; nil when the plan's settings were rejected.
  public private(set) var vault: AwsBackupVault?
  /// The vault in the second region that recovery points are copied to, when there is one.
  public private(set) var copyVault: AwsBackupVault?

  /// The ARN of the vault recovery points are kept in, for restore jobs and policies of your own.
  public var vaultArn: Value<String> { output(vault, "arn", type: "aws_backup_vault", id: "primary-vault") }

  /// - Parameters:
  ///   - resources: the ARNs to back up (database instances, clusters, volumes, buckets).
  ///   - schedule: when, as an AWS cron expression; daily at 03:00 UTC by default.
  ///   - retentionDays: how long recovery points are kept: 35 days in production, 14 otherwise,
  ///     by default.
  ///   - copyTo: the provider configuration (region) of the vault every recovery point is copied
  ///     to; nil copies nothing.
  ///   - copyRetentionDays: how long copies are kept; the same as `retentionDays` by default.
  ///   - provider: the provider configuration of the source vault; the stack's default when nil.
  @discardableResult
  public init(
    _ id: String, renamedFrom: String? = nil, resources: [Value<String>], schedule: String = "cron(0 3 * * ? *)",
    retentionDays: Int? = nil, copyTo: AWSProvider? = nil, copyRetentionDays: Int? = nil, provider: AWSProvider? = nil,
    in scope: Construct? = nil, file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    super.init(id, renamedFrom: renamedFrom, provider: provider, in: scope, file: file, line: line, column: column)
    let retention = retentionDays ?? (environment == .production ? 35 : 14)
    let copyRetention = copyRetentionDays ?? retention
    if resources.isEmpty {
      report("backup-nothing-selected", "backup plan '\(node.id)' names no resources", fix: "pass the ARNs of what to back up")
    }
    for days in [retention, copyRetention] where days < 1 {
      report("backup-retention", "backup plan '\(node.id)' keeps recovery points \(days) days", fix: "keep them 7 days or more")
    }
    if let copyTo, copyTo.region == region {
      report(
        "backup-copy-same-region", "backup plan '\(node.id)' copies into \(copyTo.region), the region it backs up",
        fix: "copy into a second region, through an aliased AWSProvider")
    }
    checkNames(
      [(.backupPlan, baseName), (.backupVault, "\(baseName)-primary")] + (copyTo == nil ? [] : [(.backupVault, "\(baseName)-copy")]))
    guard !hasProblems else { return }
    within {
      build(
        resources: resources, schedule: schedule, retention: retention, copyTo: copyTo, copyRetention: copyRetention)
    }
  }

  /// A vault with its own key, in the region of `provider`.
  private func vault(_ name: String, provider: Provider?) -> AwsBackupVault {
    let key = CustomerManagedKey(
      "\(name)-key", description: "Backups of \(baseName) (\(name))", tags: tags("\(name)-key"), provider: provider
    ).key
    let vault = AwsBackupVault("\(name)-vault", name: Value("\(baseName)-\(name)"), kmsKeyArn: key.arn, tags: tags(name))
    vault.provider = provider
    return vault
  }

  private func build(
    resources: [Value<String>], schedule: String, retention: Int, copyTo: AWSProvider?, copyRetention: Int
  ) {
    let vault = vault("primary", provider: providerConfiguration)
    self.vault = vault
    let copyVault = copyTo.map { self.vault("copy", provider: $0) }
    self.copyVault = copyVault

    let trust: Expr = [
      "Version": "2012-10-17",
      "Statement": [["Effect": "Allow", "Principal": ["Service": "backup.amazonaws.com"], "Action": "sts:AssumeRole"]],
    ]
    let role = placed(AwsIamRole("role", assumeRolePolicy: .jsonEncoded(trust), namePrefix: "backup-", tags: tags("role")))
    for policy in ["AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"] {
      placed(
        AwsIamRolePolicyAttachment(
          "role-\(policy)", policyArn: Value("arn:aws:iam::aws:policy/service-role/\(policy)"), role: role.name))
    }
    let plan = placed(
      AwsBackupPlan(
        "plan", name: Value(baseName),
        rule: [
          .init(
            ruleName: "daily", targetVaultName: vault.name,
            copyAction: copyVault.map { [.init(destinationVaultArn: $0.arn, lifecycle: .init(deleteAfter: Value(copyRetention)))] } ?? [],
            lifecycle: .init(deleteAfter: Value(retention)), schedule: Value(schedule))
        ],
        tags: tags("plan")))
    placed(
      AwsBackupSelection(
        "selection", iamRoleArn: role.arn, name: Value(String(baseName.prefix(50))), planId: plan.id,
        resources: Value(resources)))
  }
}
