import InfraKit
import Testing

@Suite struct ClusterTests {
  private func errors(_ build: @escaping (Network) -> Void) -> [String] {
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      build(Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"]))
    }
    do {
      _ = try stack.synthesize()
      return []
    } catch {
      return error.diagnostics.map(\.description)
    }
  }

  @Test func aGPUPoolOnAnInstanceWithoutAGPUIsALocatedError() {
    let line = #line + 3
    let found = errors { network in
      Cluster("main", version: "1.31", network: network) {
        NodePool("gpu", instanceTypes: ["m6i.large"], size: 0...2, accelerator: .nvidia)
      }
    }
    #expect(found == [
      "Tests/InfraKitTests/ClusterTests.swift:\(line):17: error: node pool 'gpu' is an NVIDIA GPU pool, but m6i.large has no NVIDIA GPU; use a GPU instance type such as g5.xlarge or g6.xlarge, or drop accelerator: .nvidia [gpu-instance-type]"
    ])
  }

  @Test func poolsAreCheckedForNamesSizesAndPlacement() {
    let line = #line + 4
    let found = errors { network in
      Cluster("main", version: "1.31", network: network) {
        NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
        NodePool("general", instanceTypes: ["m6i.large"], size: 3...9, desired: 12, tier: "public")
      }
    }
    #expect(found == [
      "Tests/InfraKitTests/ClusterTests.swift:\(line):17: error: cluster 'main' already has a node pool 'general' (at Tests/InfraKitTests/ClusterTests.swift:\(line - 1):17); give each pool its own name [duplicate-node-pool]",
      "Tests/InfraKitTests/ClusterTests.swift:\(line):17: error: node pool 'general' starts with 12 nodes, outside its size 3...9; choose a starting size within the range [node-pool-size]",
      "Tests/InfraKitTests/ClusterTests.swift:\(line):17: error: node pool 'general' would put nodes in the public tier 'public'; place nodes in a private tier; traffic reaches them through load balancers [node-pool-public-subnets]",
    ])
  }

  @Test func anAPIEndpointOpenToTheInternetIsRejected() {
    let line = #line + 2
    let found = errors { network in
      Cluster("main", version: "1.31", network: network, publicAccessCIDRs: ["0.0.0.0/0"])
    }
    #expect(found == [
      "Tests/InfraKitTests/ClusterTests.swift:\(line):14: error: cluster 'main' opens its API endpoint to the whole internet (0.0.0.0/0); allow-list your offices' and CI's addresses, or keep the endpoint private [public-endpoint-open]"
    ])
  }

  @Test func gpuPoolsAreTaintedLabelledAndOnTheNvidiaAMI() throws {
    var cluster: Cluster!
    let stack = Stack("platform", environment: .development, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      cluster = Cluster("main", version: "1.31", network: network) {
        NodePool("gpu", instanceTypes: ["g5.xlarge"], size: 0...4, accelerator: .nvidia)
      }
    }
    let configuration = try stack.synthesize().configuration
    let group = try #require(configuration.resources.first { $0.type == "aws_eks_node_group" })
    #expect(group.body["ami_type"] == "AL2023_x86_64_NVIDIA")
    #expect(group.body["labels"] == ["accelerator": "nvidia"])
    #expect(group.body.blocks("taint") == [["effect": "NO_SCHEDULE", "key": "nvidia.com/gpu", "value": "true"]])
    #expect(group.meta.lifecycle.createBeforeDestroy == true)
    #expect(group.body["node_group_name"] == nil)
    #expect(cluster.nodeGroups["gpu"] != nil)
  }

  @Test(arguments: ["1.31", "1.9", "2.0"])
  func versionsAsEKSNamesThem(text: String) {
    #expect(KubernetesVersion(text).components != nil)
  }

  @Test(arguments: ["v1.31", "1.31.2", "1.-1", "-1.31", "01.31", "1.031", "+1.31", "1.", "latest", "１.31"])
  func textThatIsNotAVersionEKSNames(text: String) {
    #expect(KubernetesVersion(text).components == nil)
  }
}
