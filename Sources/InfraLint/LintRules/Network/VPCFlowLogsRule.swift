import InfraCore
import Terraform

/// Every VPC records its traffic.
public enum VPCFlowLogsRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "vpc-flow-logs", title: "VPCs keep flow logs", severity: .warning,
    rationale: """
      Flow logs are the record of which addresses talked to which: what an incident responder \
      reads first to learn what a compromised node reached, and what shows a security group \
      that is too open. They cannot be turned on after the fact.
      """,
    fix: "add an aws_flow_log with vpc_id = the VPC, traffic_type = \"ALL\", to a log group with a retention")

  public static let resourceTypes: Set<String> = ["aws_vpc"]

  public static func problems(with vpc: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    stack.resources(ofType: "aws_flow_log", whose: "vpc_id", refersTo: vpc).isEmpty
      ? ["\(vpc.address) has no flow log"] : []
  }

  public static let examples: [LintExample] = [
    .passing {
      let vpc = Resource("vpc", type: "aws_vpc", ["cidr_block": "10.0.0.0/16"])
      let logs = Resource("flow-logs", type: "aws_cloudwatch_log_group", ["retention_in_days": 365])
      Resource(
        "flow-log", type: "aws_flow_log",
        ["vpc_id": vpc["id"], "traffic_type": "ALL", "log_destination": logs["arn"]])
    },
    .failing(["aws_vpc.vpc has no flow log"]) {
      Resource("vpc", type: "aws_vpc", ["cidr_block": "10.0.0.0/16"])
    },
  ]
}
