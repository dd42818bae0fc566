import InfraCore
import Terraform

/// Databases get no public address.
public enum DatabaseNotPubliclyAccessibleRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "rds-not-publicly-accessible", title: "Databases are not publicly accessible", severity: .error,
    rationale: """
      A publicly accessible database gets an address on the internet; only its security group \
      stands between it and every password-guessing bot. Applications reach it from inside the \
      VPC.
      """,
    fix: "set publicly_accessible = false and connect from inside the VPC (or through a bastion or VPN)")

  public static let resourceTypes: Set<String> = ["aws_db_instance", "aws_rds_cluster_instance"]

  public static func problems(with database: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    database.bool("publicly_accessible") == true ? ["\(database.address) is publicly accessible"] : []
  }

  public static let examples: [LintExample] = [
    .passing {
      Resource("orders", type: "aws_db_instance", ["publicly_accessible": false])
    },
    .failing(["aws_db_instance.orders is publicly accessible"]) {
      Resource("orders", type: "aws_db_instance", ["publicly_accessible": true])
    },
  ]
}
