import InfraCore
import Terraform

/// Databases encrypt their storage.
public enum DatabaseEncryptedRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "rds-storage-encrypted", title: "Databases are encrypted at rest", severity: .error,
    rationale: """
      Unencrypted storage leaves the data readable in every snapshot and copy of it, and RDS \
      cannot encrypt an existing instance in place: turning it on later means a snapshot, an \
      encrypted copy and a restore, with downtime.
      """,
    fix: "set storage_encrypted = true, with kms_key_id = a key of your own")

  public static let resourceTypes: Set<String> = ["aws_db_instance", "aws_rds_cluster"]

  public static func problems(with database: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    database.bool("storage_encrypted") == true ? [] : ["\(database.address) stores its data unencrypted (storage_encrypted is not true)"]
  }

  public static let examples: [LintExample] = [
    .passing {
      let key = Resource("key", type: "aws_kms_key", ["enable_key_rotation": true])
      Resource("orders", type: "aws_db_instance", ["storage_encrypted": true, "kms_key_id": key["arn"]])
    },
    .failing(["aws_db_instance.orders stores its data unencrypted (storage_encrypted is not true)"]) {
      Resource("orders", type: "aws_db_instance", ["engine": "postgres"])
    },
  ]
}
