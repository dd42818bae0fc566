import InfraCore
import Terraform

/// A GPU node group is tainted, labelled and runs a GPU AMI.
public enum GPUNodePoolRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "gpu-node-pool", title: "GPU pools are tainted, labelled and on a GPU AMI", severity: .error,
    rationale: """
      Without a taint, any pod lands on a GPU node and holds an expensive instance hostage; \
      without a label, GPU workloads cannot ask for GPU nodes; without a GPU AMI, the node has \
      no NVIDIA driver and the GPU is invisible to Kubernetes.
      """,
    fix: "add a taint (nvidia.com/gpu=true:NO_SCHEDULE), a label (accelerator = nvidia) and a GPU ami_type such as AL2023_x86_64_NVIDIA")

  public static let resourceTypes: Set<String> = ["aws_eks_node_group"]

  /// Instance families with NVIDIA GPUs.
  static let gpuFamilies: Set<String> = [
    "g4dn", "g5", "g5g", "g6", "g6e", "gr6", "p3", "p3dn", "p4d", "p4de", "p5", "p5e", "p5en", "p6-b200",
  ]

  public static func problems(with group: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    let types = group.body.strings("instance_types") ?? []
    let amiType = group.string("ami_type")
    let isGPU = types.contains { gpuFamilies.contains(String($0.prefix { $0 != "." })) } || amiType.map(isGPUAMI) == true
    guard isGPU else { return [] }
    var missing: [String] = []
    if group.body.blocks("taint").isEmpty { missing.append("a taint") }
    if group.body["labels"] == nil { missing.append("a label") }
    let templateSetsImage = stack.referenced(by: group.body.blocks("launch_template").first?["id"])
      .contains { $0.body["image_id"] != nil }
    if !templateSetsImage && !(amiType.map(isGPUAMI) ?? false) {
      missing.append("a GPU AMI (ami_type is \(amiType ?? "not set"))")
    }
    guard !missing.isEmpty else { return [] }
    return ["\(group.address) is a GPU pool without \(missing.joined(separator: ", "))"]
  }

  static func isGPUAMI(_ amiType: String) -> Bool {
    amiType.contains("NVIDIA") || amiType.contains("GPU") || amiType.contains("NEURON")
  }

  public static let examples: [LintExample] = [
    .passing {
      Resource(
        "gpu", type: "aws_eks_node_group",
        Body([
          "instance_types": .argument(["g5.xlarge"]), "ami_type": .argument("AL2023_x86_64_NVIDIA"),
          "labels": .argument(["accelerator": "nvidia"]),
          "taint": .blocks([["key": "nvidia.com/gpu", "value": "true", "effect": "NO_SCHEDULE"]]),
        ]))
    },
    .passing {
      Resource("general", type: "aws_eks_node_group", ["instance_types": ["m6i.large"]])
    },
    .failing(["aws_eks_node_group.gpu is a GPU pool without a taint, a label, a GPU AMI (ami_type is AL2023_x86_64_STANDARD)"]) {
      Resource("gpu", type: "aws_eks_node_group", ["instance_types": ["g5.xlarge"], "ami_type": "AL2023_x86_64_STANDARD"])
    },
  ]
}
