import InfraCore
import Terraform

/// Databases sit in isolated or private subnets of the stack's own VPC.
public enum DatabaseSubnetsRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "rds-private-subnets", title: "Databases in isolated or private subnets", severity: .error,
    rationale: """
      A database in a subnet routed to an internet gateway is one setting (publicly_accessible) \
      away from the internet. Without a subnet group, RDS puts it in the default VPC, whose \
      subnets are all public.
      """,
    fix: "give the database a db_subnet_group_name whose subnets are isolated (no route out) or private (out through NAT only)")

  public static let resourceTypes: Set<String> = ["aws_db_instance", "aws_rds_cluster"]

  public static func problems(with database: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    guard let groupName = database.body["db_subnet_group_name"] else {
      return ["\(database.address) has no db_subnet_group_name, so it lands in the default VPC's public subnets"]
    }
    let groups = stack.referenced(by: groupName).filter { $0.type == "aws_db_subnet_group" }
    let exposed = groups.flatMap { stack.network.subnets($0.body["subnet_ids"]) }.filter(stack.network.isPublic)
    guard !exposed.isEmpty else { return [] }
    return ["\(database.address) sits in public subnets: \(exposed.map(\.address).joined(separator: ", "))"]
  }

  public static let examples: [LintExample] = [
    .passing {
      let network = ExampleNetwork.make()
      let subnets = Resource("orders-subnets", type: "aws_db_subnet_group", ["subnet_ids": ExampleNetwork.ids(network.private)])
      Resource("orders", type: "aws_db_instance", ["db_subnet_group_name": subnets["name"]])
    },
    .failing(["aws_db_instance.orders sits in public subnets: aws_subnet.public_a, aws_subnet.public_b, aws_subnet.public_c"]) {
      let network = ExampleNetwork.make()
      let subnets = Resource("orders-subnets", type: "aws_db_subnet_group", ["subnet_ids": ExampleNetwork.ids(network.public)])
      Resource("orders", type: "aws_db_instance", ["db_subnet_group_name": subnets["name"]])
    },
    .failing(["aws_db_instance.orders has no db_subnet_group_name, so it lands in the default VPC's public subnets"]) {
      Resource("orders", type: "aws_db_instance", ["engine": "postgres"])
    },
  ]
}
