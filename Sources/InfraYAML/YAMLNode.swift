import Diagnostics

/// One node of a YAML document, with where it was written.
///
/// A stack file reads into a tree of these: scalars (text), sequences and mappings. Every node
/// keeps its `SourceLocation`, so whatever reads the tree can point at the exact line and column
/// of a value it rejects.
public struct YAMLNode: Sendable, Equatable {
  public enum Content: Sendable, Equatable {
    case scalar(YAMLScalar)
    case sequence([YAMLNode])
    case mapping(YAMLMapping)
  }

  public let content: Content
  /// Where the node starts (1-based line and column). For a node written as an alias (`*name`),
  /// where the alias was written; the nodes inside it keep the locations of the anchored text.
  public let location: SourceLocation
  /// For a node written as an alias, the anchor it repeats.
  public let alias: YAMLAlias?

  public init(_ content: Content, at location: SourceLocation, alias: YAMLAlias? = nil) {
    self.content = content
    self.location = location
    self.alias = alias
  }

  /// The scalar, or nil for a sequence or mapping.
  public var scalar: YAMLScalar? {
    if case .scalar(let scalar) = content { return scalar }
    return nil
  }

  /// The elements, or nil for a scalar or mapping.
  public var elements: [YAMLNode]? {
    if case .sequence(let elements) = content { return elements }
    return nil
  }

  /// The mapping, or nil for a scalar or sequence.
  public var entries: YAMLMapping? {
    if case .mapping(let mapping) = content { return mapping }
    return nil
  }

  /// Whether the node is YAML's null: an empty value, `~` or `null`.
  public var isNull: Bool {
    scalar?.kind == .null
  }

  /// This node as an alias written at `location` repeats it.
  func repeated(as alias: YAMLAlias, at location: SourceLocation) -> YAMLNode {
    YAMLNode(content, at: location, alias: alias)
  }
}
