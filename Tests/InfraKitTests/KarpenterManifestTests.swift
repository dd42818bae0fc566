import InfraKit
import Testing

/// Karpenter's NodePools and EC2NodeClasses in `kubernetes/clusters/<id>/karpenter.yaml`,
/// followed by references: a pool's taint from its node group to Karpenter's NodePool and to
/// the NVIDIA device plugin's tolerations; the node role's name from Terraform through the
/// folder's output and kustomization into each EC2NodeClass's `role`.
@Suite struct KarpenterManifestTests {
  private static func stack(
    environment: Environment = .production, autoscaling: Cluster.Autoscaling? = .karpenter(), volumeKey: Bool = false,
    _ pools: @escaping () -> [NodePool]
  ) throws -> SynthesizedStack {
    try Stack("platform", environment: environment, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      let key = volumeKey ? AwsKmsKey("volume-key", description: "EBS volumes", enableKeyRotation: true) : nil
      Cluster("main", version: "1.35", network: network, volumeKeyArn: key?.arn, autoscaling: autoscaling) {
        for pool in pools() { pool }
      }
    }.synthesize()
  }

  private static func folder(_ stack: SynthesizedStack) throws -> KubernetesManifests {
    try #require(stack.manifests.first { $0.folder == "clusters/main" })
  }

  /// The text of `karpenter.yaml`, without the notice every file starts with.
  private static func karpenterFile(_ stack: SynthesizedStack) throws -> String? {
    let files = try folder(stack).manifests.rendered(header: "header")
    return files.first { $0.name == "karpenter.yaml" }.map { String($0.text.dropFirst("# header\n".count)) }
  }

  @Test func aGeneralAndAGPUPoolBecomeTheseObjects() throws {
    let stack = try Self.stack(volumeKey: true) {
      [
        NodePool("general", instanceTypes: ["m6i.large", "m6i.xlarge"], size: 3...9),
        NodePool("gpu", instanceTypes: ["g5.xlarge"], size: 0...4, diskGiB: 200, accelerator: .nvidia),
      ]
    }
    #expect(try Self.karpenterFile(stack) == """
      ---
      apiVersion: karpenter.k8s.aws/v1
      kind: EC2NodeClass
      metadata:
        name: general
        labels:
          app.kubernetes.io/managed-by: infra
      spec:
        role: terraform-output:karpenter-node-role-name
        amiSelectorTerms:
          - alias: al2023@latest
        subnetSelectorTerms:
          - tags:
              Tier: private
              karpenter.sh/discovery: platform-main
        securityGroupSelectorTerms:
          - tags:
              karpenter.sh/discovery: platform-main
        metadataOptions:
          httpEndpoint: enabled
          httpPutResponseHopLimit: 1
          httpTokens: required
        blockDeviceMappings:
          - deviceName: /dev/xvda
            ebs:
              volumeSize: 50Gi
              volumeType: gp3
              encrypted: true
              kmsKeyID: terraform-output:volume-key-arn
              deleteOnTermination: true
        tags:
          Environment: production
          ManagedBy: infra
          Stack: platform
      ---
      apiVersion: karpenter.sh/v1
      kind: NodePool
      metadata:
        name: general
        labels:
          app.kubernetes.io/managed-by: infra
      spec:
        template:
          spec:
            nodeClassRef:
              group: karpenter.k8s.aws
              kind: EC2NodeClass
              name: general
            requirements:
              - key: node.kubernetes.io/instance-type
                operator: In
                values:
                  - m6i.large
                  - m6i.xlarge
              - key: karpenter.sh/capacity-type
                operator: In
                values:
                  - on-demand
              - key: kubernetes.io/arch
                operator: In
                values:
                  - amd64
              - key: kubernetes.io/os
                operator: In
                values:
                  - linux
            expireAfter: 720h
        limits:
          cpu: "24"
          nodes: "6"
        disruption:
          consolidationPolicy: WhenEmptyOrUnderutilized
          consolidateAfter: 10m
          budgets:
            - nodes: "10%"
        weight: 10
      ---
      apiVersion: karpenter.k8s.aws/v1
      kind: EC2NodeClass
      metadata:
        name: gpu
        labels:
          app.kubernetes.io/managed-by: infra
      spec:
        role: terraform-output:karpenter-node-role-name
        amiSelectorTerms:
          - alias: al2023@latest
        subnetSelectorTerms:
          - tags:
              Tier: private
              karpenter.sh/discovery: platform-main
        securityGroupSelectorTerms:
          - tags:
              karpenter.sh/discovery: platform-main
        metadataOptions:
          httpEndpoint: enabled
          httpPutResponseHopLimit: 1
          httpTokens: required
        blockDeviceMappings:
          - deviceName: /dev/xvda
            ebs:
              volumeSize: 200Gi
              volumeType: gp3
              encrypted: true
              kmsKeyID: terraform-output:volume-key-arn
              deleteOnTermination: true
        tags:
          Environment: production
          ManagedBy: infra
          Stack: platform
      ---
      apiVersion: karpenter.sh/v1
      kind: NodePool
      metadata:
        name: gpu
        labels:
          app.kubernetes.io/managed-by: infra
      spec:
        template:
          metadata:
            labels:
              accelerator: nvidia
          spec:
            nodeClassRef:
              group: karpenter.k8s.aws
              kind: EC2NodeClass
              name: gpu
            requirements:
              - key: node.kubernetes.io/instance-type
                operator: In
                values:
                  - g5.xlarge
              - key: karpenter.sh/capacity-type
                operator: In
                values:
                  - on-demand
              - key: kubernetes.io/arch
                operator: In
                values:
                  - amd64
              - key: kubernetes.io/os
                operator: In
                values:
                  - linux
            taints:
              - key: nvidia.com/gpu
                value: "true"
                effect: NoSchedule
            expireAfter: 720h
        limits:
          cpu: "16"
          nodes: "4"
        disruption:
          consolidationPolicy: WhenEmpty
          consolidateAfter: 10m
          budgets:
            - nodes: "10%"

      """)
  }

  /// The GPU pool's taint and label, from the node group Terraform makes, are those of
  /// Karpenter's NodePool for it, which the device plugin's DaemonSet tolerates and selects.
  @Test func theGPUPoolsTaintReachesKarpentersNodePoolAndTheDevicePluginToleratesIt() throws {
    let stack = try Self.stack {
      [
        NodePool("general", instanceTypes: ["m6i.large"], size: 2...4),
        NodePool("gpu", instanceTypes: ["g5.xlarge"], size: 0...4, accelerator: .nvidia),
      ]
    }
    let folder = try Self.folder(stack).manifests
    let group = try #require(stack.configuration.resources.first { $0.type == "aws_eks_node_group" && $0.name == "main_pool_gpu" })
    let groupTaints = group.body.blocks("taint")
    #expect(groupTaints.count == 1)
    let nodePool = try #require(folder.objects.first { $0.kind == "NodePool" && $0.name == "gpu" })
    let template = nodePool["spec"]?["template"]
    // The node group's taint, effect named as Kubernetes names it …
    let expected: [ManifestValue] = groupTaints.map { taint in
      .map([
        "key": .string(taint["key"]?.stringValue ?? ""), "value": .string(taint["value"]?.stringValue ?? ""),
        "effect": taint["effect"] == "NO_SCHEDULE" ? "NoSchedule" : "other",
      ])
    }
    #expect(template?["spec"]?["taints"] == .list(expected))
    #expect(expected == [.map(["key": "nvidia.com/gpu", "value": "true", "effect": "NoSchedule"])])
    // … tolerated by the device plugin, which selects the label both kinds of node carry.
    let plugin = try #require(folder.objects.first { $0.kind == "DaemonSet" && $0.name == "nvidia-device-plugin" })
    let pod = plugin["spec"]?["template"]?["spec"]
    for taint in template?["spec"]?["taints"]?.listValue ?? [] {
      let toleration = ManifestValue.map([
        "key": taint["key"]!, "operator": "Equal", "value": taint["value"]!, "effect": taint["effect"]!,
      ])
      #expect(pod?["tolerations"]?.listValue?.contains(toleration) == true)
    }
    guard case .map(let selector)? = pod?["nodeSelector"], case .object(let groupLabels)? = group.body["labels"] else {
      Issue.record("no node selector or labels")
      return
    }
    #expect(!selector.isEmpty)
    for entry in selector {
      #expect(template?["metadata"]?["labels"]?[entry.key] == entry.value)
      #expect(groupLabels[entry.key] == .string(entry.value.stringValue ?? ""))
    }
    // The general pool has no taint, and no pod needs to tolerate anything there.
    let general = try #require(folder.objects.first { $0.kind == "NodePool" && $0.name == "general" })
    #expect(general["spec"]?["template"]?["spec"]?["taints"] == nil)
  }

  /// Each EC2NodeClass's `role` is a placeholder the kustomization fills from the line of the
  /// folder's Terraform output that holds the name of Karpenter's node role.
  @Test func theNodeRolesNameReachesEachNodeClassThroughTheFoldersOutput() throws {
    let stack = try Self.stack {
      [
        NodePool("general", instanceTypes: ["m6i.large"], size: 2...4),
        NodePool("memory", instanceTypes: ["r6i.xlarge"], size: 0...3, labels: ["workload": "memory"]),
      ]
    }
    let manifests = try Self.folder(stack)
    let classes = manifests.manifests.objects.filter { $0.kind == "EC2NodeClass" }
    #expect(classes.map(\.name) == ["general", "memory"])
    for nodeClass in classes { #expect(nodeClass["spec"]?["role"] == .fromTerraform(key: "karpenter-node-role-name")) }
    let replacements = manifests.manifests.kustomization["replacements"]?.listValue ?? []
    #expect(
      replacements == [
        .map([
          "source": .map(["kind": "ConfigMap", "name": "terraform-outputs-clusters-main", "fieldPath": "data.karpenter-node-role-name"]),
          "targets": [
            .map(["select": .map(["kind": "EC2NodeClass", "name": "general"]), "fieldPaths": ["spec.role"]]),
            .map(["select": .map(["kind": "EC2NodeClass", "name": "memory"]), "fieldPaths": ["spec.role"]]),
          ],
        ])
      ])
    // The output's line is the node role's name, the role the access entry lets join.
    let role = Reference.resource(type: "aws_iam_role", name: "main_karpenter_node_role")
    let output = try #require(stack.configuration.outputs.first { $0.name == manifests.logicalID })
    #expect(output.value == .template(["karpenter-node-role-name=", .reference(role.attribute("name")), "\n"]))
    let entry = try #require(stack.configuration.resources.first { $0.name == "main_karpenter_node_access" })
    #expect(entry.body["principal_arn"] == .reference(role.attribute("arn")))
    #expect(entry.body["type"] == "EC2_LINUX")
  }

  /// The discovery tags the EC2NodeClass selects by are on the pool's subnets and on the
  /// cluster's security group, with the cluster's name.
  @Test func theSelectorsAreTheDiscoveryTagsInfraWrites() throws {
    let stack = try Self.stack { [NodePool("general", instanceTypes: ["m6i.large"], size: 2...4)] }
    let nodeClass = try #require(try Self.folder(stack).manifests.objects.first { $0.kind == "EC2NodeClass" })
    let tags = stack.configuration.resources.filter { $0.type == "aws_ec2_tag" && $0.body["key"] == "karpenter.sh/discovery" }
    #expect(tags.map(\.name).sorted() == [
      "main_karpenter_discovery_cluster_security_group", "main_karpenter_discovery_private_eu_west_1a", "main_karpenter_discovery_private_eu_west_1b",
    ])
    let cluster = Reference.resource(type: "aws_eks_cluster", name: "main_cluster")
    for tag in tags { #expect(tag.body["value"] == .reference(cluster.attribute("name"))) }
    let eks = try #require(stack.configuration.resources.first { $0.name == "main_cluster" })
    #expect(eks.body["name"] == "platform-main")
    #expect(nodeClass["spec"]?["securityGroupSelectorTerms"] == [.map(["tags": .map(["karpenter.sh/discovery": "platform-main"])])])
    #expect(nodeClass["spec"]?["subnetSelectorTerms"] == [.map(["tags": .map(["Tier": "private", "karpenter.sh/discovery": "platform-main"])])])
    let subnet = try #require(stack.configuration.resources.first { $0.name == "core_private_a" })
    guard case .object(let subnetTags)? = subnet.body["tags"] else {
      Issue.record("the subnet has no tags")
      return
    }
    #expect(subnetTags["Tier"] == "private")
  }

  /// Pools Karpenter does not add to: the controller's own, an EFA pool, one in reserved
  /// capacity, one already at its largest size; and clusters without Karpenter.
  @Test func poolsKarpenterCannotOrMustNotGrowGetNoNodePool() throws {
    let stack = try Self.stack {
      [
        NodePool("system", instanceTypes: ["m6i.large"], size: 2...2),
        NodePool("started", instanceTypes: ["m6i.large"], size: 1...3, desired: 3),
        NodePool("training", instanceTypes: ["p5.48xlarge"], size: 0...4, accelerator: .nvidia, efa: true),
        NodePool(
          "reserved", instanceTypes: ["g6.xlarge"], size: 0...2, accelerator: .nvidia, zone: "eu-west-1a",
          reservation: .capacityReservation("cr-0123456789abcdef0")),
        NodePool("batch", instanceTypes: ["c7g.2xlarge"], size: 1...5, desired: 2, capacity: .spot),
      ]
    }
    let objects = try Self.folder(stack).manifests.objects.filter { $0.apiVersion.hasPrefix("karpenter") }
    #expect(objects.map { "\($0.kind)/\($0.name)" } == ["EC2NodeClass/batch", "NodePool/batch"])
    let batch = try #require(objects.last)
    #expect(batch["spec"]?["limits"] == .map(["cpu": "24", "nodes": "3"]), "5 nodes less the 2 the node group starts with, of 8 vCPUs")
    let requirements = batch["spec"]?["template"]?["spec"]?["requirements"]?.listValue ?? []
    #expect(requirements.first { $0["key"] == "karpenter.sh/capacity-type" }?["values"] == ["spot"])
    #expect(requirements.first { $0["key"] == "kubernetes.io/arch" }?["values"] == ["arm64"])

    let bare = try Self.stack { [] }
    #expect(try Self.karpenterFile(bare) == nil, "the controller's own pool")
    #expect(bare.configuration.resources.contains { $0.name == "main_pool_karpenter" })
    #expect(try Self.folder(bare).manifests.terraformKeys == [], "nothing takes the node role's name")
    #expect(!bare.configuration.outputs.contains { $0.name == "main_kubernetes" })
    let autoscaler = try Self.stack(autoscaling: .clusterAutoscaler()) { [NodePool("general", instanceTypes: ["m6i.large"], size: 2...4)] }
    #expect(try Self.karpenterFile(autoscaler) == nil)
    let none = try Self.stack(autoscaling: nil) { [NodePool("general", instanceTypes: ["m6i.large"], size: 2...4)] }
    #expect(try Self.karpenterFile(none) == nil)
  }

  /// The AMI: the pool's family by alias, pinned to its release when it names one; by the SSM
  /// parameter of its Kubernetes version when it pins one, so its nodes keep that version.
  @Test(arguments: [
    (NodePool.AMIType.al2023x86, nil, nil, ["alias": "al2023@latest"]),
    (.al2023x86, "1.35.0-20251209", nil, ["alias": "al2023@v20251209"]),
    (.bottlerocketARM, nil, nil, ["alias": "bottlerocket@latest"]),
    (.bottlerocketARM, "1.50.0-6da1e9fb", nil, ["alias": "bottlerocket@v1.50.0"]),
    (.al2023x86NVIDIA, nil, "1.34", ["amiFamily": "AL2023", "ssmParameter": "/aws/service/eks/optimized-ami/1.34/amazon-linux-2023/x86_64/nvidia/recommended/image_id"]),
    (.al2023ARM, "1.34.2-20251112", "1.34", ["amiFamily": "AL2023", "ssmParameter": "/aws/service/eks/optimized-ami/1.34/amazon-linux-2023/arm64/standard/amazon-eks-node-al2023-arm64-standard-1.34-v20251112/image_id"]),
    (.bottlerocketx86NVIDIA, nil, "1.34", ["amiFamily": "Bottlerocket", "ssmParameter": "/aws/service/bottlerocket/aws-k8s-1.34-nvidia/x86_64/latest/image_id"]),
    (.bottlerocketARM, "1.49.0-3d1b4a2c", "1.34", ["amiFamily": "Bottlerocket", "ssmParameter": "/aws/service/bottlerocket/aws-k8s-1.34/arm64/1.49.0/image_id"]),
  ] as [(NodePool.AMIType, String?, KubernetesVersion?, [String: String])])
  func theAMIFollowsThePoolsFamilyReleaseAndVersion(ami: NodePool.AMIType, release: String?, version: KubernetesVersion?, expected: [String: String]) throws {
    let graviton = ami.rawValue.contains("ARM")
    let types = ami.driver == .nvidia ? ["g5.xlarge"] : graviton ? ["m7g.large"] : ["m6i.large"]
    let stack = try Self.stack {
      [
        NodePool(
          "pool", instanceTypes: types, size: 0...2, amiType: ami, releaseVersion: release,
          accelerator: ami.driver == .nvidia ? .nvidia : nil, version: version)
      ]
    }
    let nodeClass = try #require(try Self.folder(stack).manifests.objects.first { $0.kind == "EC2NodeClass" })
    let spec = nodeClass["spec"]
    var found: [String: String] = [:]
    if let family = spec?["amiFamily"]?.stringValue { found["amiFamily"] = family }
    for term in spec?["amiSelectorTerms"]?.listValue ?? [] {
      guard case .map(let entries) = term else { continue }
      for entry in entries { found[entry.key] = entry.value.stringValue }
    }
    #expect(found == expected)
    #expect(spec?["amiSelectorTerms"]?.listValue?.count == 1, "an alias must be the only term")
    // Bottlerocket's OS volume keeps the AMI's size; its data volume gets the disk.
    let devices = spec?["blockDeviceMappings"]?.listValue?.map { "\($0["deviceName"]?.stringValue ?? "")=\($0["ebs"]?["volumeSize"]?.stringValue ?? "-")" }
    #expect(devices == (ami.rawValue.hasPrefix("BOTTLEROCKET") ? ["/dev/xvda=-", "/dev/xvdb=50Gi"] : ["/dev/xvda=50Gi"]))
  }

  /// Outside production, Karpenter consolidates sooner and takes half a pool's nodes at once;
  /// pods reaching the instance metadata service (the pool says so) get a hop limit of 2; a
  /// pool in one zone, or another tier, is held there.
  @Test func developmentAndThePoolsOwnSettings() throws {
    let stack = try Self.stack(environment: .development) {
      [
        NodePool(
          "edge", instanceTypes: ["m6i.metal"], size: 0...2, labels: ["role": "edge"], taints: [.init("dedicated", effect: .noExecute)],
          tier: .tier("isolated"), podsReachInstanceMetadata: true, zone: "eu-west-1b")
      ]
    }
    let objects = try Self.folder(stack).manifests.objects
    let nodeClass = try #require(objects.first { $0.kind == "EC2NodeClass" })
    #expect(nodeClass["spec"]?["metadataOptions"]?["httpPutResponseHopLimit"] == 2)
    #expect(nodeClass["spec"]?["subnetSelectorTerms"] == [.map(["tags": .map(["Tier": "isolated", "karpenter.sh/discovery": "platform-main"])])])
    let nodePool = try #require(objects.first { $0.kind == "NodePool" })
    let spec = nodePool["spec"]
    #expect(spec?["disruption"] == .map(["consolidationPolicy": "WhenEmptyOrUnderutilized", "consolidateAfter": "1m", "budgets": [.map(["nodes": "50%"])]]))
    #expect(spec?["limits"] == .map(["nodes": "2"]), "a metal size says nothing of its vCPUs")
    #expect(spec?["weight"] == nil, "a labelled pool is asked for, not preferred")
    #expect(spec?["template"]?["spec"]?["taints"] == [.map(["key": "dedicated", "effect": "NoExecute"])])
    let requirements = spec?["template"]?["spec"]?["requirements"]?.listValue ?? []
    #expect(requirements.last == .map(["key": "topology.kubernetes.io/zone", "operator": "In", "values": ["eu-west-1b"]]))
  }
}
