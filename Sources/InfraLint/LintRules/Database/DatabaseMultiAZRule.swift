import InfraCore
import Terraform

/// In production, a database has a standby in a second zone.
public enum DatabaseMultiAZRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "rds-multi-az", title: "Databases are multi-AZ in production", severity: .error,
    rationale: """
      A single-AZ instance is down for as long as its zone, its host or its storage is, and \
      restoring it loses the writes since the last backup. A multi-AZ standby takes over in a \
      minute or two with no data lost; maintenance also fails over instead of stopping.
      """,
    fix: "set multi_az = true")

  public static let resourceTypes: Set<String> = ["aws_db_instance"]
  public static let productionOnly = true

  public static func problems(with database: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    database.bool("multi_az") == true ? [] : ["\(database.address) has no standby in a second zone (multi_az is not true)"]
  }

  public static let examples: [LintExample] = [
    .passing {
      Resource("orders", type: "aws_db_instance", ["multi_az": true])
    },
    .passing(environment: .staging) {
      Resource("orders", type: "aws_db_instance", ["multi_az": false])
    },
    .failing(["aws_db_instance.orders has no standby in a second zone (multi_az is not true)"]) {
      Resource("orders", type: "aws_db_instance", ["multi_az": false])
    },
  ]
}
