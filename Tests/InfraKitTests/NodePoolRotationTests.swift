import InfraKit
import Testing

@Suite struct NodePoolRotationTests {
  private func synthesize(_ pool: @escaping () -> NodePool) throws -> (TerraformConfiguration, Cluster) {
    var cluster: Cluster!
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      cluster = Cluster("main", version: "1.31", network: network) { pool() }
    }
    return (try stack.synthesize().configuration, cluster)
  }

  private func errors(_ pools: @escaping () -> [NodePool]) -> [String] {
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      Cluster("main", version: "1.31", network: network) {
        for pool in pools() { pool }
      }
    }
    do {
      _ = try stack.synthesize()
      return []
    } catch {
      return error.diagnostics.map(\.description)
    }
  }

  private static func isNodeGroup(_ resource: ResourceBlock) -> Bool { resource.type == "aws_eks_node_group" }

  private static func rotating() -> NodePool {
    NodePool(
      "general", instanceTypes: ["m7i.large"], size: 3...9, generation: "green",
      retiring: .original(instanceTypes: ["m6i.large"]))
  }

  @Test func theRetiringGenerationKeepsItsNodeGroupTaintedBesideTheNewOne() throws {
    let (configuration, cluster) = try synthesize(Self.rotating)
    #expect(cluster.nodeGroups["general"]?.node.id == "pool-general-green")
    #expect(cluster.retiringNodeGroups["general"]?.node.id == "pool-general")
    #expect(resourceJSON(configuration, Self.isNodeGroup) == Self.rotationNodeGroups)
    let templates = configuration.resources.filter { $0.type == "aws_launch_template" }
    #expect(templates.map(\.name) == ["main_pool_general_green_template", "main_pool_general_template"])
    #expect(templates.map { $0.body["name_prefix"] } == ["platform-main-general-green-", "platform-main-general-"])
  }

  @Test func retiringChangesTheOriginalGenerationOnlyByItsTaintMinimumAndOrder() throws {
    let (before, _) = try synthesize { NodePool("general", instanceTypes: ["m6i.large"], size: 3...9) }
    let (during, _) = try synthesize(Self.rotating)
    let original = { (resource: ResourceBlock) in resource.name == "main_pool_general" || resource.name == "main_pool_general_template" }
    var retiring = try #require(during.resources.first { $0.name == "main_pool_general" })
    #expect(retiring.body.blocks("taint") == [["effect": "NO_SCHEDULE", "key": "infra.dev/retiring", "value": "true"]])
    #expect(retiring.meta.dependsOn.last == .resource(type: "aws_eks_node_group", name: "main_pool_general_green"))
    retiring.body.setBlocks("taint", [])
    retiring.body.setBlock("scaling_config", before.resources.first { $0.name == "main_pool_general" }?.body.blocks("scaling_config").first)
    retiring.meta.dependsOn.removeLast()
    let unchanged = TerraformConfiguration(resources: during.resources.filter(original).map { $0.name == retiring.name ? retiring : $0 })
    #expect(unchanged.json() == TerraformConfiguration(resources: before.resources.filter(original)).json())
  }

  @Test func droppingTheRetiringGenerationLeavesTheNewOneAsItWas() throws {
    let (during, _) = try synthesize(Self.rotating)
    let (after, cluster) = try synthesize { NodePool("general", instanceTypes: ["m7i.large"], size: 3...9, generation: "green") }
    let green = { (resource: ResourceBlock) in resource.name.hasPrefix("main_pool_general_green") }
    #expect(after.resources.filter { $0.name.hasPrefix("main_pool_") }.map(\.name) == [
      "main_pool_general_green_template", "main_pool_general_green",
    ])
    #expect(resourceJSON(after, green) == resourceJSON(during, green))
    #expect(cluster.retiringNodeGroups.isEmpty)
  }

  @Test func aNamedGenerationRetiresWithTheSettingsItGivesAndThePoolsOtherwise() throws {
    let (configuration, _) = try synthesize {
      NodePool(
        "gpu", instanceTypes: ["g6.xlarge"], size: 0...4, capacity: .spot, diskGiB: 100, accelerator: .nvidia, generation: "blue",
        retiring: .generation("green", instanceTypes: ["g5.xlarge"], diskGiB: 80))
    }
    let old = try #require(configuration.resources.first { $0.name == "main_pool_gpu_green" })
    #expect(old.body["instance_types"] == ["g5.xlarge"])
    #expect(old.body["capacity_type"] == "SPOT")
    #expect(old.body["ami_type"] == "AL2023_x86_64_NVIDIA")
    #expect(old.body["node_group_name_prefix"] == "gpu-green-")
    #expect(old.body.blocks("taint") == [
      ["effect": "NO_SCHEDULE", "key": "nvidia.com/gpu", "value": "true"],
      ["effect": "NO_SCHEDULE", "key": "infra.dev/retiring", "value": "true"],
    ])
    let template = try #require(configuration.resources.first { $0.name == "main_pool_gpu_green_template" })
    #expect(template.body.blocks("block_device_mappings").first?.blocks("ebs").first?["volume_size"] == 80)

  }

  @Test func generationsThatCannotCoexistAreLocatedErrors() {
    let line = #line + 3
    let found = errors {
      [
        NodePool("general", instanceTypes: ["m6i.large"], size: 3...9, retiring: .original(instanceTypes: ["m5.large"])),
        NodePool("memory", instanceTypes: ["r6i.large"], size: 0...3, generation: "blue", retiring: .generation("blue")),
        NodePool("batch", instanceTypes: ["c6i.large"], size: 0...3, generation: "Green_2", retiring: .generation("template")),
        NodePool("gpu", instanceTypes: ["g5.xlarge"], size: 0...3, accelerator: .nvidia, generation: "v2", retiring: .original(instanceTypes: ["m6i.large"])),
        NodePool("gpu-v2", instanceTypes: ["g5.xlarge"], size: 0...3, accelerator: .nvidia),
      ]
    }
    let file = "Tests/InfraKitTests/NodePoolRotationTests.swift"
    #expect(found == [
      "\(file):\(line):91: error: node pool 'general' retires its original generation but names no new one to take its pods; name the new generation, e.g. generation: \"green\", so it is created beside the one it replaces [duplicate-node-pool-generation]",
      "\(file):\(line + 1):112: error: node pool 'memory' retires generation 'blue', which is also its current generation; give the new generation a name of its own, e.g. generation: \"green\" [duplicate-node-pool-generation]",
      "\(file):\(line + 2):17: error: node pool 'batch' has a generation named 'Green_2'; it becomes part of the node group's name; use 1 to 16 lowercase letters, digits and hyphens, starting with a letter, other than 'template' (e.g. blue, green, v2) [node-pool-generation]",
      "\(file):\(line + 2):114: error: node pool 'batch' has a generation named 'template'; it becomes part of the node group's name; use 1 to 16 lowercase letters, digits and hyphens, starting with a letter, other than 'template' (e.g. blue, green, v2) [node-pool-generation]",
      "\(file):\(line + 3):127: error: the original generation of node pool 'gpu' is an NVIDIA GPU pool, but m6i.large has no NVIDIA GPU; give it the GPU instance types its nodes run, such as g5.xlarge [gpu-instance-type]",
      "\(file):\(line + 4):17: error: the original generation of node pool 'gpu-v2' would have the node group names of node pool 'gpu'; rename the generation or the pool [duplicate-node-pool]",
    ])
  }

  /// Phase one of rotating `general` from m6i to m7i: both node groups, as infra writes them.
  static let rotationNodeGroups = #"""
{
  "resource": {
    "aws_eks_node_group": {
      "main_pool_general": {
        "//": "platform/main/pool-general",
        "ami_type": "AL2023_x86_64_STANDARD",
        "capacity_type": "ON_DEMAND",
        "cluster_name": "${aws_eks_cluster.main_cluster.name}",
        "depends_on": [
          "aws_iam_role_policy_attachment.main_node_role_AmazonEKSWorkerNodePolicy",
          "aws_iam_role_policy_attachment.main_node_role_AmazonEC2ContainerRegistryPullOnly",
          "aws_eks_addon.main_addon_vpc_cni",
          "aws_eks_addon.main_addon_kube_proxy",
          "aws_eks_addon.main_addon_eks_pod_identity_agent",
          "aws_eks_node_group.main_pool_general_green"
        ],
        "instance_types": [
          "m6i.large"
        ],
        "launch_template": {
          "id": "${aws_launch_template.main_pool_general_template.id}",
          "version": "${aws_launch_template.main_pool_general_template.latest_version}"
        },
        "lifecycle": {
          "create_before_destroy": true,
          "ignore_changes": [
            "scaling_config[0].desired_size"
          ]
        },
        "node_group_name_prefix": "general-",
        "node_role_arn": "${aws_iam_role.main_node_role.arn}",
        "scaling_config": {
          "desired_size": 3,
          "max_size": 9,
          "min_size": 0
        },
        "subnet_ids": [
          "${aws_subnet.core_private_a.id}",
          "${aws_subnet.core_private_b.id}"
        ],
        "tags": {
          "Name": "platform-main-general"
        },
        "taint": [
          {
            "effect": "NO_SCHEDULE",
            "key": "infra.dev/retiring",
            "value": "true"
          }
        ],
        "update_config": {
          "max_unavailable": 1
        },
        "version": "${aws_eks_cluster.main_cluster.version}"
      },
      "main_pool_general_green": {
        "//": "platform/main/pool-general-green",
        "ami_type": "AL2023_x86_64_STANDARD",
        "capacity_type": "ON_DEMAND",
        "cluster_name": "${aws_eks_cluster.main_cluster.name}",
        "depends_on": [
          "aws_iam_role_policy_attachment.main_node_role_AmazonEKSWorkerNodePolicy",
          "aws_iam_role_policy_attachment.main_node_role_AmazonEC2ContainerRegistryPullOnly",
          "aws_eks_addon.main_addon_vpc_cni",
          "aws_eks_addon.main_addon_kube_proxy",
          "aws_eks_addon.main_addon_eks_pod_identity_agent"
        ],
        "instance_types": [
          "m7i.large"
        ],
        "launch_template": {
          "id": "${aws_launch_template.main_pool_general_green_template.id}",
          "version": "${aws_launch_template.main_pool_general_green_template.latest_version}"
        },
        "lifecycle": {
          "create_before_destroy": true,
          "ignore_changes": [
            "scaling_config[0].desired_size"
          ]
        },
        "node_group_name_prefix": "general-green-",
        "node_role_arn": "${aws_iam_role.main_node_role.arn}",
        "scaling_config": {
          "desired_size": 3,
          "max_size": 9,
          "min_size": 3
        },
        "subnet_ids": [
          "${aws_subnet.core_private_a.id}",
          "${aws_subnet.core_private_b.id}"
        ],
        "tags": {
          "Name": "platform-main-general-green",
          "infra:generation": "green"
        },
        "update_config": {
          "max_unavailable": 1
        },
        "version": "${aws_eks_cluster.main_cluster.version}"
      }
    }
  }
}

"""#
}
