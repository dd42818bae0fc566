import InfraCore
import Terraform

/// Pods cannot reach their node's instance metadata service.
public enum LaunchTemplateIMDSHopLimitRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "imds-hop-limit", title: "Pods cannot reach the node's instance metadata", severity: .warning,
    rationale: """
      A pod's requests to 169.254.169.254 cross one more network hop than the node's own. With a \
      hop limit above 1, every pod on the node reaches the instance metadata service and takes \
      the node role's credentials: whatever the node may do in AWS, any container may do, \
      whatever identity it was meant to have.
      """,
    fix: """
      set metadata_options { http_put_response_hop_limit = 1 } and give pods identities of their \
      own through EKS Pod Identity or IRSA; where a pod truly needs the node's metadata, suppress \
      this warning for that pool and say why
      """)

  public static let resourceTypes: Set<String> = ["aws_launch_template", "aws_instance"]

  public static func problems(with resource: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    guard let options = resource.body.blocks("metadata_options").first, options["http_endpoint"]?.stringValue != "disabled",
      let limit = options.int("http_put_response_hop_limit"), limit > 1
    else { return [] }
    return ["\(resource.address) lets pods reach the instance metadata service (http_put_response_hop_limit is \(limit)), and with it the node role's credentials"]
  }

  public static let examples: [LintExample] = [
    .passing {
      Resource("nodes", type: "aws_launch_template", Body(["metadata_options": .block(["http_tokens": "required", "http_put_response_hop_limit": 1])]))
    },
    .passing {
      Resource("nodes", type: "aws_launch_template", Body(["metadata_options": .block(["http_endpoint": "disabled", "http_put_response_hop_limit": 2])]))
    },
    .failing(["aws_launch_template.nodes lets pods reach the instance metadata service (http_put_response_hop_limit is 2), and with it the node role's credentials"]) {
      Resource("nodes", type: "aws_launch_template", Body(["metadata_options": .block(["http_tokens": "required", "http_put_response_hop_limit": 2])]))
    },
  ]
}
