import InfraCore
import InfraKit
import InfraYAML

extension StackSchema {
  static let backupKeys = ["copyTo", "schedule", "retentionDays", "copyRetentionDays", "suppress", "renamedFrom"]

  /// `backup:` — AWS Backup of every database of the stack, its tenants' included, copied to a
  /// second region when `copyTo` names one.
  func readBackup(_ node: YAMLNode, _ context: StackContext) {
    guard let fields = Fields(node, "the backup", keys: Self.backupKeys, problems: problems) else { return }
    let copyRegion = fields["copyTo"].flatMap { secondRegion($0, fields, context, purpose: "copies") }
    let schedule = fields.string("schedule")
    let retention = fields.int("retentionDays", in: 1...36500)
    let copyRetention = fields.int("copyRetentionDays", in: 1...36500)
    let suppressions = readSuppressions(fields)
    guard problems.isEmpty else { return }
    // A part built on parts that were rejected is not created (as tenants on a rejected cluster
    // are not): their errors explain it, and a plan without them would report what is not wrong
    // ("names no resources").
    guard !context.backupTargets.contains(where: { $0.database.isRejected }) else { return }
    let location = node.location
    let copyTo = copyRegion.map { context.providers.provider(for: $0.region, at: $0.node.location) }
    let plan = BackupPlan(
      "databases", renamedFrom: fields.string("renamedFrom"), resources: context.backupTargets.map(\.arn),
      schedule: schedule ?? "cron(0 3 * * ? *)", retentionDays: retention, copyTo: copyTo, copyRetentionDays: copyRetention,
      file: location.file, line: location.line, column: location.column)
    plan.suppress(suppressions)
  }
}
