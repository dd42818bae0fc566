extension NodePool {
  /// The EKS-optimized AMI a pool's nodes boot, as the node group's `ami_type` names it: the
  /// operating system, the processor architecture and the accelerator driver it carries. Each
  /// fixes the volumes the launch template gives the nodes (``volumes``).
  public struct AMIType: Sendable, Hashable, CustomStringConvertible {
    /// The operating systems EKS builds AMIs of.
    public enum OperatingSystem: Sendable {
      /// Amazon Linux 2023: one root volume holds the OS, images and logs.
      case amazonLinux2023
      /// Bottlerocket: a small OS volume, and a data volume for images, pods and logs.
      case bottlerocket
    }

    /// The accelerator whose driver the AMI carries.
    public enum Driver: Sendable { case nvidia, neuron }

    /// The `ami_type` value, e.g. `AL2023_x86_64_NVIDIA`.
    public let rawValue: String
    public let operatingSystem: OperatingSystem
    let architecture: InstanceFamilies.Architecture
    public let driver: Driver?

    private init(_ rawValue: String, _ system: OperatingSystem, _ architecture: InstanceFamilies.Architecture, _ driver: Driver? = nil) {
      self.rawValue = rawValue
      self.operatingSystem = system
      self.architecture = architecture
      self.driver = driver
    }

    public static let al2023x86 = AMIType("AL2023_x86_64_STANDARD", .amazonLinux2023, .x86_64)
    public static let al2023ARM = AMIType("AL2023_ARM_64_STANDARD", .amazonLinux2023, .arm64)
    public static let al2023x86NVIDIA = AMIType("AL2023_x86_64_NVIDIA", .amazonLinux2023, .x86_64, .nvidia)
    public static let al2023ARMNVIDIA = AMIType("AL2023_ARM_64_NVIDIA", .amazonLinux2023, .arm64, .nvidia)
    public static let al2023x86Neuron = AMIType("AL2023_x86_64_NEURON", .amazonLinux2023, .x86_64, .neuron)
    public static let bottlerocketx86 = AMIType("BOTTLEROCKET_x86_64", .bottlerocket, .x86_64)
    public static let bottlerocketARM = AMIType("BOTTLEROCKET_ARM_64", .bottlerocket, .arm64)
    public static let bottlerocketx86NVIDIA = AMIType("BOTTLEROCKET_x86_64_NVIDIA", .bottlerocket, .x86_64, .nvidia)
    public static let bottlerocketARMNVIDIA = AMIType("BOTTLEROCKET_ARM_64_NVIDIA", .bottlerocket, .arm64, .nvidia)

    /// Every AMI type infra builds node pools of, all accepted by the pinned AWS provider.
    public static let all: [AMIType] = [
      .al2023x86, .al2023ARM, .al2023x86NVIDIA, .al2023ARMNVIDIA, .al2023x86Neuron,
      .bottlerocketx86, .bottlerocketARM, .bottlerocketx86NVIDIA, .bottlerocketARMNVIDIA,
    ]

    /// The AMI type named `rawValue`; nil for one infra does not know (AL2, Windows, custom).
    public init?(rawValue: String) {
      guard let known = Self.all.first(where: { $0.rawValue == rawValue }) else { return nil }
      self = known
    }

    public var description: String { rawValue }

    /// The Amazon Linux 2023 AMI for `architecture` with `driver`, if EKS builds one.
    static func amazonLinux(_ architecture: InstanceFamilies.Architecture, driver: Driver?) -> AMIType? {
      all.first { $0.operatingSystem == .amazonLinux2023 && $0.architecture == architecture && $0.driver == driver }
    }

    /// This AMI's sibling for `architecture` (same system and driver), if EKS builds one.
    func sibling(for architecture: InstanceFamilies.Architecture) -> AMIType? {
      Self.all.first { $0.operatingSystem == operatingSystem && $0.architecture == architecture && $0.driver == driver }
    }

    /// This AMI's sibling with `driver` (same system and architecture), if EKS builds one.
    func sibling(driver: Driver?) -> AMIType? {
      Self.all.first { $0.operatingSystem == operatingSystem && $0.architecture == architecture && $0.driver == driver }
    }

    /// A volume of the launch template: its device, and its size (nil keeps the AMI's own).
    struct Volume: Equatable {
      var device: String
      var sizeGiB: Int?
    }

    /// The volumes a node of this AMI gets, `diskGiB` being the pool's disk. Amazon Linux 2023
    /// boots from and writes to its root volume `/dev/xvda`, so that volume gets the disk.
    /// Bottlerocket boots from an OS volume `/dev/xvda` it never grows (it keeps the AMI's size)
    /// and keeps images, pods and logs on its data volume `/dev/xvdb`, which gets the disk.
    func volumes(diskGiB: Int) -> [Volume] {
      switch operatingSystem {
      case .amazonLinux2023: [Volume(device: "/dev/xvda", sizeGiB: diskGiB)]
      case .bottlerocket: [Volume(device: "/dev/xvda", sizeGiB: nil), Volume(device: "/dev/xvdb", sizeGiB: diskGiB)]
      }
    }
  }
}
