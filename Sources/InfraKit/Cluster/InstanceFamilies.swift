/// What infra knows about EC2 instance types, in one place: each family's processor
/// architecture and accelerator, and the sizes with an Elastic Fabric Adapter.
///
/// The tables follow the Amazon EC2 User Guide: "Instance types" (the families and their
/// processors), "Accelerated computing instances" (GPUs, Inferentia, Trainium) and, for EFA,
/// "Elastic Fabric Adapter > Supported instance types". When AWS adds a family, add it here: a
/// Graviton family missing from `graviton` reads as x86_64, and an EFA size missing from `efa`
/// is refused for `efa: true`.
enum InstanceFamilies {
  /// A processor architecture, as AMI types name it.
  enum Architecture: String, Sendable {
    case x86_64, arm64
  }

  /// AWS Graviton (arm64) families; every other family is x86_64.
  static let graviton: Set<String> = [
    "a1", "t4g", "m6g", "m6gd", "m7g", "m7gd", "m8g", "m8gd", "c6g", "c6gd", "c6gn", "c7g", "c7gd", "c7gn", "c8g", "c8gd",
    "r6g", "r6gd", "r7g", "r7gd", "r8g", "r8gd", "x2gd", "x8g", "im4gn", "is4gen", "i4g", "i8g", "g5g", "hpc7g",
  ]

  /// Families with NVIDIA GPUs.
  static let nvidia: Set<String> = [
    "g4dn", "g5", "g6", "g6e", "gr6", "g5g", "p3", "p3dn", "p4d", "p4de", "p5", "p5e", "p5en", "p6-b200",
  ]

  /// Families with AWS Inferentia or Trainium chips, which the Neuron AMI drives.
  static let neuron: Set<String> = ["inf1", "inf2", "trn1", "trn1n", "trn2"]

  /// Instance types with an Elastic Fabric Adapter, from the EC2 User Guide's list of supported
  /// instance types (accelerated computing, and the compute-optimized sizes HPC pools use).
  static let efa: Set<String> = [
    "g4dn.8xlarge", "g4dn.12xlarge", "g4dn.16xlarge", "g4dn.metal",
    "g5.8xlarge", "g5.12xlarge", "g5.16xlarge", "g5.24xlarge", "g5.48xlarge",
    "g6.8xlarge", "g6.12xlarge", "g6.16xlarge", "g6.24xlarge", "g6.48xlarge",
    "g6e.8xlarge", "g6e.12xlarge", "g6e.16xlarge", "g6e.24xlarge", "g6e.48xlarge",
    "p3dn.24xlarge", "p4d.24xlarge", "p4de.24xlarge", "p5.48xlarge", "p5e.48xlarge", "p5en.48xlarge",
    "inf2.48xlarge", "trn1.32xlarge", "trn1n.32xlarge", "trn2.48xlarge",
    "c5n.18xlarge", "c5n.metal", "c6gn.16xlarge", "c6in.32xlarge", "c7gn.16xlarge", "hpc6a.48xlarge", "hpc7g.16xlarge",
  ]

  /// The family of an instance type: `g5` of `g5.48xlarge`.
  static func family(of type: String) -> String { String(type.prefix { $0 != "." }) }

  static func architecture(of type: String) -> Architecture { graviton.contains(family(of: type)) ? .arm64 : .x86_64 }
  static func hasNvidiaGPU(_ type: String) -> Bool { nvidia.contains(family(of: type)) }
  static func hasNeuron(_ type: String) -> Bool { neuron.contains(family(of: type)) }
  static func hasEFA(_ type: String) -> Bool { efa.contains(type) }
}
