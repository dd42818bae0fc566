import Diagnostics

/// A mapping's entries in the order they were written, each key with its own node.
///
/// Keys are scalars and unique by their text: the loader rejects a mapping that repeats a key
/// or uses a sequence or mapping as a key.
public struct YAMLMapping: Sendable, Equatable {
  public struct Entry: Sendable, Equatable {
    /// The key as written (always a scalar), with its location.
    public let key: YAMLNode
    public let value: YAMLNode

    init(key: YAMLNode, value: YAMLNode) {
      self.key = key
      self.value = value
    }

    /// The key's text.
    public var name: String { key.scalar?.value ?? "" }
  }

  /// Mappings with more entries than this get an index for lookups by key.
  static let indexThreshold = 12

  public let entries: [Entry]
  /// Where the mapping starts.
  public let location: SourceLocation
  private let index: [String: Int]?

  /// `entries` must not repeat a key.
  init(_ entries: [Entry], at location: SourceLocation, index: [String: Int]?) {
    self.entries = entries
    self.location = location
    self.index = index
  }

  /// `entries` must not repeat a key; an index is made when there are many.
  init(_ entries: [Entry], at location: SourceLocation) {
    self.init(entries, at: location, index: Self.index(of: entries))
  }

  static func index(of entries: [Entry]) -> [String: Int]? {
    guard entries.count > indexThreshold else { return nil }
    var index: [String: Int] = [:]
    index.reserveCapacity(entries.count)
    for (position, entry) in entries.enumerated() { index[entry.name] = position }
    return index
  }

  public static func == (lhs: YAMLMapping, rhs: YAMLMapping) -> Bool {
    lhs.entries == rhs.entries && lhs.location == rhs.location
  }

  public var count: Int { entries.count }
  public var isEmpty: Bool { entries.isEmpty }
  /// The keys' texts, in order.
  public var names: [String] { entries.map(\.name) }

  /// The entry whose key is `name`.
  public func entry(_ name: String) -> Entry? {
    position(of: name).map { entries[$0] }
  }

  /// Where the entry whose key is `name` is in `entries`.
  public func position(of name: String) -> Int? {
    if let index { return index[name] }
    for position in entries.indices where entries[position].key.hasText(name) { return position }
    return nil
  }

  /// The value of the key `name`.
  public subscript(_ name: String) -> YAMLNode? {
    position(of: name).map { entries[$0].value }
  }
}

extension YAMLNode {
  /// Whether the node is a scalar whose text is `text`, without copying the node.
  func hasText(_ text: String) -> Bool {
    if case .scalar(let scalar) = content { return scalar.value == text }
    return false
  }
}
