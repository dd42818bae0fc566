extension NodePool {
  /// The generation a pool is retiring: its node group and launch template stay, unchanged but
  /// for a `NoSchedule` taint (``NodePool/retiringTaintKey``) so nothing new lands on them and a
  /// minimum of 0 nodes so the cluster autoscaler can remove them as their pods move; the
  /// pool's current generation runs beside it. A later change drops `retiring:` and the old
  /// generation with it.
  ///
  /// A retiring generation has the pool's settings unless it names its own: give it whatever
  /// its nodes had that the new generation changes (instance types, AMI, capacity, disk), or the
  /// old node group is replaced instead of kept.
  ///
  /// ```swift
  /// // Was: NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
  /// NodePool("general", instanceTypes: ["m7i.large"], size: 3...9, generation: "green",
  ///          retiring: .original(instanceTypes: ["m6i.large"]))
  /// ```
  public struct RetiringGeneration: Sendable {
    /// The generation's name; nil for the generation the pool was created with.
    public var name: String?
    public var instanceTypes: [String]?
    public var capacity: Capacity?
    public var diskGiB: Int?
    public var amiType: AMIType?
    public var releaseVersion: String?
    let location: SourceLocation

    init(
      name: String?, instanceTypes: [String]?, capacity: Capacity?, diskGiB: Int?, amiType: AMIType?,
      releaseVersion: String?, location: SourceLocation
    ) {
      self.name = name
      self.instanceTypes = instanceTypes
      self.capacity = capacity
      self.diskGiB = diskGiB
      self.amiType = amiType
      self.releaseVersion = releaseVersion
      self.location = location
    }

    /// Retires the generation the pool was created with, the one without a name.
    public static func original(
      instanceTypes: [String]? = nil, capacity: Capacity? = nil, diskGiB: Int? = nil, amiType: AMIType? = nil,
      releaseVersion: String? = nil, file: String = #filePath, line: Int = #line, column: Int = #column
    ) -> RetiringGeneration {
      RetiringGeneration(
        name: nil, instanceTypes: instanceTypes, capacity: capacity, diskGiB: diskGiB, amiType: amiType,
        releaseVersion: releaseVersion, location: SourceLocation(file: file, line: line, column: column))
    }

    /// Retires the generation called `name` (the `generation:` the pool had until now).
    public static func generation(
      _ name: String, instanceTypes: [String]? = nil, capacity: Capacity? = nil, diskGiB: Int? = nil,
      amiType: AMIType? = nil, releaseVersion: String? = nil, file: String = #filePath, line: Int = #line,
      column: Int = #column
    ) -> RetiringGeneration {
      RetiringGeneration(
        name: name, instanceTypes: instanceTypes, capacity: capacity, diskGiB: diskGiB, amiType: amiType,
        releaseVersion: releaseVersion, location: SourceLocation(file: file, line: line, column: column))
    }
  }
}
