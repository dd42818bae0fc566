import InfraCore
import Terraform

/// Databases cannot be deleted by accident.
public enum DatabaseDeletionProtectionRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "rds-deletion-protection", title: "Databases have deletion protection", severity: .error,
    rationale: """
      A renamed resource, a removed block or a mistaken destroy deletes a database in one \
      apply. Deletion protection makes RDS refuse, so the data survives the mistake.
      """,
    fix: "set deletion_protection = true")

  public static let resourceTypes: Set<String> = ["aws_db_instance", "aws_rds_cluster"]

  public static func problems(with database: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    database.bool("deletion_protection") == true ? [] : ["\(database.address) can be deleted (deletion_protection is not true)"]
  }

  public static let examples: [LintExample] = [
    .passing {
      Resource("orders", type: "aws_db_instance", ["deletion_protection": true])
    },
    .failing(["aws_db_instance.orders can be deleted (deletion_protection is not true)"]) {
      Resource("orders", type: "aws_db_instance", ["deletion_protection": false])
    },
  ]
}
