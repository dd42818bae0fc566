import InfraCore
import InfraKit
import Terraform
import Testing

/// `cluster.autoscaling`: `karpenter` or `cluster-autoscaler`, as a name or the one key of a
/// mapping of settings; what each writes is what the Swift option writes (InfraKitTests), and
/// here the keys, their outputs and their errors, at their lines.
@Suite struct AutoscalingStackFileTests {
  private static func stackFile(_ autoscaling: String, pools: Bool = true) -> String {
    minimalStack + """
      cluster:
        version: "1.31"
        autoscaling: \(autoscaling)

      """ + (pools ? "  nodePools: [{name: general, instanceTypes: [m6i.large], minSize: 2, maxSize: 6}]\n" : "")
  }

  /// The stack's outputs, by id.
  private func outputs(_ text: String) throws -> [String: Expr] {
    let stack = try #require(try StackFolder(["stack.yaml": text]).stacks().first)
    var outputs: [String: Expr] = [:]
    for output in stack.node.children.compactMap({ $0 as? Output }) { outputs[output.node.id] = output.value }
    return outputs
  }

  /// `TYPE.NAME.ATTRIBUTE`, as an expression.
  private func attribute(_ type: String, _ name: String, _ attribute: String) -> Expr {
    .reference(.resource(type: type, name: name).attribute(attribute))
  }

  @Test func karpenterWritesItsResourcesAndItsOutputs() throws {
    let folder = try StackFolder(["stack.yaml": Self.stackFile("karpenter")])
    let configuration = try #require(try folder.stacks().first).synthesize().configuration
    let association = try #require(configuration.resources.first { $0.name == "main_karpenter_association" })
    #expect(association.body["namespace"] == "kube-system")
    #expect(association.body["service_account"] == "karpenter")
    #expect(configuration.resources.filter { $0.type == "aws_cloudwatch_event_target" }.count == 4)
    #expect(configuration.resources.contains { $0.type == "aws_eks_access_entry" && $0.body["type"] == "EC2_LINUX" })
    #expect(try outputs(Self.stackFile("karpenter")) == [
      "karpenter-controller-role-arn": attribute("aws_iam_role", "main_karpenter_role", "arn"),
      "karpenter-queue-name": attribute("aws_sqs_queue", "main_karpenter_interruption_queue", "name"),
      "karpenter-node-role-name": attribute("aws_iam_role", "main_karpenter_node_role", "name"),
      "karpenter-node-role-arn": attribute("aws_iam_role", "main_karpenter_node_role", "arn"),
      "karpenter-instance-profile-name": attribute("aws_iam_instance_profile", "main_karpenter_instance_profile", "name"),
    ])
  }

  /// A pool's taints and labels, written in the stack file, are those of Karpenter's NodePool
  /// for it, and of its node group.
  @Test func karpentersNodePoolsCarryThePoolsTaintsAndLabelsFromTheStackFile() throws {
    let text = minimalStack + """
      cluster:
        version: "1.31"
        autoscaling: karpenter
        nodePools:
          - {name: batch, instanceTypes: [c6i.2xlarge], minSize: 0, maxSize: 8, capacity: spot, labels: {workload: batch}, taints: [dedicated=batch:NoSchedule]}
          - {name: gpu, instanceTypes: [g5.xlarge], minSize: 0, maxSize: 4, accelerator: nvidia}

      """
    let stack = try #require(try StackFolder(["stack.yaml": text]).stacks().first).synthesize()
    let folder = try #require(stack.manifests.first { $0.folder == "clusters/main" }).manifests
    #expect(folder.files.map(\.name) == ["storage-class.yaml", "karpenter.yaml", "nvidia-device-plugin.yaml"])
    let pools = folder.objects.filter { $0.kind == "NodePool" }
    #expect(pools.map(\.name) == ["batch", "gpu"])
    #expect(pools[0]["spec"]?["template"]?["metadata"] == .map(["labels": .map(["workload": "batch"])]))
    #expect(pools[0]["spec"]?["template"]?["spec"]?["taints"] == [.map(["key": "dedicated", "value": "batch", "effect": "NoSchedule"])])
    #expect(pools[1]["spec"]?["template"]?["spec"]?["taints"] == [.map(["key": "nvidia.com/gpu", "value": "true", "effect": "NoSchedule"])])
    let group = try #require(stack.configuration.resources.first { $0.name == "main_pool_batch" })
    #expect(group.body.blocks("taint").map { [$0["key"], $0["value"], $0["effect"]] } == [["dedicated", "batch", "NO_SCHEDULE"]])
  }

  @Test func karpentersSettingsAreItsMappingsKeys() throws {
    let text = Self.stackFile("{karpenter: {namespace: karpenter, serviceAccount: controller, controllerInstanceTypes: [m7g.large]}}", pools: false)
    let configuration = try #require(try StackFolder(["stack.yaml": text]).stacks().first).synthesize().configuration
    let association = try #require(configuration.resources.first { $0.name == "main_karpenter_association" })
    #expect(association.body["namespace"] == "karpenter")
    #expect(association.body["service_account"] == "controller")
    let pool = try #require(configuration.resources.first { $0.name == "main_pool_karpenter" })
    #expect(pool.body["instance_types"] == ["m7g.large"])
  }

  @Test func theClusterAutoscalerWritesItsTagsAndItsRole() throws {
    let folder = try StackFolder(["stack.yaml": Self.stackFile("{cluster-autoscaler: ~}")])
    let configuration = try #require(try folder.stacks().first).synthesize().configuration
    #expect(configuration.resources.filter { $0.type == "aws_autoscaling_group_tag" }.map(\.name) == [
      "main_pool_general_autoscaler_enabled", "main_pool_general_autoscaler_owner",
    ])
    #expect(try outputs(Self.stackFile("cluster-autoscaler")) == [
      "cluster-autoscaler-role-arn": attribute("aws_iam_role", "main_cluster_autoscaler_role", "arn")
    ])
  }

  @Test func anUnknownChoiceIsAnErrorAtTheValue() throws {
    #expect(try StackFolder(["stack.yaml": Self.stackFile("karpenterr")]).problems() == [
      "stack.yaml:8:16: error: the cluster: 'autoscaling' cannot be 'karpenterr'; did you mean 'karpenter'? choose one of: karpenter, cluster-autoscaler [stack-invalid-value]"
    ])
    #expect(try StackFolder(["stack.yaml": Self.stackFile("{cluster-autoscalar: ~}")]).problems() == [
      "stack.yaml:8:17: error: the cluster: 'autoscaling' cannot be 'cluster-autoscalar'; did you mean 'cluster-autoscaler'? choose one of: karpenter, cluster-autoscaler [stack-invalid-value]"
    ])
  }

  @Test func bothAutoscalersIsAnErrorAtTheSecond() throws {
    #expect(try StackFolder(["stack.yaml": Self.stackFile("{karpenter: ~, cluster-autoscaler: ~}")]).problems() == [
      "stack.yaml:8:31: error: the cluster chooses both 'karpenter' and 'cluster-autoscaler' for autoscaling; a cluster has one autoscaler; keep one of them [stack-invalid-value]"
    ])
  }

  @Test func aSettingOfTheOtherAutoscalerIsAnUnknownKey() throws {
    #expect(try StackFolder(["stack.yaml": Self.stackFile("{cluster-autoscaler: {controllerInstanceTypes: [m6i.large]}}")]).problems() == [
      "stack.yaml:8:38: error: the cluster's cluster-autoscaler has no setting 'controllerInstanceTypes'; the keys of the cluster's cluster-autoscaler are: namespace, serviceAccount [stack-unknown-key]"
    ])
  }

  @Test func theConstructsChecksPointAtTheChoice() throws {
    #expect(try StackFolder(["stack.yaml": Self.stackFile("cluster-autoscaler", pools: false)]).synthesisErrors() == [
      "stack.yaml:8:16: error: cluster 'main': cluster-autoscaler resizes node pools, and the cluster has none; add a node pool, or choose Karpenter, which launches nodes without pools [autoscaler-without-node-pools]"
    ])
  }
}
