import InfraKit
import Testing

/// A GPU pool's nodes advertise their GPUs only when the NVIDIA device plugin runs on them: its
/// DaemonSet selects the label the node group gives its nodes and tolerates the taint the node
/// group puts on them, followed here from the synthesized node group to the manifest.
@Suite struct DevicePluginTests {
  private func stack(_ pools: @escaping () -> [NodePool]) throws -> SynthesizedStack {
    try Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      Cluster("main", network: network) { for pool in pools() { pool } }
    }.synthesize()
  }

  @Test func thePluginRunsWhereTheGPUPoolsNodesAreAndToleratesTheirTaint() throws {
    let stack = try stack {
      [
        NodePool("general", instanceTypes: ["m6i.large"], size: 2...4),
        NodePool("gpu", instanceTypes: ["g5.xlarge"], size: 0...4, accelerator: .nvidia),
      ]
    }
    let folder = try #require(stack.manifests.first { $0.folder == "clusters/main" }).manifests
    let plugin = try #require(folder.objects.first { $0.kind == "DaemonSet" })
    #expect(plugin.name == "nvidia-device-plugin")
    #expect(plugin.namespace == "kube-system")
    let pod = plugin["spec"]?["template"]?["spec"]
    let group = try #require(stack.configuration.resources.first { $0.type == "aws_eks_node_group" && $0.name.contains("gpu") })
    // The node group's labels include the plugin's node selector …
    guard case .map(let selector)? = pod?["nodeSelector"], case .object(let labels)? = group.body["labels"] else {
      Issue.record("no node selector or labels")
      return
    }
    for entry in selector { #expect(labels[entry.key] == .string(entry.value.stringValue ?? "")) }
    // … and each of its taints is tolerated.
    let taints = group.body.blocks("taint")
    #expect(taints.count == 1)
    for taint in taints {
      #expect(
        pod?["tolerations"] == [
          .map(["key": .string(taint["key"]?.stringValue ?? ""), "operator": "Equal", "value": .string(taint["value"]?.stringValue ?? ""), "effect": "NoSchedule"])
        ])
      #expect(taint["effect"] == "NO_SCHEDULE")
    }
    #expect(pod?["containers"]?.listValue?.first?["image"] == .string(Cluster.nvidiaDevicePluginImage))
  }

  @Test(arguments: [false, true])
  func noGPUPoolOrABottlerocketOneWritesNoPlugin(bottlerocket: Bool) throws {
    let stack = try stack {
      bottlerocket
        ? [NodePool("gpu", instanceTypes: ["g5.xlarge"], size: 0...4, amiType: .bottlerocketx86NVIDIA, accelerator: .nvidia)]
        : [NodePool("general", instanceTypes: ["m6i.large"], size: 2...4)]
    }
    let folder = try #require(stack.manifests.first { $0.folder == "clusters/main" }).manifests
    #expect(!folder.objects.contains { $0.kind == "DaemonSet" })
  }
}
