import InfraCore
import Terraform

/// In production, a load balancer cannot be deleted by accident.
public enum LoadBalancerDeletionProtectionRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "lb-deletion-protection", title: "Load balancer deletion protection in production", severity: .error,
    rationale: """
      Deleting a production load balancer takes the service down, and its replacement gets a \
      new DNS name that every alias and CNAME must learn. Deletion protection makes a mistaken \
      destroy fail instead.
      """,
    fix: "set enable_deletion_protection = true")

  public static let resourceTypes: Set<String> = ["aws_lb"]
  public static let productionOnly = true

  public static func problems(with lb: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    lb.bool("enable_deletion_protection") == true ? [] : ["\(lb.address) can be deleted (enable_deletion_protection is not true)"]
  }

  public static let examples: [LintExample] = [
    .passing {
      Resource("web", type: "aws_lb", ["enable_deletion_protection": true])
    },
    .passing(environment: .staging) {
      Resource("web", type: "aws_lb", ["enable_deletion_protection": false])
    },
    .failing(["aws_lb.web can be deleted (enable_deletion_protection is not true)"]) {
      Resource("web", type: "aws_lb", ["enable_deletion_protection": false])
    },
  ]
}
