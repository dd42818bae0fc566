import InfraCore
import Terraform

/// Deleting a database leaves a final snapshot.
public enum DatabaseFinalSnapshotRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "rds-final-snapshot", title: "Databases leave a final snapshot", severity: .error,
    rationale: """
      Automated backups go with the instance. When a database is deleted, on purpose or not, \
      the final snapshot is the last copy of its data. Without final_snapshot_identifier, a \
      destroy either skips it or fails half-way.
      """,
    fix: "set skip_final_snapshot = false and final_snapshot_identifier = a fixed name")

  public static let resourceTypes: Set<String> = ["aws_db_instance", "aws_rds_cluster"]

  public static func problems(with database: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    if database.bool("skip_final_snapshot") == true {
      return ["\(database.address) skips its final snapshot when deleted"]
    }
    return database.body["final_snapshot_identifier"] == nil
      ? ["\(database.address) names no final_snapshot_identifier, so deleting it fails or loses the data"] : []
  }

  public static let examples: [LintExample] = [
    .passing {
      Resource("orders", type: "aws_db_instance", ["skip_final_snapshot": false, "final_snapshot_identifier": "orders-final"])
    },
    .failing(["aws_db_instance.orders skips its final snapshot when deleted"]) {
      Resource("orders", type: "aws_db_instance", ["skip_final_snapshot": true])
    },
    .failing(["aws_db_instance.orders names no final_snapshot_identifier, so deleting it fails or loses the data"]) {
      Resource("orders", type: "aws_db_instance", ["skip_final_snapshot": false])
    },
  ]
}
