import InfraCore
import Terraform

/// Automated backups are kept at least a week.
public enum DatabaseBackupRetentionRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "rds-backup-retention", title: "Automated backups kept at least 7 days", severity: .error,
    rationale: """
      Corruption and bad migrations are often noticed days later. With one day of backups \
      (the default) or none, the point before the damage is gone by the time anyone looks.
      """,
    fix: "set backup_retention_period to 7 or more (14 in production)")

  public static let resourceTypes: Set<String> = ["aws_db_instance", "aws_rds_cluster"]
  static let minimumDays = 7

  public static func problems(with database: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    guard database.body["backup_retention_period"] == nil || (database.int("backup_retention_period") ?? minimumDays) < minimumDays
    else { return [] }
    let days = database.int("backup_retention_period").map { "\($0) days" } ?? "1 day, the default"
    return ["\(database.address) keeps automated backups \(days); keep them at least \(minimumDays)"]
  }

  public static let examples: [LintExample] = [
    .passing {
      Resource("orders", type: "aws_db_instance", ["backup_retention_period": 14])
    },
    .failing(["aws_db_instance.orders keeps automated backups 1 day, the default; keep them at least 7"]) {
      Resource("orders", type: "aws_db_instance", ["engine": "postgres"])
    },
    .failing(["aws_db_instance.orders keeps automated backups 0 days; keep them at least 7"]) {
      Resource("orders", type: "aws_db_instance", ["backup_retention_period": 0])
    },
  ]
}
