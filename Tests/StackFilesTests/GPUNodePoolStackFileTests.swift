import InfraCore
import InfraKit
import Testing

/// Accelerated node pools in stack files: the AMI type, EFA, the zone and reserved capacity are
/// read into the pool, and their problems are reported at the values that cause them.
@Suite struct GPUNodePoolStackFileTests {
  private func stack(_ pools: String) -> String {
    minimalStack + "cluster:\n  version: \"1.31\"\n  nodePools:\n" + pools
  }

  @Test func theSettingsAreReadIntoThePool() throws {
    let folder = try StackFolder([
      "stack.yaml": stack("""
            - name: training
              instanceTypes: [p5.48xlarge]
              minSize: 0
              maxSize: 4
              accelerator: nvidia
              amiType: BOTTLEROCKET_x86_64_NVIDIA
              efa: true
              zone: eu-west-1b
              capacityBlock: cr-0123456789abcdef0
            - {name: inference, instanceTypes: [g6.xlarge], minSize: 0, maxSize: 2, accelerator: nvidia, capacityReservationGroup: "arn:aws:resource-groups:eu-west-1:111122223333:group/inference"}

        """)
    ])
    let stack = try #require(try folder.stacks().first)
    let cluster = try #require(stack.node.children.compactMap { $0 as? Cluster }.first)
    let training = try #require(cluster.pools.first)
    #expect(training.amiType == .bottlerocketx86NVIDIA)
    #expect(training.efa && training.zone == "eu-west-1b")
    #expect(training.reservation == .capacityBlock("cr-0123456789abcdef0"))
    #expect(cluster.pools.last?.reservation == .reservationGroup("arn:aws:resource-groups:eu-west-1:111122223333:group/inference"))
    _ = try stack.synthesize()
  }

  @Test func problemsAreReportedAtTheValuesThatCauseThem() throws {
    let text = stack("""
          - {name: arm, instanceTypes: [m7g.large], minSize: 1, maxSize: 2, amiType: AL2023_x86_64_STANDARD}
          - {name: training, instanceTypes: [g5.xlarge], minSize: 0, maxSize: 2, accelerator: nvidia, efa: true}
          - {name: batch, instanceTypes: [m6i.large], minSize: 0, maxSize: 2, zone: eu-west-1d}
          - {name: block, instanceTypes: [p5.48xlarge], minSize: 0, maxSize: 2, capacity: spot, capacityBlock: cr-0123}

      """)
    #expect(try synthesisErrors(text) == [
      "stack.yaml:9:80: error: node pool 'arm' runs the AMI type AL2023_x86_64_STANDARD, built for x86_64, but m7g.large is arm64 (AWS Graviton); use the AMI type AL2023_ARM_64_STANDARD for arm64 instance types, or give x86_64 instance types [ami-architecture]",
      "stack.yaml:10:102: error: node pool 'training' asks for EFA, but g5.xlarge has no Elastic Fabric Adapter; use instance types with EFA, such as p5.48xlarge, g6e.48xlarge or trn1.32xlarge, or drop efa [efa-instance-type]",
      "stack.yaml:11:79: error: node pool 'batch' runs in zone 'eu-west-1d', which is not one of the zones of network 'core' (eu-west-1a, eu-west-1b, eu-west-1c); name one of the network's zones [node-pool-zone]",
      "stack.yaml:12:106: error: node pool 'block' asks for spot capacity, but its nodes start in capacity block cr-0123; drop capacity: spot; reserved capacity is on-demand, or a capacity block [reservation-capacity]",
    ])
  }

  @Test func anUnknownAMITypeAndTwoReservationsAreStackFileErrors() throws {
    let folder = try StackFolder([
      "stack.yaml": stack("""
            - {name: old, instanceTypes: [m6i.large], minSize: 1, maxSize: 2, amiType: AL2_x86_64}
            - {name: both, instanceTypes: [p5.48xlarge], minSize: 0, maxSize: 2, capacityBlock: cr-0123, capacityReservation: cr-0456}

        """)
    ])
    #expect(folder.problems() == [
      "stack.yaml:9:80: error: node pool 'old': 'amiType' cannot be 'AL2_x86_64'; choose one of: AL2023_x86_64_STANDARD, AL2023_ARM_64_STANDARD, AL2023_x86_64_NVIDIA, AL2023_ARM_64_NVIDIA, AL2023_x86_64_NEURON, BOTTLEROCKET_x86_64, BOTTLEROCKET_ARM_64, BOTTLEROCKET_x86_64_NVIDIA, BOTTLEROCKET_ARM_64_NVIDIA [stack-invalid-value]",
      "stack.yaml:10:98: error: node pool 'both' has both capacityBlock and capacityReservation; give one place for its nodes to start: capacityReservation, capacityReservationGroup or capacityBlock [stack-invalid-value]",
    ])
  }

  @Test(arguments: NodePool.AMIType.all)
  func everyAMITypeIsReadByItsName(amiType: NodePool.AMIType) throws {
    let folder = try StackFolder([
      "stack.yaml": stack("    - {name: pool, instanceTypes: [m6i.large], minSize: 0, maxSize: 2, amiType: \(amiType.rawValue)}\n")
    ])
    let stack = try #require(try folder.stacks().first)
    let cluster = try #require(stack.node.children.compactMap { $0 as? Cluster }.first)
    #expect(cluster.pools.first?.amiType == amiType)
  }
}
