import InfraKit
import Testing

/// `version:` of a cluster (optional) and of a node pool, and `extendedSupport:`.
@Suite struct ClusterVersionStackFileTests {
  private func configuration(_ cluster: String) throws -> TerraformConfiguration {
    let folder = try StackFolder(["stack.yaml": minimalStack + "cluster:\n" + cluster])
    return try #require(try folder.stacks().first).synthesize().configuration
  }

  @Test func aClusterWithoutAVersionRunsTheDefaultAndPoolsFollowIt() throws {
    let configuration = try configuration("  nodePools:\n    - {name: general, instanceTypes: [m6i.large], minSize: 3, maxSize: 9}\n")
    let cluster = try #require(configuration.resources.first { $0.type == "aws_eks_cluster" })
    #expect(cluster.body["version"] == .string(KubernetesVersion.default.description))
    #expect(cluster.body.blocks("upgrade_policy") == [["support_type": "STANDARD"]])
    let group = try #require(configuration.resources.first { $0.type == "aws_eks_node_group" })
    #expect(group.body["version"]?.references.map(\.object) == ["aws_eks_cluster.main_cluster"])
  }

  @Test func aPoolPinsItsVersionAndExtendedSupportIsAskedFor() throws {
    let configuration = try configuration("""
        version: "1.34"
        extendedSupport: true
        nodePools:
          - {name: legacy, instanceTypes: [m6i.large], minSize: 1, maxSize: 3, version: "1.32"}

      """)
    let cluster = try #require(configuration.resources.first { $0.type == "aws_eks_cluster" })
    #expect(cluster.body.blocks("upgrade_policy") == [["support_type": "EXTENDED"]])
    #expect(configuration.resources.first { $0.type == "aws_eks_node_group" }?.body["version"] == "1.32")
  }

  @Test func aPoolVersionThatIsNotOneIsAnErrorAtItsLine() throws {
    let folder = try StackFolder([
      "stack.yaml": minimalStack + "cluster:\n  nodePools:\n    - {name: legacy, instanceTypes: [m6i.large], minSize: 1, maxSize: 3, version: v1.32}\n"
    ])
    #expect(folder.problems() == [
      "stack.yaml:8:83: error: node pool 'legacy' pins Kubernetes 'v1.32', which is not a version as EKS names them; write the major and minor version, e.g. \"1.31\", or leave version out to follow the cluster [stack-invalid-value]"
    ])
  }
}
