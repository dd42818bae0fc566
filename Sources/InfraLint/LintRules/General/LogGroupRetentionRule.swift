import InfraCore
import Terraform

/// Log groups expire their events.
public enum LogGroupRetentionRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "log-group-retention", title: "Log groups have a retention", severity: .warning,
    rationale: """
      A CloudWatch log group without a retention keeps every event forever, and its storage \
      bill grows every month; flow logs and control-plane logs grow fastest. A retention \
      states how long the team needs them.
      """,
    fix: "set retention_in_days (for example 90, or 365 for audit and flow logs in production)")

  public static let resourceTypes: Set<String> = ["aws_cloudwatch_log_group"]

  public static func problems(with group: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    let days = group.int("retention_in_days")
    guard group.body["retention_in_days"] == nil || days == 0 else { return [] }
    return ["\(group.address) keeps its events forever (retention_in_days is not set)"]
  }

  public static let examples: [LintExample] = [
    .passing {
      Resource("logs", type: "aws_cloudwatch_log_group", ["name_prefix": "/app/", "retention_in_days": 90])
    },
    .failing(["aws_cloudwatch_log_group.logs keeps its events forever (retention_in_days is not set)"]) {
      Resource("logs", type: "aws_cloudwatch_log_group", ["name_prefix": "/app/"])
    },
  ]
}
