import InfraCore
import Terraform

/// Node groups and launch templates are replaced create-before-destroy, under name prefixes.
public enum NodePoolCreateBeforeDestroyRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "node-pool-create-before-destroy",
    title: "Node pools and launch templates rotate create-before-destroy, with name prefixes", severity: .error,
    rationale: """
      Many changes to a node group (instance types, AMI type, subnets) replace it. Destroy-first, \
      every pod on the pool is evicted at once with nowhere to go until the new pool is up. \
      Create-before-destroy needs a name prefix: with a fixed name, the new pool collides with \
      the old and the apply fails.
      """,
    fix: "set lifecycle { create_before_destroy = true } and a name prefix (node_group_name_prefix, name_prefix) instead of a fixed name")

  public static let resourceTypes: Set<String> = ["aws_eks_node_group", "aws_launch_template"]

  public static func problems(with resource: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    var problems: [String] = []
    if resource.lifecycle.createBeforeDestroy != true {
      problems.append("\(resource.address) is replaced destroy-first (lifecycle create_before_destroy is not true)")
    }
    let fixedName = resource.type == "aws_eks_node_group" ? "node_group_name" : "name"
    if resource.body[fixedName] != nil {
      problems.append("\(resource.address) has a fixed \(fixedName); its replacement would collide with it")
    }
    return problems
  }

  public static let examples: [LintExample] = [
    .passing {
      let template = Resource("general-template", type: "aws_launch_template", ["name_prefix": "main-general-"])
      template.lifecycle.createBeforeDestroy = true
      let group = Resource(
        "general", type: "aws_eks_node_group",
        Body([
          "node_group_name_prefix": .argument("general-"),
          "launch_template": .block(["id": template["id"], "version": template["latest_version"]]),
        ]))
      group.lifecycle.createBeforeDestroy = true
    },
    .failing([
      "aws_eks_node_group.general is replaced destroy-first (lifecycle create_before_destroy is not true)",
      "aws_eks_node_group.general has a fixed node_group_name; its replacement would collide with it",
    ]) {
      Resource("general", type: "aws_eks_node_group", ["node_group_name": "general"])
    },
    .failing(["aws_launch_template.general has a fixed name; its replacement would collide with it"]) {
      let template = Resource("general", type: "aws_launch_template", ["name": "main-general"])
      template.lifecycle.createBeforeDestroy = true
    },
  ]
}
