import InfraCore
import Terraform

/// In production, load balancers write access logs.
public enum LoadBalancerAccessLogsRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "lb-access-logs", title: "Load balancer access logs in production", severity: .error,
    rationale: """
      Access logs are the only record of each request a load balancer took: client address, \
      path, status, latency and target. Without them, an incident or an abuse report cannot \
      be traced to its requests.
      """,
    fix: "add access_logs { bucket = a log bucket, enabled = true }")

  public static let resourceTypes: Set<String> = ["aws_lb"]
  public static let productionOnly = true

  public static func problems(with lb: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    let enabled = lb.body.blocks("access_logs").contains { $0["bucket"] != nil && $0.bool("enabled") != false }
    return enabled ? [] : ["\(lb.address) keeps no access logs"]
  }

  public static let examples: [LintExample] = [
    .passing {
      let logs = Resource("logs", type: "aws_s3_bucket", ["bucket_prefix": "web-logs-"])
      Resource("web", type: "aws_lb", Body(["access_logs": .block(["bucket": logs["id"], "enabled": true])]))
    },
    .passing(environment: .development) {
      Resource("web", type: "aws_lb", ["internal": false])
    },
    .failing(["aws_lb.web keeps no access logs"]) {
      Resource("web", type: "aws_lb", ["internal": false])
    },
  ]
}
