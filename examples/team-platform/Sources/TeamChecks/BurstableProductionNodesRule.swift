import InfraKit
import InfraLint

/// The payments team's own lint rule: production node pools run no burstable instance types.
public enum BurstableProductionNodesRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "payments-burstable-production-nodes",
    title: "Production node pools run no burstable instance types",
    severity: .error,
    rationale: """
      Burstable instances (t3, t3a, t4g) run at a fraction of a core and spend CPU credits above \
      it. At the payments peak (month end, Black Friday) the credits run out, card authorisations \
      slow to the baseline, and the card network times them out: declined payments.
      """,
    fix: "use a fixed-performance type in production (m6i, m7i, c6i, r6i); keep t3 for dev")

  public static let resourceTypes: Set<String> = ["aws_eks_node_group"]
  public static let productionOnly = true

  public static func problems(with group: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    let burstable = (group.body.strings("instance_types") ?? []).filter(isBurstable)
    guard !burstable.isEmpty else { return [] }
    return ["\(group.address) runs burstable \(burstable.joined(separator: ", ")) in production"]
  }

  /// `t3.large`, `t4g.medium`: the family is `t` and a generation number.
  static func isBurstable(_ instanceType: String) -> Bool {
    let family = instanceType.prefix { $0 != "." }
    return family.first == "t" && family.dropFirst().first?.isNumber == true
  }

  public static let examples: [LintExample] = [
    .passing {
      Resource("general", type: "aws_eks_node_group", ["instance_types": ["m6i.large", "m7i.large"]])
    },
    .passing(environment: .development) {
      Resource("general", type: "aws_eks_node_group", ["instance_types": ["t3.large"]])
    },
    .failing(["aws_eks_node_group.general runs burstable t3.large, t4g.large in production"]) {
      Resource("general", type: "aws_eks_node_group", ["instance_types": ["t3.large", "t4g.large", "m6i.large"]])
    },
  ]
}
