import Manifests

/// Karpenter's own objects for a cluster with `autoscaling: .karpenter()`: one `NodePool`
/// (karpenter.sh/v1) and one `EC2NodeClass` (karpenter.k8s.aws/v1) per node pool, both named
/// after the pool, in `kubernetes/clusters/<id>/karpenter.yaml`.
///
/// Under Karpenter every pool keeps its managed node group, at the size it was created with
/// (nothing resizes it): that group is the pool's floor, where the controller and the cluster's
/// own services run. Karpenter's `NodePool` of the same name adds nodes of the same kind for
/// pending pods, up to the pool's largest size: the same instance types, capacity type,
/// architecture, labels and taints, in the subnets of the same tier, from the same AMI family,
/// with IMDSv2 and encrypted gp3 volumes as the pool's launch template has them.
extension Cluster {
  /// Why Karpenter gets no `NodePool` for `pool`; nil when it gets one.
  func karpenterExclusion(of pool: NodePool) -> String? {
    if hasControllerPool, pool.name == Autoscaling.controllerPoolName {
      return "the controller's own pool: Karpenter must not manage the nodes it runs on"
    }
    if pool.efa { return "EFA: Karpenter gives nodes no Elastic Fabric Adapter or placement group" }
    if pool.reservation != nil { return "reserved capacity: the node group holds the reservation" }
    if karpenterHeadroom(of: pool) < 1 { return "no room: the node group already has the pool's largest size" }
    return nil
  }

  /// How many nodes Karpenter may add to `pool`: its largest size less those of its node
  /// group, which stays at its starting size.
  func karpenterHeadroom(of pool: NodePool) -> Int { pool.size.upperBound - (pool.desired ?? pool.size.lowerBound) }

  /// The pools Karpenter launches nodes for.
  var karpenterPools: [NodePool] { pools.filter { karpenterExclusion(of: $0) == nil } }

  /// The `EC2NodeClass` and `NodePool` of each pool Karpenter launches nodes for.
  func karpenterObjects(_ manifests: KubernetesManifests, volumeKeyArn: Value<String>?, labels: [String: String]) -> [KubernetesObject] {
    let pools = karpenterPools
    // No value from Terraform without an object to take it: the folder's output would name it.
    guard !pools.isEmpty else { return [] }
    let role = manifests.value("karpenter-node-role-name", karpenterNodeRoleName)
    let volumeKey = volumeKeyArn.map { manifests.value("volume-key-arn", $0) }
    return pools.flatMap { pool in
      [nodeClass(for: pool, role: role, volumeKey: volumeKey, labels: labels), karpenterNodePool(for: pool, labels: labels)]
    }
  }

  /// Where and how a pool's nodes start: the node role (Karpenter makes the instance profile),
  /// the pool's AMI family, the subnets of its tier and the cluster's security group (found by
  /// the discovery tags infra writes), the launch template's metadata options and volumes, and
  /// the stack's tags.
  private func nodeClass(for pool: NodePool, role: ManifestValue, volumeKey: ManifestValue?, labels: [String: String]) -> KubernetesObject {
    let ami = Self.karpenterAMI(pool.amiType, releaseVersion: pool.releaseVersion, version: pool.version)
    let discovery = [Self.karpenterDiscoveryTag: clusterName]
    let tier = pool.tier.tier(in: network.tiers)?.name
    let provider = (providerConfiguration as? AWSProvider) ?? AWSProvider.stackDefault(of: self)
    let volumes: [ManifestValue] = pool.amiType.volumes(diskGiB: pool.diskGiB).map { volume in
      .map([
        "deviceName": .string(volume.device),
        "ebs": .map([
          "volumeSize": volume.sizeGiB.map { .string("\($0)Gi") },
          "volumeType": "gp3",
          "encrypted": true,
          "kmsKeyID": volumeKey,
          "deleteOnTermination": true,
        ]),
      ])
    }
    return KubernetesObject(
      "karpenter.k8s.aws/v1", "EC2NodeClass", name: pool.name, labels: labels,
      body: [
        "spec": .map([
          "role": role,
          "amiFamily": ami.family.map(ManifestValue.string),
          "amiSelectorTerms": [ami.term],
          // The pool's tier alone: every tier holding a pool carries the discovery tag.
          "subnetSelectorTerms": [.map(["tags": .sorted(discovery.merging(tier.map { ["Tier": $0] } ?? [:]) { $1 })])],
          "securityGroupSelectorTerms": [.map(["tags": .sorted(discovery)])],
          // As the pool's launch template: IMDSv2 only, and out of pods' reach unless asked.
          "metadataOptions": .map([
            "httpEndpoint": "enabled",
            "httpPutResponseHopLimit": .int(pool.podsReachInstanceMetadata ? 2 : 1),
            "httpTokens": "required",
          ]),
          "blockDeviceMappings": .list(volumes),
          "tags": (provider?.defaultTags).flatMap { $0.isEmpty ? nil : .sorted($0) },
        ])
      ])
  }

  /// What Karpenter may launch for a pool and how it takes nodes away again.
  private func karpenterNodePool(for pool: NodePool, labels: [String: String]) -> KubernetesObject {
    var requirements: [ManifestValue] = [
      Self.requirement("node.kubernetes.io/instance-type", pool.instanceTypes),
      Self.requirement("karpenter.sh/capacity-type", [pool.capacity == .spot ? "spot" : "on-demand"]),
      Self.requirement("kubernetes.io/arch", [pool.amiType.architecture == .arm64 ? "arm64" : "amd64"]),
      Self.requirement("kubernetes.io/os", ["linux"]),
    ]
    if let zone = pool.zone { requirements.append(Self.requirement("topology.kubernetes.io/zone", [zone])) }
    let taints: [ManifestValue] = pool.taints.map { taint in
      .map(["key": .string(taint.key), "value": taint.value.map(ManifestValue.string), "effect": .string(taint.effect.kubernetesName)])
    }
    let headroom = karpenterHeadroom(of: pool)
    var limits: [String: String] = ["nodes": "\(headroom)"]
    let cpus = pool.instanceTypes.map(InstanceFamilies.vCPUs(of:))
    if !cpus.isEmpty, cpus.allSatisfy({ $0 != nil }) { limits["cpu"] = "\(headroom * cpus.map { $0! }.max()!)" }
    let production = environment == .production
    // A node with accelerators is taken away only when empty: never to move a running job.
    let accelerated = pool.accelerator != nil || pool.amiType.driver != nil
    return KubernetesObject(
      "karpenter.sh/v1", "NodePool", name: pool.name, labels: labels,
      body: [
        "spec": .map([
          "template": .map([
            "metadata": pool.labels.isEmpty ? nil : .map(["labels": .sorted(pool.labels)]),
            "spec": .map([
              "nodeClassRef": .map(["group": "karpenter.k8s.aws", "kind": "EC2NodeClass", "name": .string(pool.name)]),
              "requirements": .list(requirements),
              "taints": taints.isEmpty ? nil : .list(taints),
              // Nodes are replaced at least monthly, so they run current AMIs.
              "expireAfter": .string(Self.karpenterExpireAfter),
            ]),
          ]),
          "limits": .sorted(limits),
          "disruption": .map([
            "consolidationPolicy": accelerated ? "WhenEmpty" : "WhenEmptyOrUnderutilized",
            "consolidateAfter": production ? "10m" : "1m",
            // Production gives up a tenth of a pool's Karpenter nodes at a time (at least one).
            "budgets": [.map(["nodes": production ? "10%" : "50%"])],
          ]),
          // Pods that ask for no particular pool get the general ones' nodes first.
          "weight": pool.labels.isEmpty && pool.taints.isEmpty ? 10 : nil,
        ])
      ])
  }

  /// The longest a Karpenter node lives: 30 days.
  static let karpenterExpireAfter = "720h"

  private static func requirement(_ key: String, _ values: [String]) -> ManifestValue {
    .map(["key": .string(key), "operator": "In", "values": .list(values.map(ManifestValue.string))])
  }

  /// How an `EC2NodeClass` selects a pool's AMI: the family's alias (`al2023@…`,
  /// `bottlerocket@…`), which follows the control plane's Kubernetes version and picks the
  /// NVIDIA or Neuron variant by instance type; pinned to the pool's release when it names one,
  /// else `latest`. A pool that pins its Kubernetes `version` gets the public SSM parameter of
  /// that version's AMI instead, and the family with it, so its nodes stay on that version.
  static func karpenterAMI(
    _ ami: NodePool.AMIType, releaseVersion: String?, version: KubernetesVersion?
  ) -> (family: String?, term: ManifestValue) {
    let arch = ami.architecture == .arm64 ? "arm64" : "x86_64"
    switch ami.operatingSystem {
    case .amazonLinux2023:
      // `1.31.3-20241213`: the AMI release is the date.
      let release = releaseVersion.map { "v" + ($0.split(separator: "-").last.map(String.init) ?? $0) }
      guard let version else { return (nil, .map(["alias": .string("al2023@\(release ?? "latest")")])) }
      let variant = switch ami.driver {
      case .nvidia?: "nvidia"
      case .neuron?: "neuron"
      case nil: "standard"
      }
      let name = release.map { "amazon-eks-node-al2023-\(arch)-\(variant)-\(version)-\($0)" } ?? "recommended"
      return ("AL2023", .map(["ssmParameter": .string("/aws/service/eks/optimized-ami/\(version)/amazon-linux-2023/\(arch)/\(variant)/\(name)/image_id")]))
    case .bottlerocket:
      // `1.29.0-c55d099c`: the Bottlerocket release comes first.
      let release = releaseVersion.map { String($0.prefix { $0 != "-" }) }
      guard let version else { return (nil, .map(["alias": .string("bottlerocket@\(release.map { "v\($0)" } ?? "latest")")])) }
      let variant = ami.driver == .nvidia ? "-nvidia" : ""
      return (
        "Bottlerocket", .map(["ssmParameter": .string("/aws/service/bottlerocket/aws-k8s-\(version)\(variant)/\(arch)/\(release ?? "latest")/image_id")])
      )
    }
  }
}

extension InstanceFamilies {
  /// The vCPUs of an instance type, read from its size: 2 for `large`, 4 for `xlarge`, 4 × N
  /// for `Nxlarge`; nil for sizes whose count differs by family (`medium`, `metal`). A few
  /// types run one thread per core (hpc6a, hpc7a) and have fewer than their size says, never
  /// more, so a limit made from it is never too tight for them.
  static func vCPUs(of type: String) -> Int? {
    guard let dot = type.firstIndex(of: ".") else { return nil }
    let size = type[type.index(after: dot)...]
    if size == "large" { return 2 }
    guard size.hasSuffix("xlarge") else { return nil }
    let multiple = size.dropLast("xlarge".count)
    if multiple.isEmpty { return 4 }
    return Int(multiple).map { 4 * $0 }
  }
}
