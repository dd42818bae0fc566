import InfraCore
import Terraform

/// Every AWS provider configuration tags what it creates with the tags the team requires.
public enum RequiredTagsRule: LintRule {
  public static let description = RuleDescription(
    id: "required-tags", title: "Required tags on everything", severity: .warning,
    rationale: """
      Cost reports, ownership lookups during an incident, and lint's own choice of production \
      rules all read tags. The provider's default_tags put them on every resource it creates, \
      so one place decides them; a resource without them belongs to nobody.
      """,
    fix: "add the tags to the provider's default_tags (Stack(_:environment:region:defaultTags:) in Swift)")

  public static func problems(in stack: LintedStack, settings: LintSettings) -> [LintProblem] {
    guard !settings.requiredTags.isEmpty else { return [] }
    return stack.providerConfigurations.filter { $0.name == "aws" }.compactMap { provider in
      let tags = LintedStack.defaultTags(of: provider) ?? [:]
      let missing = settings.requiredTags.filter { (tags[$0] ?? "").isEmpty }
      guard !missing.isEmpty else { return nil }
      let address = "provider.\(provider.reference)"
      let names = missing.map { "'\($0)'" }.joined(separator: ", ")
      return LintProblem(address: address, message: "\(address) does not tag what it creates with \(names) (default_tags)")
    }
  }

  public static let examples: [LintExample] = [
    .passing {
      Resource("vpc", type: "aws_vpc", ["cidr_block": "10.0.0.0/16"])
    },
    .failing(["provider.aws.recovery does not tag what it creates with 'Environment' (default_tags)"]) {
      let recovery = Provider("aws", alias: "recovery", Body(["region": .argument("eu-central-1")]))
      let vpc = Resource("vpc", type: "aws_vpc", ["cidr_block": "10.1.0.0/16"])
      vpc.provider = recovery
    },
  ]
}
