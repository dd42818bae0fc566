extension NodePool {
  /// One generation of a pool, as it is built: a launch template and a node group of its own.
  struct Generation {
    /// nil for the generation the pool was created with.
    var name: String?
    var instanceTypes: [String]
    var capacity: Capacity
    var diskGiB: Int
    var amiType: AMIType
    var releaseVersion: String?
    var isRetiring: Bool
    var location: SourceLocation

    /// `<pool>` for the original generation, whose names are those the pool always had, and
    /// `<pool>-<generation>` for the others.
    func stem(of pool: NodePool) -> String { name.map { "\(pool.name)-\($0)" } ?? pool.name }

    /// How messages name it.
    func described(in pool: NodePool) -> String {
      name.map { "generation '\($0)' of node pool '\(pool.name)'" } ?? "the original generation of node pool '\(pool.name)'"
    }
  }

  /// The current generation, then the one being retired.
  var generations: [Generation] {
    let current = Generation(
      name: generation, instanceTypes: instanceTypes, capacity: capacity, diskGiB: diskGiB, amiType: amiType,
      releaseVersion: releaseVersion, isRetiring: false, location: location)
    guard let retiring else { return [current] }
    let old = Generation(
      name: retiring.name, instanceTypes: retiring.instanceTypes ?? instanceTypes, capacity: retiring.capacity ?? capacity,
      diskGiB: retiring.diskGiB ?? diskGiB, amiType: retiring.amiType ?? amiType,
      releaseVersion: retiring.releaseVersion ?? releaseVersion, isRetiring: true, location: retiring.location)
    return [current, old]
  }

  /// The taint that keeps new pods off a retiring generation.
  static let retiringTaint = Taint(retiringTaintKey, value: "true", effect: .noSchedule)

  /// What is wrong with the pool's generations, each at the line that names it.
  func generationProblems() -> [SettingProblem] {
    var problems: [SettingProblem] = []
    for (name, at) in [(generation, location), (retiring?.name, retiring?.location ?? location)] {
      guard let name else { continue }
      let valid =
        (1...16).contains(name.count) && name.first.map { $0.isASCII && $0.isLowercase } == true
        && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" } && !name.hasSuffix("-")
      if !valid || name == "template" {
        problems.append(
          SettingProblem("node-pool-generation",
           "node pool '\(self.name)' has a generation named '\(name)'; it becomes part of the node group's name",
           "use 1 to 16 lowercase letters, digits and hyphens, starting with a letter, other than 'template' (e.g. blue, green, v2)",
           at))
      }
    }
    if let retiring, retiring.name == generation {
      if let name = generation {
        problems.append(
          SettingProblem("duplicate-node-pool-generation",
           "node pool '\(self.name)' retires generation '\(name)', which is also its current generation",
           "give the new generation a name of its own, e.g. generation: \"\(name == "blue" ? "green" : "blue")\"",
           retiring.location))
      } else {
        problems.append(
          SettingProblem("duplicate-node-pool-generation",
           "node pool '\(self.name)' retires its original generation but names no new one to take its pods",
           "name the new generation, e.g. generation: \"green\", so it is created beside the one it replaces",
           retiring.location))
      }
    }
    if let old = generations.dropFirst().first {
      if old.instanceTypes.isEmpty {
        problems.append(
          SettingProblem("node-pool-instance-types", "\(old.described(in: self)) has no instance types",
           "give it the instance types its nodes run, or leave instanceTypes out to keep the pool's", old.location))
      }
      for type in withoutNvidiaGPU(old.instanceTypes) {
        problems.append(
          SettingProblem("gpu-instance-type", "\(old.described(in: self)) is an NVIDIA GPU pool, but \(type) has no NVIDIA GPU",
           "give it the GPU instance types its nodes run, such as g5.xlarge", old.location))
      }
      problems += old.amiProblems(in: self, at: old.location)
      problems += efaProblems(old.instanceTypes, subject: old.described(in: self), at: old.location)
    }
    return problems
  }
}
