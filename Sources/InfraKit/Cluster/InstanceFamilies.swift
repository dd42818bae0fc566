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

extension InstanceFamilies {
  /// What a family is for, as messages name it.
  enum Category: String, Sendable {
    case general = "general purpose", compute = "compute optimized", memory = "memory optimized"
    case storage = "storage optimized", accelerated = "accelerated computing", hpc = "high performance computing"
    case previousGeneration = "previous generation"
  }

  /// The EC2 instance families infra knows, by category, for node pools: a type of another
  /// family is refused, with the closest known name. Source: Amazon EC2 Instance Types Guide,
  /// "Current generation instances" and "Previous generation instances" (families) and
  /// "Instance type naming conventions" (sizes). Their architecture comes from ``graviton``, their accelerators from ``nvidia`` and
  /// ``neuron``; a family AWS adds belongs here and, when it is Graviton or accelerated, there.
  static let known: [Category: Set<String>] = [
    .general: [
      "t3", "t3a", "t4g", "m5", "m5a", "m5ad", "m5d", "m5dn", "m5n", "m5zn", "m6a", "m6g", "m6gd", "m6i", "m6id", "m6idn",
      "m6in", "m7a", "m7g", "m7gd", "m7i", "m7i-flex", "m8g", "m8gd", "a1", "mac2",
    ],
    .compute: [
      "c5", "c5a", "c5ad", "c5d", "c5n", "c6a", "c6g", "c6gd", "c6gn", "c6i", "c6id", "c6in", "c7a", "c7g", "c7gd", "c7gn",
      "c7i", "c7i-flex", "c8g", "c8gd",
    ],
    .memory: [
      "r5", "r5a", "r5ad", "r5b", "r5d", "r5dn", "r5n", "r6a", "r6g", "r6gd", "r6i", "r6id", "r6idn", "r6in", "r7a", "r7g",
      "r7gd", "r7i", "r7iz", "r8g", "r8gd", "x1", "x1e", "x2gd", "x2idn", "x2iedn", "x2iezn", "x8g", "z1d", "u7i-12tb",
    ],
    .storage: ["d3", "d3en", "i3", "i3en", "i4g", "i4i", "i7ie", "i8g", "im4gn", "is4gen"],
    .accelerated: nvidia.union(neuron).union(["dl1", "dl2q", "f1", "f2", "vt1"]),
    .hpc: ["hpc6a", "hpc6id", "hpc7a", "hpc7g"],
    // Source: Amazon EC2 Instance Types Guide, "Previous generation instances": still launched,
    // though infra's defaults and suggestions never pick them.
    .previousGeneration: ["t2", "m4", "c4", "r4", "d2", "h1", "i2", "g3", "g4ad", "p2", "x1"],
  ]

  /// Every family infra knows.
  static let knownFamilies: Set<String> = known.values.reduce(into: []) { $0.formUnion($1) }

  /// Whether `size` is a size EC2 names: `nano` to `large`, `xlarge`, `<n>xlarge`, `metal`,
  /// `metal-<n>xl`.
  static func isSize(_ size: Substring) -> Bool {
    if ["nano", "micro", "small", "medium", "large", "xlarge", "metal"].contains(size) { return true }
    if size.hasSuffix("xlarge"), let count = Int(size.dropLast(6)), count > 1 { return true }
    if size.hasPrefix("metal-"), size.hasSuffix("xl"), Int(size.dropFirst(6).dropLast(2)) != nil { return true }
    return false
  }

  /// Why `type` is not an instance type infra knows, as a message's end, with the closest known
  /// name; nil for a known one.
  static func problem(with type: String) -> String? {
    let parts = type.split(separator: ".", omittingEmptySubsequences: false)
    if parts.count == 2, knownFamilies.contains(String(parts[0])), isSize(parts[1]) { return nil }
    let size = parts.count == 2 && isSize(parts[1]) ? String(parts[1]) : "large"
    let family = parts.first.map(String.init) ?? type
    let closest = knownFamilies.contains(family)
      ? nil : Suggestion.closest(to: family, among: knownFamilies.sorted()).map { "\($0).\(size)" }
    return "is not an EC2 instance type infra knows" + (closest.map { "; did you mean \($0)?" } ?? "")
  }
}
