import Foundation
import InfraKit
import InfraTestSupport
import StackFiles
import Testing

/// The standalone stack files in examples/stack-files compile (CI also plans them with Terraform).
@Suite struct ExampleStackFileTests {
  @Test func everyExampleCompiles() throws {
    let stacks = try StackFiles.stacks(inDirectory: repositoryRoot + "/examples/stack-files")
    #expect(stacks.map(\.name) == ["database-backups", "edge-services", "gpu-cluster", "minimal-vpc", "rotating-node-pool"])
    for stack in stacks { _ = try stack.synthesize() }
  }

  @Test func theGPUPoolIsTaintedLabelledAndOnTheNVIDIAImage() throws {
    let stack = try #require(try StackFiles.stacks(files: [repositoryRoot + "/examples/stack-files/gpu-cluster.yaml"]).first)
    let cluster = try #require(stack.node.children.compactMap { $0 as? Cluster }.first)
    let gpu = try #require(cluster.pools.first { $0.name == "gpu" })
    #expect(gpu.taints == [NodePool.Taint("nvidia.com/gpu", value: "true", effect: .noSchedule)])
    #expect(gpu.labels == ["accelerator": "nvidia"])
    #expect(gpu.amiType == .al2023x86NVIDIA)
  }
}
