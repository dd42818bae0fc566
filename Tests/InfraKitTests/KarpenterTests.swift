import InfraKit
import Testing

/// Karpenter as a cluster's autoscaler, followed by references through the synthesized JSON:
/// the rules to the queue, the queue's policy to the queue, the access entry and instance
/// profile to the node role, the controller's association to its role, and the role's policy to
/// the node role and the queue it names.
@Suite struct KarpenterTests {
  private static let file = "Tests/InfraKitTests/KarpenterTests.swift"

  private func stack(
    addons: [Cluster.Addon] = Cluster.Addon.standard, autoscaling: Cluster.Autoscaling? = .karpenter(), withPool: Bool = true,
    cniPolicyOnNodeRole: Bool = false, _ extra: @escaping (Cluster) -> Void = { _ in }
  ) -> Stack {
    Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      let cluster = Cluster(
        "main", version: "1.31", network: network, addons: addons, cniPolicyOnNodeRole: cniPolicyOnNodeRole, autoscaling: autoscaling
      ) {
        if withPool { NodePool("general", instanceTypes: ["m6i.large"], size: 3...9) }
      }
      if autoscaling != nil {
        Output("queue", value: cluster.karpenterQueueName)
        Output("node_role_name", value: cluster.karpenterNodeRoleName)
        Output("node_role_arn", value: cluster.karpenterNodeRoleArn)
        Output("instance_profile", value: cluster.karpenterInstanceProfileName)
        Output("controller_role_arn", value: cluster.autoscalerRoleArn)
      }
      extra(cluster)
    }
  }

  private func synthesize(_ stack: Stack) throws -> TerraformConfiguration { try stack.synthesize().configuration }

  private static let queue = Reference.resource(type: "aws_sqs_queue", name: "main_karpenter_interruption_queue")
  private static let nodeRole = Reference.resource(type: "aws_iam_role", name: "main_karpenter_node_role")
  private static let controllerRole = Reference.resource(type: "aws_iam_role", name: "main_karpenter_role")

  @Test func theQueueIsEncryptedTLSOnlyAndFedByTheFourInterruptionRules() throws {
    let configuration = try synthesize(stack())
    #expect(resourceJSON(configuration) { $0.type.hasPrefix("aws_sqs_queue") } == """
      {
        "resource": {
          "aws_sqs_queue": {
            "main_karpenter_interruption_queue": {
              "//": "platform/main/karpenter-interruption-queue",
              "message_retention_seconds": 300,
              "name": "platform-main-karpenter",
              "sqs_managed_sse_enabled": true,
              "tags": {
                "Name": "platform-main-karpenter-interruptions"
              }
            }
          },
          "aws_sqs_queue_policy": {
            "main_karpenter_interruption_queue_policy": {
              "//": "platform/main/karpenter-interruption-queue-policy",
              "policy": "${jsonencode({\\"Statement\\" = [{\\"Action\\" = \\"sqs:SendMessage\\", \\"Effect\\" = \\"Allow\\", \\"Principal\\" = {\\"Service\\" = [\\"events.amazonaws.com\\", \\"sqs.amazonaws.com\\"]}, \\"Resource\\" = aws_sqs_queue.main_karpenter_interruption_queue.arn, \\"Sid\\" = \\"EventsDeliverInterruptions\\"}, {\\"Action\\" = \\"sqs:*\\", \\"Condition\\" = {\\"Bool\\" = {\\"aws:SecureTransport\\" = \\"false\\"}}, \\"Effect\\" = \\"Deny\\", \\"Principal\\" = \\"*\\", \\"Resource\\" = aws_sqs_queue.main_karpenter_interruption_queue.arn, \\"Sid\\" = \\"DenyWithoutTLS\\"}], \\"Version\\" = \\"2012-10-17\\"})}",
              "queue_url": "${aws_sqs_queue.main_karpenter_interruption_queue.url}"
            }
          }
        }
      }

      """)
    let rules = configuration.resources.filter { $0.type == "aws_cloudwatch_event_rule" }
    #expect(rules.map { $0.body["event_pattern"] } == [
      .call("jsonencode", [["source": ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"]]]),
      .call("jsonencode", [["source": ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"]]]),
      .call("jsonencode", [["source": ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"]]]),
      .call("jsonencode", [["source": ["aws.health"], "detail-type": ["AWS Health Event"]]]),
    ])
    // Each rule has one target, and it is the queue.
    for rule in rules {
      let ruleName = Reference.resource(type: rule.type, name: rule.name).attribute("name")
      let targets = configuration.resources.filter { $0.type == "aws_cloudwatch_event_target" && $0.body["rule"] == .reference(ruleName) }
      #expect(targets.map { $0.body["arn"] } == [.reference(Self.queue.attribute("arn"))], "\(rule.name)")
    }
  }

  @Test func nodesLaunchedByKarpenterJoinAsTheirOwnRole() throws {
    let configuration = try synthesize(stack())
    let entry = try #require(configuration.resource("aws_eks_access_entry.main_karpenter_node_access"))
    #expect(entry.body["type"] == "EC2_LINUX")
    #expect(entry.body["principal_arn"] == .reference(Self.nodeRole.attribute("arn")))
    let profile = try #require(configuration.resource("aws_iam_instance_profile.main_karpenter_instance_profile"))
    #expect(profile.body["role"] == .reference(Self.nodeRole.attribute("name")))
    let role = try #require(configuration.resource("aws_iam_role.main_karpenter_node_role"))
    #expect(role.body["assume_role_policy"] == .call("jsonencode", [[
      "Version": "2012-10-17",
      "Statement": [["Effect": "Allow", "Principal": ["Service": "ec2.amazonaws.com"], "Action": "sts:AssumeRole"]],
    ]]))
    #expect(role.body["name_prefix"] == "platform-main-karpenter-node-")
    #expect(attachedPolicies(configuration) == [
      "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
    ])
    // As the managed node groups' role does, it keeps the CNI policy only when asked to.
    #expect(attachedPolicies(try synthesize(stack(cniPolicyOnNodeRole: true))) == [
      "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
      "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
    ])
  }

  private func attachedPolicies(_ configuration: TerraformConfiguration) -> [Expr?] {
    configuration.resources.filter {
      $0.type == "aws_iam_role_policy_attachment" && $0.body["role"] == .reference(Self.nodeRole.attribute("name"))
    }.map { $0.body["policy_arn"] }
  }

  @Test func theNodeSubnetsAndTheClusterSecurityGroupCarryTheDiscoveryTag() throws {
    let configuration = try synthesize(stack())
    #expect(resourceJSON(configuration) { $0.type == "aws_ec2_tag" } == """
      {
        "resource": {
          "aws_ec2_tag": {
            "main_karpenter_discovery_cluster_security_group": {
              "//": "platform/main/karpenter-discovery-cluster-security-group",
              "key": "karpenter.sh/discovery",
              "resource_id": "${aws_eks_cluster.main_cluster.vpc_config[0].cluster_security_group_id}",
              "value": "${aws_eks_cluster.main_cluster.name}"
            },
            "main_karpenter_discovery_private_eu_west_1a": {
              "//": "platform/main/karpenter-discovery-private-eu-west-1a",
              "key": "karpenter.sh/discovery",
              "resource_id": "${aws_subnet.core_private_a.id}",
              "value": "${aws_eks_cluster.main_cluster.name}"
            },
            "main_karpenter_discovery_private_eu_west_1b": {
              "//": "platform/main/karpenter-discovery-private-eu-west-1b",
              "key": "karpenter.sh/discovery",
              "resource_id": "${aws_subnet.core_private_b.id}",
              "value": "${aws_eks_cluster.main_cluster.name}"
            }
          }
        }
      }

      """)
  }

  @Test func theControllerRunsAsItsRoleAllowedOnlyWhatKarpenterDoesForThisCluster() throws {
    let configuration = try synthesize(stack())
    let association = try #require(configuration.resource("aws_eks_pod_identity_association.main_karpenter_association"))
    #expect(association.body["namespace"] == "kube-system")
    #expect(association.body["service_account"] == "karpenter")
    #expect(association.body["role_arn"] == .reference(Self.controllerRole.attribute("arn")))
    let policy = try #require(configuration.resource("aws_iam_role_policy.main_karpenter_permissions"))
    #expect(policy.body["role"] == .reference(Self.controllerRole.attribute("id")))
    let statements = try #require(Self.statements(policy.body["policy"]))
    // iam:PassRole names the node role alone, passed to EC2 alone; the queue actions name the queue.
    let passRole = try #require(statements.first { $0["Action"] == ["iam:PassRole"] })
    #expect(passRole["Resource"] == [.reference(Self.nodeRole.attribute("arn"))])
    #expect(passRole["Condition"] == ["StringEquals": ["iam:PassedToService": ["ec2.amazonaws.com"]]])
    let queue = try #require(statements.first { $0["Action"] == ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"] })
    #expect(queue["Resource"] == [.reference(Self.queue.attribute("arn"))])
    let cluster = try #require(statements.first { $0["Action"] == ["eks:DescribeCluster"] })
    #expect(cluster["Resource"] == [.reference(.resource(type: "aws_eks_cluster", name: "main_cluster").attribute("arn"))])
    #expect(String(decoding: try stack().synthesize().json(), as: UTF8.self).contains(Self.expectedPolicy))
  }

  @Test func withAVolumeKeyTheControllerMayUseThatKeyAlone() throws {
    let key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    let configuration = try Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      Cluster("main", version: "1.31", network: network, volumeKeyArn: key, autoscaling: .karpenter())
    }.synthesize().configuration
    let policy = try #require(configuration.resource("aws_iam_role_policy.main_karpenter_permissions"))
    let statements = try #require(Self.statements(policy.body["policy"]))
    #expect(Array(statements.suffix(2)) == [
      [
        "Effect": "Allow", "Action": ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], "Resource": [.string(key)],
        "Condition": ["Bool": ["kms:GrantIsForAWSResource": ["true"]]],
      ],
      [
        "Effect": "Allow", "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        "Resource": [.string(key)],
      ],
    ])
  }

  /// The controller's policy as written: every `*` resource is a read held to the region or the
  /// price list; every write is held to resources tagged as this cluster's and a node pool's.
  private static let expectedPolicy = #"""
    "policy": "${jsonencode({\"Statement\" = [{\"Action\" = [\"ec2:RunInstances\", \"ec2:CreateFleet\"], \"Effect\" = \"Allow\", \"Resource\" = [\"arn:aws:ec2:eu-west-1::image/*\", \"arn:aws:ec2:eu-west-1::snapshot/*\", \"arn:aws:ec2:eu-west-1:*:security-group/*\", \"arn:aws:ec2:eu-west-1:*:subnet/*\"]}, {\"Action\" = [\"ec2:RunInstances\", \"ec2:CreateFleet\"], \"Condition\" = {\"StringEquals\" = {\"aws:ResourceTag/kubernetes.io/cluster/platform-main\" = [\"owned\"]}, \"StringLike\" = {\"aws:ResourceTag/karpenter.sh/nodepool\" = [\"*\"]}}, \"Effect\" = \"Allow\", \"Resource\" = [\"arn:aws:ec2:eu-west-1:*:launch-template/*\"]}, {\"Action\" = [\"ec2:RunInstances\", \"ec2:CreateFleet\", \"ec2:CreateLaunchTemplate\"], \"Condition\" = {\"StringEquals\" = {\"aws:RequestTag/eks:eks-cluster-name\" = [aws_eks_cluster.main_cluster.name], \"aws:RequestTag/kubernetes.io/cluster/platform-main\" = [\"owned\"]}, \"StringLike\" = {\"aws:RequestTag/karpenter.sh/nodepool\" = [\"*\"]}}, \"Effect\" = \"Allow\", \"Resource\" = [\"arn:aws:ec2:eu-west-1:*:fleet/*\", \"arn:aws:ec2:eu-west-1:*:instance/*\", \"arn:aws:ec2:eu-west-1:*:volume/*\", \"arn:aws:ec2:eu-west-1:*:network-interface/*\", \"arn:aws:ec2:eu-west-1:*:launch-template/*\", \"arn:aws:ec2:eu-west-1:*:spot-instances-request/*\"]}, {\"Action\" = [\"ec2:CreateTags\"], \"Condition\" = {\"StringEquals\" = {\"aws:RequestTag/eks:eks-cluster-name\" = [aws_eks_cluster.main_cluster.name], \"aws:RequestTag/kubernetes.io/cluster/platform-main\" = [\"owned\"], \"ec2:CreateAction\" = [\"RunInstances\", \"CreateFleet\", \"CreateLaunchTemplate\"]}, \"StringLike\" = {\"aws:RequestTag/karpenter.sh/nodepool\" = [\"*\"]}}, \"Effect\" = \"Allow\", \"Resource\" = [\"arn:aws:ec2:eu-west-1:*:fleet/*\", \"arn:aws:ec2:eu-west-1:*:instance/*\", \"arn:aws:ec2:eu-west-1:*:volume/*\", \"arn:aws:ec2:eu-west-1:*:network-interface/*\", \"arn:aws:ec2:eu-west-1:*:launch-template/*\", \"arn:aws:ec2:eu-west-1:*:spot-instances-request/*\"]}, {\"Action\" = [\"ec2:CreateTags\"], \"Condition\" = {\"ForAllValues:StringEquals\" = {\"aws:TagKeys\" = [\"eks:eks-cluster-name\", \"karpenter.sh/nodeclaim\", \"Name\"]}, \"StringEquals\" = {\"aws:ResourceTag/kubernetes.io/cluster/platform-main\" = [\"owned\"]}, \"StringEqualsIfExists\" = {\"aws:RequestTag/eks:eks-cluster-name\" = [aws_eks_cluster.main_cluster.name]}, \"StringLike\" = {\"aws:ResourceTag/karpenter.sh/nodepool\" = [\"*\"]}}, \"Effect\" = \"Allow\", \"Resource\" = [\"arn:aws:ec2:eu-west-1:*:instance/*\"]}, {\"Action\" = [\"ec2:TerminateInstances\", \"ec2:DeleteLaunchTemplate\"], \"Condition\" = {\"StringEquals\" = {\"aws:ResourceTag/kubernetes.io/cluster/platform-main\" = [\"owned\"]}, \"StringLike\" = {\"aws:ResourceTag/karpenter.sh/nodepool\" = [\"*\"]}}, \"Effect\" = \"Allow\", \"Resource\" = [\"arn:aws:ec2:eu-west-1:*:instance/*\", \"arn:aws:ec2:eu-west-1:*:launch-template/*\"]}, {\"Action\" = [\"ec2:DescribeImages\", \"ec2:DescribeInstances\", \"ec2:DescribeInstanceTypeOfferings\", \"ec2:DescribeInstanceTypes\", \"ec2:DescribeLaunchTemplates\", \"ec2:DescribeSecurityGroups\", \"ec2:DescribeSpotPriceHistory\", \"ec2:DescribeSubnets\"], \"Condition\" = {\"StringEquals\" = {\"aws:RequestedRegion\" = [\"eu-west-1\"]}}, \"Effect\" = \"Allow\", \"Resource\" = [\"*\"]}, {\"Action\" = [\"ssm:GetParameter\"], \"Effect\" = \"Allow\", \"Resource\" = [\"arn:aws:ssm:eu-west-1::parameter/aws/service/*\"]}, {\"Action\" = [\"pricing:GetProducts\"], \"Effect\" = \"Allow\", \"Resource\" = [\"*\"]}, {\"Action\" = [\"sqs:DeleteMessage\", \"sqs:GetQueueUrl\", \"sqs:ReceiveMessage\"], \"Effect\" = \"Allow\", \"Resource\" = [aws_sqs_queue.main_karpenter_interruption_queue.arn]}, {\"Action\" = [\"iam:PassRole\"], \"Condition\" = {\"StringEquals\" = {\"iam:PassedToService\" = [\"ec2.amazonaws.com\"]}}, \"Effect\" = \"Allow\", \"Resource\" = [aws_iam_role.main_karpenter_node_role.arn]}, {\"Action\" = [\"iam:CreateInstanceProfile\"], \"Condition\" = {\"StringEquals\" = {\"aws:RequestTag/eks:eks-cluster-name\" = [aws_eks_cluster.main_cluster.name], \"aws:RequestTag/kubernetes.io/cluster/platform-main\" = [\"owned\"], \"aws:RequestTag/topology.kubernetes.io/region\" = [\"eu-west-1\"]}, \"StringLike\" = {\"aws:RequestTag/karpenter.k8s.aws/ec2nodeclass\" = [\"*\"]}}, \"Effect\" = \"Allow\", \"Resource\" = [\"arn:aws:iam::${element(split(\":\", aws_eks_cluster.main_cluster.arn), 4)}:instance-profile/*\"]}, {\"Action\" = [\"iam:TagInstanceProfile\"], \"Condition\" = {\"StringEquals\" = {\"aws:RequestTag/eks:eks-cluster-name\" = [aws_eks_cluster.main_cluster.name], \"aws:RequestTag/kubernetes.io/cluster/platform-main\" = [\"owned\"], \"aws:RequestTag/topology.kubernetes.io/region\" = [\"eu-west-1\"], \"aws:ResourceTag/kubernetes.io/cluster/platform-main\" = [\"owned\"], \"aws:ResourceTag/topology.kubernetes.io/region\" = [\"eu-west-1\"]}, \"StringLike\" = {\"aws:RequestTag/karpenter.k8s.aws/ec2nodeclass\" = [\"*\"], \"aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass\" = [\"*\"]}}, \"Effect\" = \"Allow\", \"Resource\" = [\"arn:aws:iam::${element(split(\":\", aws_eks_cluster.main_cluster.arn), 4)}:instance-profile/*\"]}, {\"Action\" = [\"iam:AddRoleToInstanceProfile\", \"iam:RemoveRoleFromInstanceProfile\", \"iam:DeleteInstanceProfile\"], \"Condition\" = {\"StringEquals\" = {\"aws:ResourceTag/kubernetes.io/cluster/platform-main\" = [\"owned\"], \"aws:ResourceTag/topology.kubernetes.io/region\" = [\"eu-west-1\"]}, \"StringLike\" = {\"aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass\" = [\"*\"]}}, \"Effect\" = \"Allow\", \"Resource\" = [\"arn:aws:iam::${element(split(\":\", aws_eks_cluster.main_cluster.arn), 4)}:instance-profile/*\"]}, {\"Action\" = [\"iam:GetInstanceProfile\"], \"Effect\" = \"Allow\", \"Resource\" = [\"arn:aws:iam::${element(split(\":\", aws_eks_cluster.main_cluster.arn), 4)}:instance-profile/*\"]}, {\"Action\" = [\"eks:DescribeCluster\"], \"Effect\" = \"Allow\", \"Resource\" = [aws_eks_cluster.main_cluster.arn]}], \"Version\" = \"2012-10-17\"})}",
    """#

  /// The statements of a policy written as `jsonencode({…})`, each an object's members.
  static func statements(_ policy: Expr?) -> [[String: Expr]]? {
    guard case .call(_, let arguments)? = policy, case .object(let document)? = arguments.first,
      case .list(let statements)? = document["Statement"]
    else { return nil }
    return statements.compactMap { if case .object(let members) = $0 { members } else { nil } }
  }

  @Test func theOutputsNameTheQueueTheRolesAndTheInstanceProfile() throws {
    let json = String(decoding: try stack().synthesize().json(), as: UTF8.self)
    for (name, value) in [
      ("queue", "aws_sqs_queue.main_karpenter_interruption_queue.name"), ("node_role_name", "aws_iam_role.main_karpenter_node_role.name"),
      ("node_role_arn", "aws_iam_role.main_karpenter_node_role.arn"),
      ("instance_profile", "aws_iam_instance_profile.main_karpenter_instance_profile.name"),
      ("controller_role_arn", "aws_iam_role.main_karpenter_role.arn"),
    ] {
      #expect(json.contains("\"\(name)\": {\n      \"value\": \"${\(value)}\"\n    }"), "\(name)")
    }
  }

  @Test func aClusterWithoutPoolsGetsTwoNodesForTheController() throws {
    let configuration = try synthesize(stack(withPool: false))
    let group = try #require(configuration.resource("aws_eks_node_group.main_pool_karpenter"))
    #expect(group.body["instance_types"] == ["m6i.large"])
    #expect(group.body.blocks("scaling_config").first?["min_size"] == 2)
    #expect(group.body.blocks("scaling_config").first?["max_size"] == 2)
    // A cluster with a pool of its own runs the controller there.
    #expect(try synthesize(stack()).resource("aws_eks_node_group.main_pool_karpenter") == nil)
    // The discovery tags follow the pools' subnets: those of the controller's pool here.
    #expect(configuration.resources.filter { $0.type == "aws_ec2_tag" }.count == 3)
  }

  @Test func withoutAutoscalingNothingOfItIsWritten() throws {
    let configuration = try synthesize(stack(autoscaling: nil))
    let types = Set(configuration.resources.map(\.type))
    for type in ["aws_sqs_queue", "aws_cloudwatch_event_rule", "aws_ec2_tag", "aws_iam_instance_profile", "aws_autoscaling_group_tag"] {
      #expect(!types.contains(type), "\(type)")
    }
    #expect(!configuration.resources.contains { $0.type == "aws_eks_pod_identity_association" })
  }

  /// The errors synthesizing `stack` reports, without the notes of outputs that read the
  /// rejected cluster.
  private func errors(_ stack: Stack) -> [String] { synthesisErrors(stack).filter { $0.contains(": error: ") } }

  @Test func theControllerNeedsThePodIdentityAgent() {
    let line = #line + 1
    let autoscaling = Cluster.Autoscaling.karpenter()
    #expect(errors(stack(addons: [Cluster.Addon("vpc-cni"), Cluster.Addon("coredns")], autoscaling: autoscaling)) == [
      "\(Self.file):\(line):52: error: cluster 'main': karpenter gets its AWS identity through EKS Pod Identity, but the cluster has no eks-pod-identity-agent addon; add Cluster.Addon(\"eks-pod-identity-agent\") to the addons [autoscaler-identity-without-agent]"
    ])
  }

  @Test func itsNamesAndPoolAreChecked() {
    let line = #line + 1
    let autoscaling = Cluster.Autoscaling.karpenter(namespace: "Kube_System", controllerInstanceTypes: [])
    #expect(errors(stack(autoscaling: autoscaling, withPool: false)) == [
      "\(Self.file):\(line):52: error: cluster 'main': karpenter runs in 'Kube_System', which is not a Kubernetes namespace name; use at most 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit [invalid-namespace]",
      "\(Self.file):\(line):52: error: cluster 'main': karpenter needs a pool to run on, and the cluster has none, but no controller instance types are given; name the instance types of the controller's pool, e.g. controllerInstanceTypes: [\"m6i.large\"] [node-pool-instance-types]",
    ])
  }

  @Test func itsServiceAccountHasNoOtherIdentity() {
    let line = #line + 3
    let errors = synthesisErrors(
      stack { cluster in
        WorkloadIdentity("other", cluster: cluster, namespace: "kube-system", serviceAccount: "karpenter", permissions: [.allow(["s3:GetObject"], on: ["arn:aws:s3:::b/*"])])
      })
    #expect(errors.count == 1)
    #expect(errors.first?.hasPrefix("\(Self.file):\(line):") == true)
    #expect(errors.first?.contains("service account 'kube-system/karpenter' of cluster 'main' already has an identity (workload identity 'main/karpenter' at ") == true)
  }
}
