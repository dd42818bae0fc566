import InfraCore
import Terraform

/// Application load balancers drop requests with invalid header fields.
public enum LoadBalancerDropsInvalidHeadersRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "lb-drop-invalid-headers", title: "Application load balancers drop invalid headers", severity: .warning,
    rationale: """
      Headers that are not valid HTTP are how request smuggling and header injection reach \
      applications behind a proxy. An application load balancer passes them on unless told to \
      drop them.
      """,
    fix: "set drop_invalid_header_fields = true")

  public static let resourceTypes: Set<String> = ["aws_lb"]

  public static func problems(with lb: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    guard (lb.string("load_balancer_type") ?? "application") == "application" else { return [] }
    return lb.bool("drop_invalid_header_fields") == true ? [] : ["\(lb.address) passes invalid header fields on to its targets"]
  }

  public static let examples: [LintExample] = [
    .passing {
      Resource("web", type: "aws_lb", ["drop_invalid_header_fields": true])
    },
    .passing {
      Resource("tcp", type: "aws_lb", ["load_balancer_type": "network"])
    },
    .failing(["aws_lb.web passes invalid header fields on to its targets"]) {
      Resource("web", type: "aws_lb", ["load_balancer_type": "application"])
    },
  ]
}
