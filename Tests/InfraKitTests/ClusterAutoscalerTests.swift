import InfraKit
import Testing

/// The Cluster Autoscaler as a cluster's autoscaler: its role, handed to its service account,
/// may resize only this cluster's groups; and every node group's Auto Scaling group (which EKS
/// creates, and does not give the node group's tags) carries the discovery tags and the
/// node-template tags of the pool's labels and taints, followed by reference to the node group.
@Suite struct ClusterAutoscalerTests {
  private static let file = "Tests/InfraKitTests/ClusterAutoscalerTests.swift"

  private func stack(autoscaling: Cluster.Autoscaling = .clusterAutoscaler(), withPools: Bool = true) -> Stack {
    Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      let cluster = Cluster("main", version: "1.31", network: network, autoscaling: autoscaling) {
        if withPools {
          NodePool(
            "batch", instanceTypes: ["m7i.large"], size: 0...6, labels: ["workload": "batch"],
            taints: [.init("dedicated", value: "batch", effect: .noSchedule), .init("spot-only", effect: .preferNoSchedule)],
            generation: "green", retiring: .original(instanceTypes: ["m6i.large"]))
          NodePool("gpu", instanceTypes: ["g5.xlarge"], size: 0...4, accelerator: .nvidia)
        }
      }
      Output("autoscaler_role_arn", value: cluster.autoscalerRoleArn)
    }
  }

  /// The name of the Auto Scaling group EKS made for the node group `name`.
  static func autoscalingGroupName(of name: String) -> Reference {
    Reference.resource(type: "aws_eks_node_group", name: name).attribute("resources")[0].attribute("autoscaling_groups")[0].attribute("name")
  }

  private static let role = Reference.resource(type: "aws_iam_role", name: "main_cluster_autoscaler_role")

  @Test func everyNodeGroupsAutoScalingGroupCarriesItsPoolsLabelsAndTaints() throws {
    let configuration = try stack().synthesize().configuration
    let tags = configuration.resources.filter { $0.type == "aws_autoscaling_group_tag" }
    var byGroup: [String: [String: String]] = [:]
    for tag in tags {
      // The group is the one EKS made for the node group.
      guard case .reference(let reference)? = tag.body["autoscaling_group_name"], let block = tag.body.blocks("tag").first,
        case .string(let key)? = block["key"], case .string(let value)? = block["value"]
      else {
        Issue.record("\(tag.name) is not a tag on a node group's Auto Scaling group")
        continue
      }
      #expect(block["propagate_at_launch"] == .bool(false))
      let nodeGroup = reference.object.replacingOccurrences(of: "aws_eks_node_group.", with: "")
      #expect(reference == Self.autoscalingGroupName(of: nodeGroup), "\(tag.name)")
      byGroup[nodeGroup, default: [:]][key] = value
    }
    let group = { (name: String) in name }
    #expect(byGroup == [
      group("main_pool_batch_green"): [
        "k8s.io/cluster-autoscaler/enabled": "true", "k8s.io/cluster-autoscaler/platform-main": "owned",
        "k8s.io/cluster-autoscaler/node-template/label/workload": "batch",
        "k8s.io/cluster-autoscaler/node-template/taint/dedicated": "batch:NoSchedule",
        "k8s.io/cluster-autoscaler/node-template/taint/spot-only": ":PreferNoSchedule",
      ],
      // The retiring generation is tainted too, so a pending pod never scales it up.
      group("main_pool_batch"): [
        "k8s.io/cluster-autoscaler/enabled": "true", "k8s.io/cluster-autoscaler/platform-main": "owned",
        "k8s.io/cluster-autoscaler/node-template/label/workload": "batch",
        "k8s.io/cluster-autoscaler/node-template/taint/dedicated": "batch:NoSchedule",
        "k8s.io/cluster-autoscaler/node-template/taint/spot-only": ":PreferNoSchedule",
        "k8s.io/cluster-autoscaler/node-template/taint/infra.dev/retiring": "true:NoSchedule",
      ],
      group("main_pool_gpu"): [
        "k8s.io/cluster-autoscaler/enabled": "true", "k8s.io/cluster-autoscaler/platform-main": "owned",
        "k8s.io/cluster-autoscaler/node-template/label/accelerator": "nvidia",
        "k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu": "true:NoSchedule",
      ],
    ])
    #expect(tags.count == 15)
    #expect(resourceJSON(configuration) { $0.name == "main_pool_gpu_autoscaler_taint_nvidia_com_gpu" } == """
      {
        "resource": {
          "aws_autoscaling_group_tag": {
            "main_pool_gpu_autoscaler_taint_nvidia_com_gpu": {
              "//": "platform/main/pool-gpu-autoscaler-taint-nvidia-com-gpu",
              "autoscaling_group_name": "${aws_eks_node_group.main_pool_gpu.resources[0].autoscaling_groups[0].name}",
              "tag": {
                "key": "k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu",
                "propagate_at_launch": false,
                "value": "true:NoSchedule"
              }
            }
          }
        }
      }

      """)
  }

  @Test func itsRoleResizesOnlyThisClustersGroups() throws {
    let result = try stack().synthesize()
    let configuration = result.configuration
    let association = try #require(configuration.resource("aws_eks_pod_identity_association.main_cluster_autoscaler_association"))
    #expect(association.body["namespace"] == "kube-system")
    #expect(association.body["service_account"] == "cluster-autoscaler")
    #expect(association.body["role_arn"] == .reference(Self.role.attribute("arn")))
    #expect(resourceJSON(configuration) { $0.name == "main_cluster_autoscaler_permissions" } == #"""
      {
        "resource": {
          "aws_iam_role_policy": {
            "main_cluster_autoscaler_permissions": {
              "//": "platform/main/cluster-autoscaler/permissions",
              "name": "permissions",
              "policy": "${jsonencode({\"Statement\" = [{\"Action\" = [\"autoscaling:DescribeAutoScalingGroups\", \"autoscaling:DescribeAutoScalingInstances\", \"autoscaling:DescribeLaunchConfigurations\", \"autoscaling:DescribeScalingActivities\", \"autoscaling:DescribeTags\", \"ec2:DescribeImages\", \"ec2:DescribeInstanceTypes\", \"ec2:DescribeLaunchTemplateVersions\", \"ec2:GetInstanceTypesFromInstanceRequirements\"], \"Effect\" = \"Allow\", \"Resource\" = [\"*\"]}, {\"Action\" = [\"autoscaling:SetDesiredCapacity\", \"autoscaling:TerminateInstanceInAutoScalingGroup\"], \"Condition\" = {\"StringEquals\" = {\"aws:ResourceTag/k8s.io/cluster-autoscaler/platform-main\" = [\"owned\"]}}, \"Effect\" = \"Allow\", \"Resource\" = [\"arn:aws:autoscaling:eu-west-1:${element(split(\":\", aws_eks_cluster.main_cluster.arn), 4)}:autoScalingGroup:*:autoScalingGroupName/*\"]}, {\"Action\" = [\"eks:DescribeNodegroup\"], \"Effect\" = \"Allow\", \"Resource\" = [\"arn:aws:eks:eu-west-1:${element(split(\":\", aws_eks_cluster.main_cluster.arn), 4)}:nodegroup/platform-main/*/*\"]}], \"Version\" = \"2012-10-17\"})}",
              "role": "${aws_iam_role.main_cluster_autoscaler_role.id}"
            }
          }
        }
      }

      """#)
    #expect(String(decoding: result.json(), as: UTF8.self).contains(#""value": "${aws_iam_role.main_cluster_autoscaler_role.arn}""#))
  }

  @Test func aClusterWithoutPoolsHasNothingToResize() {
    let line = #line + 1
    let autoscaling = Cluster.Autoscaling.clusterAutoscaler()
    #expect(synthesisErrors(stack(autoscaling: autoscaling, withPools: false)) == [
      "\(Self.file):\(line):60: error: cluster 'main': cluster-autoscaler resizes node pools, and the cluster has none; add a node pool, or choose Karpenter, which launches nodes without pools [autoscaler-without-node-pools]",
      // An output that reads the rejected cluster's role points back at it.
      "\(Self.file):23:13: note: 'platform/autoscaler_role_arn' refers to 'aws_iam_role.main_cluster_autoscaler_role', which 'platform/main' (at \(Self.file):14:28) did not create: its settings, or those of what it builds on, were rejected; fix the errors above [reference-to-rejected-construct]",
    ])
  }

  @Test func labelsAndTaintsWhoseTagsWouldShareANameAreAnErrorAtThePool() {
    let line = #line + 4
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      Cluster("main", network: network, autoscaling: .clusterAutoscaler()) {
        NodePool(
          "batch", instanceTypes: ["m7i.large"], size: 0...6, labels: ["team.name": "a", "team-name": "b"],
          taints: [.init("dedicated", effect: .noSchedule), .init("dedicated", effect: .noExecute)])
      }
    }
    #expect(synthesisErrors(stack) == [
      "\(Self.file):\(line):17: error: node pool 'batch': the Cluster Autoscaler's tags for label 'team-name' and label 'team.name' would share one Auto Scaling group tag; give each label and taint a key of its own, differing in more than punctuation, and one taint per key [autoscaler-node-template]",
      "\(Self.file):\(line):17: error: node pool 'batch': the Cluster Autoscaler's tags for taint 'dedicated' and taint 'dedicated' would share one Auto Scaling group tag; give each label and taint a key of its own, differing in more than punctuation, and one taint per key [autoscaler-node-template]",
    ])
  }
}
