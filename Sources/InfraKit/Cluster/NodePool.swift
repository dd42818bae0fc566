/// A managed node group of a ``Cluster``, written inside the cluster's body: a pool outside a
/// cluster does not compile.
///
/// Every pool rotates create-before-destroy: the node group and its launch template have name
/// prefixes, never fixed names, so a replacement can exist beside the pool it replaces. The launch
/// template requires IMDSv2 and encrypts the root volume; nodes sit in private subnets, which give
/// no public addresses.
///
/// A pool can also rotate blue/green, in two changes: the first names a new `generation:` and
/// marks the old one `retiring:` (kept, but tainted so nothing new lands on it); the second drops
/// `retiring:`, and the old generation with it. `infra check-plan` tells that second change,
/// which removes a node group tainted ``retiringTaintKey`` in an earlier apply, from an accident.
public struct NodePool: Sendable {
  /// On-demand or spot capacity.
  public enum Capacity: String, Sendable { case onDemand = "ON_DEMAND", spot = "SPOT" }

  /// An accelerator preset.
  public enum Accelerator: String, Sendable {
    /// NVIDIA GPUs: the NVIDIA AMI, the taint `nvidia.com/gpu=true:NoSchedule` so only pods that
    /// tolerate it land there, and the label `accelerator=nvidia`.
    case nvidia
  }

  /// A Kubernetes taint: `key=value:Effect`.
  public struct Taint: Sendable, Hashable {
    public enum Effect: String, Sendable {
      case noSchedule = "NO_SCHEDULE", preferNoSchedule = "PREFER_NO_SCHEDULE", noExecute = "NO_EXECUTE"
    }
    public var key: String
    public var value: String?
    public var effect: Effect

    public init(_ key: String, value: String? = nil, effect: Effect) {
      self.key = key
      self.value = value
      self.effect = effect
    }
  }

  public var name: String
  public var instanceTypes: [String]
  public var size: ClosedRange<Int>
  /// The size when the pool is created; later changes are left to the cluster autoscaler, so
  /// Terraform does not fight it.
  public var desired: Int?
  public var capacity: Capacity
  public var diskGiB: Int
  public var labels: [String: String]
  public var taints: [Taint]
  /// The network tier whose subnets the nodes go in: `.private` (the private tier) by default.
  public var tier: SubnetSelection
  public var amiType: AMIType
  public var releaseVersion: String?
  /// The Kubernetes version the pool's nodes stay on; nil (the default) to follow the cluster's.
  public var version: KubernetesVersion?
  public var maxUnavailable: Int
  /// Whether pods may reach the instance metadata service (IMDS) of their node, and with it the
  /// node role's credentials: a hop limit of 2 instead of 1.
  public var podsReachInstanceMetadata: Bool
  public var accelerator: Accelerator?
  /// The name of the pool's current generation; nil for the generation it was created with.
  public var generation: String?
  /// The generation being retired beside the current one, if any.
  public var retiring: RetiringGeneration?
  /// Whether nodes get an Elastic Fabric Adapter and share a cluster placement group.
  public var efa: Bool
  /// The one availability zone the nodes run in; nil for all the network's zones, or (for EFA
  /// and zonal reservations) the first.
  public var zone: String?
  /// The reserved capacity the nodes start in, if any.
  public var reservation: Reservation?
  /// Where settings were written, when that is not where the pool is (a stack file's values):
  /// problems with a setting are reported there.
  public var valueLocations: [Setting: SourceLocation] = [:]
  let location: SourceLocation

  /// A setting whose problems can be reported where it is written.
  public enum Setting: Sendable, Hashable { case amiType, efa, zone, reservation, instanceTypes }

  /// Where `setting` was written: its own place, else the pool's.
  func location(of setting: Setting) -> SourceLocation { valueLocations[setting] ?? location }

  /// The key of the `NoSchedule` taint on a retiring generation's nodes (value `true`).
  public static let retiringTaintKey = "infra.dev/retiring"

  /// - Parameters:
  ///   - size: the smallest and largest number of nodes.
  ///   - accelerator: `.nvidia` sets the NVIDIA AMI, a taint and a label, and requires a GPU
  ///     instance family (g4dn, g5, g6, g6e, p4d, p5, …).
  ///   - amiType: the AMI type; by default Amazon Linux 2023 for the instance types'
  ///     architecture (arm64 when all are Graviton), with the NVIDIA driver for `.nvidia`.
  ///   - generation: the name of the generation these settings describe (lowercase letters,
  ///     digits and `-`, e.g. `green`); nil, the default, for the generation the pool was created
  ///     with, whose node group keeps the pool's own name.
  ///   - retiring: the previous generation, kept running while its pods move to this one; drop
  ///     it in a later change to remove it.
  ///   - version: keeps the nodes on this Kubernetes version while the control plane moves on;
  ///     nil (the default) follows the cluster's version, upgrading the nodes in the same apply,
  ///     after the control plane.
  ///   - releaseVersion: the EKS-optimized AMI release, which belongs to one Kubernetes version:
  ///     give it with `version:`, or it stops the next control-plane upgrade.
  ///   - podsReachInstanceMetadata: let pods (not only the node's own processes and host-network
  ///     pods) reach the instance metadata service, with a hop limit of 2. Off by default: with
  ///     it, any pod on the node can take the node role's credentials. Pods get AWS identities
  ///     of their own through EKS Pod Identity or IRSA instead.
  ///   - efa: gives each node an Elastic Fabric Adapter (its primary network interface) and puts
  ///     the nodes in a cluster placement group, in one zone; every instance type must have EFA.
  ///   - zone: the availability zone the nodes run in (one of the network's); the network's
  ///     first zone when nil for an EFA pool or a zonal reservation, all zones otherwise.
  ///   - reservation: an On-Demand Capacity Reservation, a group of them, or a Capacity Block
  ///     for ML the nodes start in.
  public init(
    _ name: String, instanceTypes: [String], size: ClosedRange<Int>, desired: Int? = nil,
    capacity: Capacity = .onDemand, diskGiB: Int = 50, labels: [String: String] = [:], taints: [Taint] = [],
    tier: SubnetSelection = .private, amiType: AMIType? = nil, releaseVersion: String? = nil, maxUnavailable: Int = 1,
    podsReachInstanceMetadata: Bool = false, accelerator: Accelerator? = nil, generation: String? = nil,
    retiring: RetiringGeneration? = nil, version: KubernetesVersion? = nil, efa: Bool = false, zone: String? = nil,
    reservation: Reservation? = nil, file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.name = name
    self.instanceTypes = instanceTypes
    self.size = size
    self.desired = desired
    self.capacity = capacity
    self.diskGiB = diskGiB
    var labels = labels
    var taints = taints
    if accelerator == .nvidia {
      labels["accelerator"] = labels["accelerator"] ?? "nvidia"
      if !taints.contains(where: { $0.key == "nvidia.com/gpu" }) {
        taints.append(Taint("nvidia.com/gpu", value: "true", effect: .noSchedule))
      }
    }
    self.labels = labels
    self.taints = taints
    self.tier = tier
    self.amiType = amiType ?? Self.defaultAMIType(for: instanceTypes, accelerator: accelerator)
    self.releaseVersion = releaseVersion
    self.version = version
    self.maxUnavailable = maxUnavailable
    self.podsReachInstanceMetadata = podsReachInstanceMetadata
    self.accelerator = accelerator
    self.generation = generation
    self.retiring = retiring
    self.efa = efa
    self.zone = zone
    self.reservation = reservation
    self.location = SourceLocation(file: file, line: line, column: column)
  }

  /// Amazon Linux 2023 for the types' architecture (arm64 when every type is Graviton), with
  /// the NVIDIA driver for an NVIDIA pool.
  static func defaultAMIType(for types: [String], accelerator: Accelerator?) -> AMIType {
    let arm = !types.isEmpty && types.allSatisfy { InstanceFamilies.architecture(of: $0) == .arm64 }
    let driver: AMIType.Driver? = accelerator == .nvidia ? .nvidia : nil
    return AMIType.amazonLinux(arm ? .arm64 : .x86_64, driver: driver) ?? .al2023x86
  }

  /// Those of `types` without an NVIDIA GPU, in an NVIDIA pool; none in another pool.
  func withoutNvidiaGPU(_ types: [String]) -> [String] {
    guard accelerator == .nvidia else { return [] }
    return types.filter { !InstanceFamilies.hasNvidiaGPU($0) }
  }

  /// Whether the nodes all run in one zone: for EFA's placement group, a zonal reservation, or
  /// a zone named.
  var isInOneZone: Bool { efa || zone != nil || reservation?.isZonal == true }

  /// What is wrong with the pool's settings, in the words of an error message.
  func problems() -> [SettingProblem] {
    var problems: [SettingProblem] = []
    if instanceTypes.isEmpty {
      problems.append(SettingProblem("node-pool-instance-types", "node pool '\(name)' has no instance types", "name one or more, e.g. m6i.large"))
    }
    if size.lowerBound < 0 || size.upperBound < 1 {
      problems.append(
        SettingProblem("node-pool-size", "node pool '\(name)' has size \(size.lowerBound)...\(size.upperBound); it needs at least 0 nodes and at most 1 or more",
         "give a size such as 3...9"))
    }
    if let desired, !size.contains(desired) {
      problems.append(
        SettingProblem("node-pool-size", "node pool '\(name)' starts with \(desired) nodes, outside its size " + location.spelled(
          swift: "\(size.lowerBound)...\(size.upperBound)", yaml: "(minSize \(size.lowerBound), maxSize \(size.upperBound))"),
         location.spelled(swift: "choose a starting size within the range", yaml: "choose a desiredSize from \(size.lowerBound) to \(size.upperBound)")))
    }
    for type in withoutNvidiaGPU(instanceTypes) {
      problems.append(
        SettingProblem("gpu-instance-type", "node pool '\(name)' is an NVIDIA GPU pool, but \(type) has no NVIDIA GPU",
         "use a GPU instance type such as g5.xlarge or g6.xlarge, or drop " + location.spelled(swift: "accelerator: .nvidia", yaml: "accelerator: nvidia")))
    }
    if maxUnavailable < 1 {
      problems.append(SettingProblem("node-pool-update", "node pool '\(name)' allows \(maxUnavailable) nodes unavailable during updates", "allow at least 1"))
    }
    problems += generations[0].amiProblems(in: self, at: location(of: .amiType))
    problems += efaProblems(instanceTypes, subject: "node pool '\(name)'", at: location(of: .efa))
    problems += reservationProblems()
    return problems
  }
}
