import InfraCore
import Terraform

/// Instances require IMDSv2 session tokens.
public enum LaunchTemplateIMDSv2Rule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "imdsv2-required", title: "IMDSv2 is required", severity: .error,
    rationale: """
      With IMDSv1 allowed, one server-side request forgery in any pod or process reads the \
      instance role's credentials from 169.254.169.254. IMDSv2's session tokens take a PUT that \
      such requests cannot make.
      """,
    fix: "set metadata_options { http_tokens = \"required\" }")

  public static let resourceTypes: Set<String> = ["aws_launch_template", "aws_instance"]

  public static func problems(with resource: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    let options = resource.body.blocks("metadata_options").first
    if options?["http_endpoint"]?.stringValue == "disabled" { return [] }
    let tokens = options?["http_tokens"]?.stringValue
    guard tokens != "required" else { return [] }
    return ["\(resource.address) allows IMDSv1 (http_tokens is \(tokens.map { "\"\($0)\"" } ?? "not set"))"]
  }

  public static let examples: [LintExample] = [
    .passing {
      Resource("nodes", type: "aws_launch_template", Body(["metadata_options": .block(["http_tokens": "required"])]))
    },
    .failing(["aws_launch_template.nodes allows IMDSv1 (http_tokens is not set)"]) {
      Resource("nodes", type: "aws_launch_template", ["name_prefix": "nodes-"])
    },
    .failing(["aws_launch_template.nodes allows IMDSv1 (http_tokens is \"optional\")"]) {
      Resource("nodes", type: "aws_launch_template", Body(["metadata_options": .block(["http_tokens": "optional"])]))
    },
  ]
}
