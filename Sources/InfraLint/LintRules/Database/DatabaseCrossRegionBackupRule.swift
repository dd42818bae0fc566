import InfraCore
import Terraform

/// In production, a database's backups are copied to a second region.
public enum DatabaseCrossRegionBackupRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "rds-cross-region-backup", title: "Database backups copied to a second region in production", severity: .error,
    rationale: """
      Automated backups and snapshots live in the database's region. A regional outage, a \
      compromised account deleting them, or a bad KMS key policy takes them along with the \
      database. A copy in a second region is what a disaster recovery plan restores from.
      """,
    fix: "select the database in an AWS Backup plan whose rule has a copy_action to a vault in another region, or (an RDS instance) add an aws_db_instance_automated_backups_replication")

  public static let resourceTypes: Set<String> = ["aws_db_instance", "aws_rds_cluster"]
  public static let productionOnly = true

  public static func problems(with database: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    let replicated = !stack.resources(
      ofType: "aws_db_instance_automated_backups_replication", whose: "source_db_instance_arn", refersTo: database
    ).isEmpty
    guard !replicated, !isCopiedByAWSBackup(database, in: stack) else { return [] }
    return ["\(database.address) has no backup copy in another region"]
  }

  /// Whether an AWS Backup selection takes `database` into a plan that copies to a vault in
  /// another region (or in a region lint cannot read).
  private static func isCopiedByAWSBackup(_ database: LintedResource, in stack: LintedStack) -> Bool {
    let region = stack.region(of: database)
    let selections = stack.resources(ofType: "aws_backup_selection", whose: "resources", refersTo: database)
    let plans = selections.flatMap { stack.referenced(by: $0.body["plan_id"]) }.filter { $0.type == "aws_backup_plan" }
    let vaults = plans.flatMap { plan in
      plan.body.blocks("rule").flatMap { rule in
        rule.blocks("copy_action").flatMap { stack.referenced(by: $0["destination_vault_arn"]) }
      }
    }
    return vaults.contains { vault in
      let vaultRegion = stack.region(of: vault)
      return vaultRegion == nil || region == nil || vaultRegion != region
    }
  }

  public static let examples: [LintExample] = [
    .passing {
      let recovery = Provider("aws", alias: "recovery", Body(["region": .argument("eu-central-1")]))
      let database = Resource("orders", type: "aws_db_instance", ["engine": "postgres"])
      let vault = Resource("primary", type: "aws_backup_vault", ["name": "orders"])
      let copy = Resource("copy", type: "aws_backup_vault", ["name": "orders-copy"])
      copy.provider = recovery
      let plan = Resource(
        "daily", type: "aws_backup_plan",
        Body([
          "name": .argument("daily"),
          "rule": .blocks([
            Body([
              "rule_name": .argument("daily"), "target_vault_name": .argument(vault["name"]),
              "copy_action": .blocks([["destination_vault_arn": copy["arn"]]]),
            ])
          ]),
        ]))
      Resource("orders-backup", type: "aws_backup_selection", ["plan_id": plan["id"], "resources": [database["arn"]]])
    },
    .passing {
      let database = Resource("orders", type: "aws_db_instance", ["engine": "postgres"])
      Resource("orders-copy", type: "aws_db_instance_automated_backups_replication", ["source_db_instance_arn": database["arn"]])
    },
    .passing(environment: .staging) {
      Resource("orders", type: "aws_db_instance", ["engine": "postgres"])
    },
    .failing(["aws_db_instance.orders has no backup copy in another region"]) {
      let database = Resource("orders", type: "aws_db_instance", ["engine": "postgres"])
      let vault = Resource("primary", type: "aws_backup_vault", ["name": "orders"])
      let plan = Resource(
        "daily", type: "aws_backup_plan",
        Body(["rule": .blocks([["rule_name": "daily", "target_vault_name": vault["name"]]])]))
      Resource("orders-backup", type: "aws_backup_selection", ["plan_id": plan["id"], "resources": [database["arn"]]])
    },
    .failing(["aws_rds_cluster.ledger has no backup copy in another region"]) {
      Resource("ledger", type: "aws_rds_cluster", ["engine": "aurora-postgresql"])
    },
  ]
}
