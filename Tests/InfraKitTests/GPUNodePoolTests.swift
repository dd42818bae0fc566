import InfraKit
import Testing

/// Node pools for accelerated work: AMI types that fit the instance types, the volumes each AMI
/// needs, EFA with a cluster placement group in one zone, and reserved capacity.
@Suite struct GPUNodePoolTests {
  private static let volumeKey = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

  private func synthesize(_ pool: @escaping () -> NodePool) throws -> TerraformConfiguration {
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      Cluster("main", version: "1.31", network: network, volumeKeyArn: Self.volumeKey) { pool() }
    }
    return try stack.synthesize().configuration
  }

  private func errors(_ pools: @escaping () -> [NodePool]) -> [String] {
    synthesisErrors(
      Stack("platform", environment: .production, region: .euWest1) {
        let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
        Cluster("main", version: "1.31", network: network) {
          for pool in pools() { pool }
        }
      })
  }

  private func ref(_ type: String, _ name: String, _ attribute: String) -> Expr {
    .reference(.resource(type: type, name: name).attribute(attribute))
  }

  /// The JSON of the resource named `name`, alone, with only the arguments and blocks `keys`.
  private func json(_ configuration: TerraformConfiguration, _ name: String, only keys: Set<String>) -> String {
    let trimmed = configuration.resources.filter { $0.name == name }.map { resource in
      var resource = resource
      resource.body = Body(resource.body.entries.filter { keys.contains($0.key) })
      resource.comment = nil
      resource.meta = MetaArguments()
      return resource
    }
    let json = resourceJSON(TerraformConfiguration(resources: trimmed)) { _ in true }
    return json.hasSuffix("\n") ? String(json.dropLast()) : json
  }

  /// What a launch template says about its nodes' volumes, network and capacity.
  private static let volumes: Set<String> = ["block_device_mappings"]
  private static let network: Set<String> = ["network_interfaces", "placement"]
  private static let capacity: Set<String> = ["capacity_reservation_specification", "instance_market_options", "instance_type"]

  private func resource(_ configuration: TerraformConfiguration, _ type: String, _ name: String) throws -> ResourceBlock {
    try #require(configuration.resources.first { $0.type == type && $0.name == name })
  }

  // MARK: - AMI types and volumes

  @Test func amazonLinuxGetsThePoolsDiskAsItsRootVolume() throws {
    let configuration = try synthesize { NodePool("general", instanceTypes: ["m6i.large"], size: 3...9, diskGiB: 80) }
    #expect(json(configuration, "main_pool_general_template", only: Self.volumes) == """
      {
        "resource": {
          "aws_launch_template": {
            "main_pool_general_template": {
              "block_device_mappings": [
                {
                  "device_name": "/dev/xvda",
                  "ebs": {
                    "delete_on_termination": "true",
                    "encrypted": "true",
                    "kms_key_id": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                    "volume_size": 80,
                    "volume_type": "gp3"
                  }
                }
              ]
            }
          }
        }
      }
      """)
    #expect(try resource(configuration, "aws_eks_node_group", "main_pool_general").body["ami_type"] == "AL2023_x86_64_STANDARD")
  }

  @Test func bottlerocketKeepsItsOSVolumeAndGetsThePoolsDiskAsItsDataVolume() throws {
    let configuration = try synthesize {
      NodePool("gpu", instanceTypes: ["g6.xlarge"], size: 0...4, diskGiB: 200, amiType: .bottlerocketx86NVIDIA, accelerator: .nvidia)
    }
    #expect(json(configuration, "main_pool_gpu_template", only: Self.volumes) == """
      {
        "resource": {
          "aws_launch_template": {
            "main_pool_gpu_template": {
              "block_device_mappings": [
                {
                  "device_name": "/dev/xvda",
                  "ebs": {
                    "delete_on_termination": "true",
                    "encrypted": "true",
                    "kms_key_id": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                    "volume_type": "gp3"
                  }
                },
                {
                  "device_name": "/dev/xvdb",
                  "ebs": {
                    "delete_on_termination": "true",
                    "encrypted": "true",
                    "kms_key_id": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                    "volume_size": 200,
                    "volume_type": "gp3"
                  }
                }
              ]
            }
          }
        }
      }
      """)
    #expect(try resource(configuration, "aws_eks_node_group", "main_pool_gpu").body["ami_type"] == "BOTTLEROCKET_x86_64_NVIDIA")
  }

  @Test(arguments: [
    (["m7g.large", "c7g.xlarge"], nil, "AL2023_ARM_64_STANDARD"),
    (["m7g.large", "m7i.large"], nil, "AL2023_x86_64_STANDARD"),
    (["g5g.xlarge"], NodePool.Accelerator.nvidia, "AL2023_ARM_64_NVIDIA"),
    (["g5.xlarge"], NodePool.Accelerator.nvidia, "AL2023_x86_64_NVIDIA"),
  ])
  func theDefaultAMIFollowsTheInstanceTypes(types: [String], accelerator: NodePool.Accelerator?, expected: String) throws {
    let pool = NodePool("pool", instanceTypes: types, size: 0...2, accelerator: accelerator)
    #expect(pool.amiType.rawValue == expected)
  }

  @Test func everyAMITypeIsNamedByItsRawValue() {
    #expect(NodePool.AMIType.all.map(\.rawValue) == [
      "AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD", "AL2023_x86_64_NVIDIA", "AL2023_ARM_64_NVIDIA", "AL2023_x86_64_NEURON",
      "BOTTLEROCKET_x86_64", "BOTTLEROCKET_ARM_64", "BOTTLEROCKET_x86_64_NVIDIA", "BOTTLEROCKET_ARM_64_NVIDIA",
    ])
    #expect(NodePool.AMIType.all.allSatisfy { NodePool.AMIType(rawValue: $0.rawValue) == $0 })
    #expect(NodePool.AMIType(rawValue: "AL2_x86_64") == nil)
  }

  @Test func amiTypesThatDoNotFitTheInstanceTypesAreLocatedErrors() {
    let line = #line + 3
    let found = errors {
      [
        NodePool("arm", instanceTypes: ["m7g.large"], size: 1...2, amiType: .al2023x86),
        NodePool("gpu", instanceTypes: ["g5.xlarge"], size: 0...2, amiType: .bottlerocketx86, accelerator: .nvidia),
        NodePool("general", instanceTypes: ["m6i.large"], size: 1...2, amiType: .al2023x86NVIDIA),
        NodePool("inference", instanceTypes: ["g5.xlarge"], size: 0...2, amiType: .al2023x86Neuron),
        NodePool("mixed", instanceTypes: ["m7i.large"], size: 1...2, amiType: .bottlerocketARM),
      ]
    }
    let file = "Tests/InfraKitTests/GPUNodePoolTests.swift"
    #expect(found == [
      "\(file):\(line):17: error: node pool 'arm' runs the AMI type AL2023_x86_64_STANDARD, built for x86_64, but m7g.large is arm64 (AWS Graviton); use the AMI type AL2023_ARM_64_STANDARD for arm64 instance types, or give x86_64 instance types [ami-architecture]",
      "\(file):\(line + 1):17: error: node pool 'gpu' is an NVIDIA GPU pool, but the AMI type BOTTLEROCKET_x86_64 has no NVIDIA driver; use BOTTLEROCKET_x86_64_NVIDIA, or leave amiType out for Amazon Linux with the NVIDIA driver [ami-accelerator]",
      "\(file):\(line + 2):17: error: node pool 'general' runs the AMI type AL2023_x86_64_NVIDIA, built for NVIDIA GPUs, but m6i.large has none; use AL2023_x86_64_STANDARD for instance types without them, or give instance types with them, such as g5.xlarge [ami-accelerator]",
      "\(file):\(line + 3):17: error: node pool 'inference' runs the AMI type AL2023_x86_64_NEURON, built for AWS Inferentia and Trainium, but g5.xlarge has none; use AL2023_x86_64_STANDARD for instance types without them, or give instance types with them, such as inf2.xlarge or trn1.2xlarge [ami-accelerator]",
      "\(file):\(line + 4):17: error: node pool 'mixed' runs the AMI type BOTTLEROCKET_ARM_64, built for arm64, but m7i.large is x86_64; use the AMI type BOTTLEROCKET_x86_64 for x86_64 instance types, or give arm64 instance types [ami-architecture]",
    ])
  }

  @Test func aRetiringGenerationsAMIIsCheckedAtItsOwnLine() {
    let line = #line + 4
    let found = errors {
      [
        NodePool(
          "general", instanceTypes: ["m7g.large"], size: 1...2, generation: "arm", retiring: .original(instanceTypes: ["m6i.large"]))
      ]
    }
    #expect(found == [
      "Tests/InfraKitTests/GPUNodePoolTests.swift:\(line):103: error: the original generation of node pool 'general' runs the AMI type AL2023_ARM_64_STANDARD, built for arm64, but m6i.large is x86_64; use the AMI type AL2023_x86_64_STANDARD for x86_64 instance types, or give arm64 instance types [ami-architecture]"
    ])
  }

  // MARK: - EFA

  @Test func anEFAPoolHasAnEFAInterfaceAPlacementGroupAndOneZone() throws {
    let configuration = try synthesize {
      NodePool("training", instanceTypes: ["p5.48xlarge"], size: 0...4, accelerator: .nvidia, efa: true, zone: "eu-west-1b")
    }
    #expect(json(configuration, "main_pool_training_template", only: Self.network) == """
      {
        "resource": {
          "aws_launch_template": {
            "main_pool_training_template": {
              "network_interfaces": [
                {
                  "delete_on_termination": "true",
                  "device_index": 0,
                  "interface_type": "efa",
                  "network_card_index": 0,
                  "security_groups": [
                    "${aws_eks_cluster.main_cluster.vpc_config[0].cluster_security_group_id}",
                    "${aws_security_group.main_efa_security_group.id}"
                  ]
                }
              ],
              "placement": {
                "group_name": "${aws_placement_group.main_placement_training.name}"
              }
            }
          }
        }
      }
      """)
    let placement = try resource(configuration, "aws_placement_group", "main_placement_training")
    #expect(placement.body["name"] == "platform-main-training")
    #expect(placement.body["strategy"] == "cluster")
    let group = try resource(configuration, "aws_eks_node_group", "main_pool_training")
    #expect(group.body["subnet_ids"] == .list([ref("aws_subnet", "core_private_b", "id")]))
    let subnet = try resource(configuration, "aws_subnet", "core_private_b")
    #expect(subnet.body["availability_zone"] == "eu-west-1b")
  }

  @Test func theEFASecurityGroupLetsAllTrafficToAndFromItself() throws {
    let configuration = try synthesize { NodePool("training", instanceTypes: ["trn1.32xlarge"], size: 0...4, efa: true) }
    let group = try resource(configuration, "aws_security_group", "main_efa_security_group")
    #expect(group.body["vpc_id"] == ref("aws_vpc", "core_vpc", "id"))
    #expect(group.body["name_prefix"] == "platform-main-efa-")
    let itself = ref("aws_security_group", "main_efa_security_group", "id")
    for (type, name) in [("aws_vpc_security_group_ingress_rule", "main_efa_ingress"), ("aws_vpc_security_group_egress_rule", "main_efa_egress")] {
      let rule = try resource(configuration, type, name)
      #expect(rule.body["ip_protocol"] == "-1")
      #expect(rule.body["security_group_id"] == itself)
      #expect(rule.body["referenced_security_group_id"] == itself)
      #expect(rule.body["from_port"] == nil && rule.body["cidr_ipv4"] == nil)
    }
    // Without a zone, the network's first.
    let nodes = try resource(configuration, "aws_eks_node_group", "main_pool_training")
    #expect(nodes.body["subnet_ids"] == .list([ref("aws_subnet", "core_private_a", "id")]))
  }

  @Test func poolsWithoutEFAGetNoInterfacesPlacementOrEFAGroup() throws {
    let configuration = try synthesize { NodePool("general", instanceTypes: ["m6i.large"], size: 3...9) }
    #expect(!configuration.resources.contains { $0.type == "aws_placement_group" || $0.type == "aws_security_group" })
    let template = try resource(configuration, "aws_launch_template", "main_pool_general_template")
    #expect(template.body.blocks("network_interfaces").isEmpty && template.body.blocks("placement").isEmpty)
    let group = try resource(configuration, "aws_eks_node_group", "main_pool_general")
    #expect(group.body["subnet_ids"] == .list([
      ref("aws_subnet", "core_private_a", "id"), ref("aws_subnet", "core_private_b", "id"), ref("aws_subnet", "core_private_c", "id"),
    ]))
  }

  @Test func efaOnATypeWithoutItAndAZoneOutsideTheNetworkAreLocatedErrors() {
    let line = #line + 3
    let found = errors {
      [
        NodePool("training", instanceTypes: ["p5.48xlarge", "g5.xlarge"], size: 0...4, accelerator: .nvidia, efa: true),
        NodePool("batch", instanceTypes: ["m6i.large"], size: 0...4, zone: "eu-west-1d"),
      ]
    }
    let file = "Tests/InfraKitTests/GPUNodePoolTests.swift"
    #expect(found == [
      "\(file):\(line):17: error: node pool 'training' asks for EFA, but g5.xlarge has no Elastic Fabric Adapter; use instance types with EFA, such as p5.48xlarge, g6e.48xlarge or trn1.32xlarge, or drop efa [efa-instance-type]",
      "\(file):\(line + 1):17: error: node pool 'batch' runs in zone 'eu-west-1d', which is not one of the zones of network 'core' (eu-west-1a, eu-west-1b, eu-west-1c); name one of the network's zones [node-pool-zone]",
    ])
  }

  // MARK: - Reserved capacity

  @Test func aCapacityBlockIsTheTemplatesMarketAndTargetAndTheNodeGroupsCapacityType() throws {
    let configuration = try synthesize {
      NodePool(
        "training", instanceTypes: ["p5.48xlarge"], size: 0...2, accelerator: .nvidia, zone: "eu-west-1c",
        reservation: .capacityBlock("cr-0123456789abcdef0"))
    }
    #expect(json(configuration, "main_pool_training_template", only: Self.capacity) == """
      {
        "resource": {
          "aws_launch_template": {
            "main_pool_training_template": {
              "capacity_reservation_specification": {
                "capacity_reservation_target": {
                  "capacity_reservation_id": "cr-0123456789abcdef0"
                }
              },
              "instance_market_options": {
                "market_type": "capacity-block"
              },
              "instance_type": "p5.48xlarge"
            }
          }
        }
      }
      """)
    let group = try resource(configuration, "aws_eks_node_group", "main_pool_training")
    #expect(group.body["capacity_type"] == "CAPACITY_BLOCK")
    #expect(group.body["instance_types"] == nil)
    #expect(group.body["subnet_ids"] == .list([ref("aws_subnet", "core_private_c", "id")]))
  }

  @Test func aReservationOrAGroupOfThemIsTheTemplatesTarget() throws {
    let reserved = try synthesize {
      NodePool("inference", instanceTypes: ["g6.xlarge"], size: 0...2, accelerator: .nvidia, reservation: .capacityReservation("cr-0abc"))
    }
    let template = try resource(reserved, "aws_launch_template", "main_pool_inference_template")
    #expect(json(reserved, "main_pool_inference_template", only: Self.capacity) == """
      {
        "resource": {
          "aws_launch_template": {
            "main_pool_inference_template": {
              "capacity_reservation_specification": {
                "capacity_reservation_target": {
                  "capacity_reservation_id": "cr-0abc"
                }
              }
            }
          }
        }
      }
      """)
    #expect(template.body.blocks("instance_market_options").isEmpty && template.body["instance_type"] == nil)
    let group = try resource(reserved, "aws_eks_node_group", "main_pool_inference")
    #expect(group.body["capacity_type"] == "ON_DEMAND")
    #expect(group.body["subnet_ids"] == .list([ref("aws_subnet", "core_private_a", "id")]))

    let arn = "arn:aws:resource-groups:eu-west-1:111122223333:group/inference"
    let grouped = try synthesize {
      NodePool("inference", instanceTypes: ["g6.xlarge"], size: 0...2, accelerator: .nvidia, reservation: .reservationGroup(arn))
    }
    #expect(json(grouped, "main_pool_inference_template", only: Self.capacity) == """
      {
        "resource": {
          "aws_launch_template": {
            "main_pool_inference_template": {
              "capacity_reservation_specification": {
                "capacity_reservation_target": {
                  "capacity_reservation_resource_group_arn": "arn:aws:resource-groups:eu-west-1:111122223333:group/inference"
                }
              }
            }
          }
        }
      }
      """)
    // A group may hold reservations in every zone.
    #expect(try resource(grouped, "aws_eks_node_group", "main_pool_inference").body["subnet_ids"] == .list([
      ref("aws_subnet", "core_private_a", "id"), ref("aws_subnet", "core_private_b", "id"), ref("aws_subnet", "core_private_c", "id"),
    ]))
  }

  @Test func impossibleReservationsAreLocatedErrors() {
    let line = #line + 3
    let found = errors {
      [
        NodePool("spot", instanceTypes: ["p5.48xlarge"], size: 0...2, capacity: .spot, reservation: .capacityBlock("cr-0123")),
        NodePool("two", instanceTypes: ["p5.48xlarge", "p4d.24xlarge"], size: 0...2, reservation: .capacityBlock("cr-0123")),
        NodePool("id", instanceTypes: ["g6.xlarge"], size: 0...2, reservation: .capacityReservation("reservation-1")),
        NodePool("group", instanceTypes: ["g6.xlarge"], size: 0...2, reservation: .reservationGroup("inference")),
      ]
    }
    let file = "Tests/InfraKitTests/GPUNodePoolTests.swift"
    #expect(found == [
      "\(file):\(line):17: error: node pool 'spot' asks for spot capacity, but its nodes start in capacity block cr-0123; drop capacity: spot; reserved capacity is on-demand, or a capacity block [reservation-capacity]",
      "\(file):\(line + 1):17: error: node pool 'two' lists 2 instance types, but capacity block cr-0123 holds instances of one; give only the capacity block's instance type, e.g. p5.48xlarge [reservation-capacity]",
      "\(file):\(line + 2):17: error: node pool 'id': 'reservation-1' is not a capacity reservation id; write the reservation's id as EC2 shows it, e.g. cr-0123456789abcdef0 [invalid-capacity-reservation]",
      "\(file):\(line + 3):17: error: node pool 'group': 'inference' is not the ARN of a resource group; write the group's ARN, e.g. arn:aws:resource-groups:eu-west-1:111122223333:group/training-reservations [invalid-capacity-reservation]",
    ])
  }
}
