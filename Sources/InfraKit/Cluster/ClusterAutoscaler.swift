extension Cluster {
  /// What the Cluster Autoscaler needs from AWS: its identity, allowed to resize only the Auto
  /// Scaling groups tagged as this cluster's, and the tags on each node group's Auto Scaling
  /// group that let it find the group and, for a pool at zero nodes, know the labels and taints
  /// a new node would have.
  func buildClusterAutoscaler(_ autoscaling: Autoscaling, cluster eks: AwsEksCluster) {
    for pool in pools {
      for generation in pool.generations {
        let group = generation.isRetiring ? retiringNodeGroups[pool.name] : nodeGroups[pool.name]
        guard let group else { continue }
        tagForClusterAutoscaler(group, stem: generation.stem(of: pool), pool: pool, isRetiring: generation.isRetiring)
      }
    }
    autoscalingIdentity = WorkloadIdentity(
      "cluster-autoscaler", cluster: self, namespace: autoscaling.namespace, serviceAccount: autoscaling.serviceAccount,
      permissions: clusterAutoscalerPermissions(cluster: eks), file: autoscaling.location.file, line: autoscaling.location.line,
      column: autoscaling.location.column)
  }

  /// The tag whose value `owned` marks an Auto Scaling group as this cluster's.
  var clusterAutoscalerOwnerTag: String { "k8s.io/cluster-autoscaler/\(clusterName)" }

  /// The tags of one node group's Auto Scaling group, which EKS creates and does not copy the
  /// node group's tags to: each written on its own, on the group EKS reports.
  private func tagForClusterAutoscaler(_ group: AwsEksNodeGroup, stem: String, pool: NodePool, isRetiring: Bool) {
    let taints = pool.taints + (isRetiring ? [NodePool.retiringTaint] : [])
    var asgTags: [(id: String, key: String, value: String)] = [
      ("enabled", "k8s.io/cluster-autoscaler/enabled", "true"), ("owner", clusterAutoscalerOwnerTag, "owned"),
    ]
    for (key, value) in pool.labels.sorted(by: { $0.key < $1.key }) {
      asgTags.append((NodePool.autoscalerTagID(label: key), "k8s.io/cluster-autoscaler/node-template/label/\(key)", value))
    }
    for taint in taints {
      asgTags.append(
        (NodePool.autoscalerTagID(taint: taint.key), "k8s.io/cluster-autoscaler/node-template/taint/\(taint.key)",
         "\(taint.value ?? ""):\(taint.effect.kubernetesName)"))
    }
    let groupName = group.resources[0].autoscalingGroups[0].name
    for tag in asgTags {
      let resource = placed(
        AwsAutoscalingGroupTag(
          "pool-\(stem)-autoscaler-\(tag.id)", autoscalingGroupName: groupName,
          tag: .init(key: Value(tag.key), propagateAtLaunch: false, value: Value(tag.value))))
      resource.node.authored(at: pool.location)
    }
  }

  /// Reads of groups, launch templates and instance types (which have no resource to name);
  /// resizing and terminating in groups tagged as this cluster's; and this cluster's node groups,
  /// whose labels and taints it reads for pools at zero nodes.
  private func clusterAutoscalerPermissions(cluster eks: AwsEksCluster) -> [Permission] {
    let region = self.region?.code ?? "*"
    let account = Self.accountID(of: eks)
    return [
      .allow(
        [
          "autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances",
          "autoscaling:DescribeLaunchConfigurations", "autoscaling:DescribeScalingActivities", "autoscaling:DescribeTags",
          "ec2:DescribeImages", "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplateVersions",
          "ec2:GetInstanceTypesFromInstanceRequirements",
        ], on: ["*"]),
      .allow(
        ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
        on: [Value<String>(expression: "arn:aws:autoscaling:\(region):\(account):autoScalingGroup:*:autoScalingGroupName/*")],
        when: [.init("StringEquals", "aws:ResourceTag/\(clusterAutoscalerOwnerTag)", ["owned"])]),
      .allow(["eks:DescribeNodegroup"], on: [Value<String>(expression: "arn:aws:eks:\(region):\(account):nodegroup/\(clusterName)/*/*")]),
    ]
  }
}

extension NodePool.Taint.Effect {
  /// The effect as Kubernetes (and a taint written as `key=value:Effect`) names it.
  public var kubernetesName: String {
    switch self {
    case .noSchedule: "NoSchedule"
    case .preferNoSchedule: "PreferNoSchedule"
    case .noExecute: "NoExecute"
    }
  }
}

extension NodePool {
  /// The construct id of the Auto Scaling group tag that carries a label or a taint.
  static func autoscalerTagID(label key: String) -> String { "label-\(Access.slug(key))" }
  static func autoscalerTagID(taint key: String) -> String { "taint-\(Access.slug(key))" }

  /// Labels or taints whose Cluster Autoscaler tags would have one name: two taints of one key
  /// (an Auto Scaling group tag holds one value), or keys that differ only in punctuation.
  func clusterAutoscalerTagProblems() -> [SettingProblem] {
    var problems: [SettingProblem] = []
    var seen: [String: String] = [:]
    let keys = labels.keys.sorted().map { ("label '\($0)'", Self.autoscalerTagID(label: $0)) }
      + taints.map { ("taint '\($0.key)'", Self.autoscalerTagID(taint: $0.key)) }
    for (described, id) in keys {
      if let other = seen[id] {
        problems.append(
          SettingProblem(
            "autoscaler-node-template",
            "node pool '\(name)': the Cluster Autoscaler's tags for \(other) and \(described) would share one Auto Scaling group tag",
            "give each label and taint a key of its own, differing in more than punctuation, and one taint per key"))
      }
      seen[id] = seen[id] ?? described
    }
    return problems
  }
}
