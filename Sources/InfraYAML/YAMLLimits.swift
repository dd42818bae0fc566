/// Bounds on what a YAML file may hold, so that no input, written by mistake or on purpose,
/// can exhaust memory or the stack of whatever reads the tree.
///
/// The defaults sit far above any real stack file (a platform with ten thousand tenants needs a
/// few megabytes and a few hundred thousand nodes) and far below what would hurt a CI runner.
public struct YAMLLimits: Sendable, Hashable {
  /// The largest file, in bytes: 64 MiB.
  public var maximumBytes: Int
  /// The deepest nesting of sequences and mappings: 256.
  public var maximumDepth: Int
  /// The most nodes a document may hold, counting each alias as every node it repeats:
  /// 1,000,000. This is what stops an alias bomb ("billion laughs").
  public var maximumNodes: Int

  public init(maximumBytes: Int = 64 << 20, maximumDepth: Int = 256, maximumNodes: Int = 1_000_000) {
    self.maximumBytes = maximumBytes
    self.maximumDepth = maximumDepth
    self.maximumNodes = maximumNodes
  }

  public static let `default` = YAMLLimits()
}
