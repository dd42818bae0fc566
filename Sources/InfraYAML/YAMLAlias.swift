import Diagnostics

/// What an alias (`*name`) refers to: the anchor's name and where the anchored node was written.
///
/// A reference type so that a node pays one pointer for it: most nodes are not aliases.
public final class YAMLAlias: Sendable, Equatable, CustomStringConvertible {
  /// The anchor's name, without `&` or `*`.
  public let name: String
  /// Where the anchored node (`&name …`) starts.
  public let anchorLocation: SourceLocation

  public init(name: String, anchorLocation: SourceLocation) {
    self.name = name
    self.anchorLocation = anchorLocation
  }

  public static func == (lhs: YAMLAlias, rhs: YAMLAlias) -> Bool {
    lhs.name == rhs.name && lhs.anchorLocation == rhs.anchorLocation
  }

  /// `*name`
  public var description: String { "*" + name }
}
