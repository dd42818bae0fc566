extension NodePool.Generation {
  /// How messages name the generation: the pool itself for its current generation.
  func subject(in pool: NodePool) -> String { isRetiring ? described(in: pool) : "node pool '\(pool.name)'" }

  /// An AMI that does not fit the generation's instance types: built for the other
  /// architecture, without the NVIDIA driver an NVIDIA pool needs, or with a driver for an
  /// accelerator the instance types lack.
  func amiProblems(in pool: NodePool, at location: SourceLocation) -> [SettingProblem] {
    let subject = subject(in: pool)
    var problems: [SettingProblem] = []
    for type in instanceTypes where InstanceFamilies.architecture(of: type) != amiType.architecture {
      let architecture = InstanceFamilies.architecture(of: type)
      let fix = amiType.sibling(for: architecture).map {
        "use the AMI type \($0) for \(architecture) instance types, or give \(amiType.architecture) instance types"
      } ?? "give \(amiType.architecture) instance types, or an AMI type built for \(architecture)"
      problems.append(
        SettingProblem(
          "ami-architecture",
          "\(subject) runs the AMI type \(amiType), built for \(amiType.architecture), but \(type) is \(architecture)\(architecture == .arm64 ? " (AWS Graviton)" : "")",
          fix, location))
    }
    if pool.accelerator == .nvidia, amiType.driver != .nvidia {
      let nvidia = amiType.sibling(driver: .nvidia) ?? .amazonLinux(amiType.architecture, driver: .nvidia) ?? .al2023x86NVIDIA
      problems.append(
        SettingProblem(
          "ami-accelerator", "\(subject) is an NVIDIA GPU pool, but the AMI type \(amiType) has no NVIDIA driver",
          "use \(nvidia), or leave amiType out for Amazon Linux with the NVIDIA driver", location))
    }
    switch amiType.driver {
    case .nvidia where pool.accelerator != .nvidia:
      for type in instanceTypes where !InstanceFamilies.hasNvidiaGPU(type) {
        problems.append(driverProblem(subject, type, accelerator: "NVIDIA GPUs", example: "g5.xlarge", at: location))
      }
    case .neuron:
      for type in instanceTypes where !InstanceFamilies.hasNeuron(type) {
        problems.append(driverProblem(subject, type, accelerator: "AWS Inferentia and Trainium", example: "inf2.xlarge or trn1.2xlarge", at: location))
      }
    default: break
    }
    return problems
  }

  private func driverProblem(_ subject: String, _ type: String, accelerator: String, example: String, at location: SourceLocation) -> SettingProblem {
    let plain = amiType.sibling(driver: nil).map { "use \($0) for instance types without them" } ?? "use an AMI type without the driver"
    return SettingProblem(
      "ami-accelerator", "\(subject) runs the AMI type \(amiType), built for \(accelerator), but \(type) has none",
      "\(plain), or give instance types with them, such as \(example)", location)
  }
}

extension NodePool {
  /// Instance types without an Elastic Fabric Adapter, in a pool that asks for one.
  func efaProblems(_ types: [String], subject: String, at location: SourceLocation) -> [SettingProblem] {
    guard efa else { return [] }
    return types.filter { !InstanceFamilies.hasEFA($0) }.map { type in
      SettingProblem(
        "efa-instance-type", "\(subject) asks for EFA, but \(type) has no Elastic Fabric Adapter",
        "use instance types with EFA, such as p5.48xlarge, g6e.48xlarge or trn1.32xlarge, or drop efa", location)
    }
  }

  /// A reservation written wrongly, or one the pool cannot use: spot capacity in reserved
  /// capacity, or a Capacity Block (of one instance type) for several.
  func reservationProblems() -> [SettingProblem] {
    guard let reservation else { return [] }
    let at = location(of: .reservation)
    var problems: [SettingProblem] = []
    if let problem = reservation.problem(in: name) { problems.append(SettingProblem(problem.id, problem.message, problem.fix, at)) }
    for generation in generations where generation.capacity == .spot {
      problems.append(
        SettingProblem(
          "reservation-capacity", "\(generation.subject(in: self)) asks for spot capacity, but its nodes start in \(reservation.described)",
          "drop capacity: spot; reserved capacity is on-demand, or a capacity block", generation.isRetiring ? generation.location : at))
    }
    if case .capacityBlock = reservation {
      for generation in generations where generation.instanceTypes.count > 1 {
        problems.append(
          SettingProblem(
            "reservation-capacity",
            "\(generation.subject(in: self)) lists \(generation.instanceTypes.count) instance types, but \(reservation.described) holds instances of one",
            "give only the capacity block's instance type, e.g. p5.48xlarge", generation.isRetiring ? generation.location : at))
      }
    }
    return problems
  }
}
