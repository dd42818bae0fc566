import InfraCore
import Terraform

/// A database's master password is managed by Secrets Manager, never written in the configuration.
public enum DatabasePasswordRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "rds-no-plaintext-password", title: "No database password in the configuration", severity: .error,
    rationale: """
      A password written in a stack is in Git, in every synthesized file and in Terraform's \
      state, readable by everyone who can read any of them, and it never rotates. RDS can keep \
      the master password in Secrets Manager itself, rotated, out of the configuration and the \
      state.
      """,
    fix: "remove the password and set manage_master_user_password = true")

  public static let resourceTypes: Set<String> = ["aws_db_instance", "aws_rds_cluster"]

  public static func problems(with database: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    ["password", "master_password"].compactMap { name in
      switch database.body[name] {
      case nil: nil
      case .string?: "\(database.address) has its \(name) in plain text in the configuration"
      default: "\(database.address) sets \(name), which Terraform keeps in plain text in its state"
      }
    }
  }

  public static let examples: [LintExample] = [
    .passing {
      Resource("orders", type: "aws_db_instance", ["username": "app_admin", "manage_master_user_password": true])
    },
    .failing(["aws_db_instance.orders has its password in plain text in the configuration"]) {
      Resource("orders", type: "aws_db_instance", ["username": "app_admin", "password": "hunter2hunter2"])
    },
    .failing(["aws_db_instance.orders sets password, which Terraform keeps in plain text in its state"]) {
      let password = Variable("orders-password", type: "string", sensitive: true)
      Resource("orders", type: "aws_db_instance", ["username": "app_admin", "password": password.value])
    },
  ]
}
