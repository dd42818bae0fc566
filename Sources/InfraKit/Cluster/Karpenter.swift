extension Cluster {
  /// What Karpenter needs from AWS: a node role of its own (with its instance profile and an
  /// `EC2_LINUX` access entry, so its nodes join), the interruption queue and the EventBridge
  /// rules that feed it, the discovery tags on the node subnets and the cluster security group,
  /// and the controller's identity, allowed only what Karpenter does for this cluster (and, with
  /// a volume key, what launching instances whose volumes it encrypts takes).
  func buildKarpenter(
    _ autoscaling: Autoscaling, cluster eks: AwsEksCluster, nodeRolePolicies: [String], volumeKeyArn: Value<String>?
  ) {
    let role = placed(
      AwsIamRole(
        "karpenter-node-role", assumeRolePolicy: Self.trust("ec2.amazonaws.com"),
        description: Value("Nodes Karpenter launches for EKS cluster \(clusterName)"),
        namePrefix: Value(WorkloadIdentity.rolePrefix("\(clusterName)-karpenter-node")), tags: tags("karpenter-nodes")))
    karpenterNodeRole = role
    for policy in nodeRolePolicies {
      placed(AwsIamRolePolicyAttachment("karpenter-node-role-\(policy)", policyArn: Value("arn:aws:iam::aws:policy/\(policy)"), role: role.name))
    }
    karpenterInstanceProfile = placed(
      AwsIamInstanceProfile(
        "karpenter-instance-profile", namePrefix: Value(WorkloadIdentity.rolePrefix("\(clusterName)-karpenter-node")),
        role: role.name, tags: tags("karpenter-nodes")))
    // Managed node groups get their entries from EKS; nodes Karpenter launches need this one.
    placed(AwsEksAccessEntry("karpenter-node-access", clusterName: eks.name, principalArn: role.arn, type: "EC2_LINUX"))

    let queue = buildInterruptionQueue()
    tagForKarpenterDiscovery(eks)
    let identity = WorkloadIdentity(
      "karpenter", cluster: self, namespace: autoscaling.namespace, serviceAccount: autoscaling.serviceAccount,
      permissions: karpenterPermissions(cluster: eks, nodeRole: role, queue: queue) + (volumeKeyArn.map(Self.volumeKeyPermissions) ?? []),
      file: autoscaling.location.file,
      line: autoscaling.location.line, column: autoscaling.location.column)
    autoscalingIdentity = identity
  }

  /// The queue Karpenter reads interruptions from, encrypted and reachable over TLS only, and
  /// the rules that send it spot interruption warnings, rebalance recommendations, instance
  /// state changes and scheduled health events.
  private func buildInterruptionQueue() -> AwsSqsQueue {
    let queue = placed(
      AwsSqsQueue(
        "karpenter-interruption-queue", messageRetentionSeconds: 300, name: Value(interruptionQueueName),
        sqsManagedSseEnabled: true, tags: tags("karpenter-interruptions")))
    karpenterQueue = queue
    placed(
      AwsSqsQueuePolicy(
        "karpenter-interruption-queue-policy",
        policy: .jsonEncoded([
          "Version": "2012-10-17",
          "Statement": [
            [
              "Sid": "EventsDeliverInterruptions", "Effect": "Allow",
              "Principal": ["Service": ["events.amazonaws.com", "sqs.amazonaws.com"]], "Action": "sqs:SendMessage",
              "Resource": queue.arn.expression,
            ],
            [
              "Sid": "DenyWithoutTLS", "Effect": "Deny", "Principal": "*", "Action": "sqs:*", "Resource": queue.arn.expression,
              "Condition": ["Bool": ["aws:SecureTransport": "false"]],
            ],
          ],
        ]),
        queueUrl: queue.url))
    for (id, source, detailType) in Self.interruptionEvents {
      let rule = placed(
        AwsCloudwatchEventRule(
          "karpenter-\(id)-rule", description: Value("\(detailType) for Karpenter in EKS cluster \(clusterName)"),
          eventPattern: .jsonEncoded(["source": [.string(source)], "detail-type": [.string(detailType)]]),
          namePrefix: Value("karpenter-\(id)-"), tags: tags("karpenter-\(id)")))
      placed(AwsCloudwatchEventTarget("karpenter-\(id)-target", arn: queue.arn, rule: rule.name, targetId: "karpenter-interruption-queue"))
    }
    return queue
  }

  /// The name of the queue Karpenter reads interruptions from, as its chart's settings name it.
  var interruptionQueueName: String { String("\(clusterName)-karpenter".prefix(80)) }

  /// The events Karpenter acts on, each a rule: its id, source and detail type.
  static let interruptionEvents: [(id: String, source: String, detailType: String)] = [
    ("spot-interruption", "aws.ec2", "EC2 Spot Instance Interruption Warning"),
    ("rebalance", "aws.ec2", "EC2 Instance Rebalance Recommendation"),
    ("instance-state-change", "aws.ec2", "EC2 Instance State-change Notification"),
    ("scheduled-change", "aws.health", "AWS Health Event"),
  ]

  /// The tag Karpenter's `EC2NodeClass` selects subnets and security groups by.
  public static let karpenterDiscoveryTag = "karpenter.sh/discovery"

  /// `karpenter.sh/discovery = <cluster name>` on the subnets of the pools' tiers and on the
  /// security group EKS made for the cluster (which the network does not own, so it is tagged
  /// here rather than where it is created).
  private func tagForKarpenterDiscovery(_ eks: AwsEksCluster) {
    let tiers = Set(pools.compactMap { $0.tier.tier(in: network.tiers)?.name })
    for subnet in network.allSubnets where tiers.contains(subnet.tier) {
      placed(
        AwsEc2Tag(
          "karpenter-discovery-\(subnet.tier)-\(subnet.zone)", key: Value(Self.karpenterDiscoveryTag), resourceId: subnet.resource.id,
          value: eks.name))
    }
    placed(
      AwsEc2Tag(
        "karpenter-discovery-cluster-security-group", key: Value(Self.karpenterDiscoveryTag),
        resourceId: eks.vpcConfig[0].clusterSecurityGroupId, value: eks.name))
  }

  /// What the Karpenter controller may do: launch, tag and terminate instances, fleets and
  /// launch templates tagged as this cluster's and a node pool's; manage the instance profiles
  /// it makes for this cluster; pass the node role alone, to EC2; read the queue; describe the
  /// region's EC2 offer, the public AMI parameters, prices and this cluster.
  private func karpenterPermissions(cluster eks: AwsEksCluster, nodeRole: AwsIamRole, queue: AwsSqsQueue) -> [Permission] {
    let region = self.region?.code ?? "*"
    let account = Self.accountID(of: eks)
    let ec2 = { (resource: String) -> Value<String> in Value("arn:aws:ec2:\(region):*:\(resource)/*") }
    let launched = ["fleet", "instance", "volume", "network-interface", "launch-template", "spot-instances-request"].map(ec2)
    let instanceProfiles = Value<String>(expression: "arn:aws:iam::\(account):instance-profile/*")
    let owned = "kubernetes.io/cluster/\(clusterName)"
    let ownedResource = [
      Permission.Condition("StringEquals", "aws:ResourceTag/\(owned)", ["owned"]),
      Permission.Condition("StringLike", "aws:ResourceTag/karpenter.sh/nodepool", ["*"]),
    ]
    let ownedRequest = [
      Permission.Condition("StringEquals", "aws:RequestTag/\(owned)", ["owned"]),
      Permission.Condition("StringEquals", "aws:RequestTag/eks:eks-cluster-name", [eks.name]),
      Permission.Condition("StringLike", "aws:RequestTag/karpenter.sh/nodepool", ["*"]),
    ]
    let profileRequest = [
      Permission.Condition("StringEquals", "aws:RequestTag/\(owned)", ["owned"]),
      Permission.Condition("StringEquals", "aws:RequestTag/eks:eks-cluster-name", [eks.name]),
      Permission.Condition("StringEquals", "aws:RequestTag/topology.kubernetes.io/region", [region]),
      Permission.Condition("StringLike", "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass", ["*"]),
    ]
    let profileResource = [
      Permission.Condition("StringEquals", "aws:ResourceTag/\(owned)", ["owned"]),
      Permission.Condition("StringEquals", "aws:ResourceTag/topology.kubernetes.io/region", [region]),
      Permission.Condition("StringLike", "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass", ["*"]),
    ]
    return [
      // What a launch uses but does not create: AMIs and their snapshots, subnets, security groups.
      .allow(["ec2:RunInstances", "ec2:CreateFleet"], on: ["image", "snapshot"].map { Value("arn:aws:ec2:\(region)::\($0)/*") } + ["security-group", "subnet"].map(ec2)),
      .allow(["ec2:RunInstances", "ec2:CreateFleet"], on: [ec2("launch-template")], when: ownedResource),
      .allow(["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"], on: launched, when: ownedRequest),
      .allow(
        ["ec2:CreateTags"], on: launched,
        when: ownedRequest + [.init("StringEquals", "ec2:CreateAction", ["RunInstances", "CreateFleet", "CreateLaunchTemplate"])]),
      .allow(
        ["ec2:CreateTags"], on: [ec2("instance")],
        when: ownedResource + [
          .init("StringEqualsIfExists", "aws:RequestTag/eks:eks-cluster-name", [eks.name]),
          .init("ForAllValues:StringEquals", "aws:TagKeys", ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"]),
        ]),
      .allow(["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"], on: [ec2("instance"), ec2("launch-template")], when: ownedResource),
      // Describe calls have no resource to name; they are held to the cluster's region.
      .allow(
        [
          "ec2:DescribeImages", "ec2:DescribeInstances", "ec2:DescribeInstanceTypeOfferings", "ec2:DescribeInstanceTypes",
          "ec2:DescribeLaunchTemplates", "ec2:DescribeSecurityGroups", "ec2:DescribeSpotPriceHistory", "ec2:DescribeSubnets",
        ], on: ["*"], when: [.init("StringEquals", "aws:RequestedRegion", [region])]),
      .allow(["ssm:GetParameter"], on: [Value("arn:aws:ssm:\(region)::parameter/aws/service/*")]),
      // The price list has no resource to name.
      .allow(["pricing:GetProducts"], on: ["*"]),
      .allow(["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"], on: [queue.arn]),
      .allow(["iam:PassRole"], on: [nodeRole.arn], when: [.init("StringEquals", "iam:PassedToService", ["ec2.amazonaws.com"])]),
      .allow(["iam:CreateInstanceProfile"], on: [instanceProfiles], when: profileRequest),
      .allow(["iam:TagInstanceProfile"], on: [instanceProfiles], when: profileResource + profileRequest),
      .allow(
        ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"], on: [instanceProfiles],
        when: profileResource),
      .allow(["iam:GetInstanceProfile"], on: [instanceProfiles]),
      .allow(["eks:DescribeCluster"], on: [eks.arn]),
    ]
  }

  /// What launching an instance whose volumes a customer key encrypts takes of the caller:
  /// grants for EC2 on that key (for AWS resources only), and its data key operations.
  static func volumeKeyPermissions(_ keyArn: Value<String>) -> [Permission] {
    [
      .allow(
        ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], on: [keyArn],
        when: [.init("Bool", "kms:GrantIsForAWSResource", ["true"])]),
      .allow(["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], on: [keyArn]),
    ]
  }

  /// The account of the cluster, read from its ARN: no data source, so plans need no AWS call.
  static func accountID(of eks: AwsEksCluster) -> Expr {
    ARNField.account.of(eks.arn.expression)
  }
}
