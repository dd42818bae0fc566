import InfraCore
import InfraKit
import InfraYAML

extension StackSchema {
  static let backupKeys = ["copyTo", "schedule", "retentionDays", "copyRetentionDays", "suppress"]

  /// `backup:` — AWS Backup of every database of the stack, its tenants' included, copied to a
  /// second region when `copyTo` names one.
  func readBackup(_ node: YAMLNode, _ context: StackContext) {
    guard let fields = Fields(node, "the backup", keys: Self.backupKeys, problems: problems) else { return }
    let copyRegion = fields["copyTo"].flatMap { region($0, fields) }
    let schedule = fields.string("schedule")
    let retention = fields.int("retentionDays", in: 1...36500)
    let copyRetention = fields.int("copyRetentionDays", in: 1...36500)
    let suppressions = readSuppressions(fields)
    if let copyRegion, copyRegion == context.region {
      fields.error(
        .invalidValue, "copies into \(copyRegion), the stack's own region", fix: "copy into a second region, such as eu-central-1",
        at: fields["copyTo"])
      return
    }
    guard problems.isEmpty else { return }
    let location = node.location
    let copyTo = copyRegion.map {
      AWSProvider(
        region: $0, alias: Self.providerAlias(of: $0), file: location.file, line: location.line, column: location.column)
    }
    let plan = BackupPlan(
      "databases", environment: context.environment, resources: context.databases.compactMap { $0.instance?.arn },
      schedule: schedule ?? "cron(0 3 * * ? *)", retentionDays: retention, copyTo: copyTo, copyRetentionDays: copyRetention,
      file: location.file, line: location.line, column: location.column)
    plan.suppress(suppressions)
  }

  /// The alias of the provider configuration for a second region: `eu_central_1`.
  static func providerAlias(of region: Region) -> String {
    String(region.code.map { $0 == "-" ? "_" : $0 })
  }
}
