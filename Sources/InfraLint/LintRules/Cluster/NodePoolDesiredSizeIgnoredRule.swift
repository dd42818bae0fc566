import InfraCore
import Terraform

/// Terraform leaves a node group's desired size to the autoscaler.
public enum NodePoolDesiredSizeIgnoredRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "node-pool-desired-size-ignored", title: "Terraform does not fight the autoscaler over desired size",
    severity: .warning,
    rationale: """
      The cluster autoscaler (or Karpenter) changes a node group's desired size all day. Unless \
      Terraform ignores it, every apply sets it back to the number in the configuration, \
      draining nodes that carry load or leaving pods pending.
      """,
    fix: "add lifecycle { ignore_changes = [scaling_config[0].desired_size] }")

  public static let resourceTypes: Set<String> = ["aws_eks_node_group"]

  public static func problems(with group: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    switch group.lifecycle.ignoreChanges {
    case .all?: return []
    case .attributes(let names)? where names.contains("scaling_config[0].desired_size") || names.contains("scaling_config"):
      return []
    default:
      return ["\(group.address) resets its desired size on every apply (ignore_changes does not name scaling_config[0].desired_size)"]
    }
  }

  public static let examples: [LintExample] = [
    .passing {
      let group = Resource("general", type: "aws_eks_node_group", Body(["scaling_config": .block(["desired_size": 3])]))
      group.lifecycle.ignoreChanges = .attributes(["scaling_config[0].desired_size"])
    },
    .failing(["aws_eks_node_group.general resets its desired size on every apply (ignore_changes does not name scaling_config[0].desired_size)"]) {
      Resource("general", type: "aws_eks_node_group", Body(["scaling_config": .block(["desired_size": 3])]))
    },
  ]
}
