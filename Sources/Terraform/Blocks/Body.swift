/// The contents of a block: arguments (`cidr_block = …`) and nested blocks
/// (`metadata_options { … }`, repeated `taint { … }`).
///
/// Written as a JSON object with its keys sorted; a name holds either an argument or blocks.
public struct Body: Hashable, Sendable {
  public enum Entry: Hashable, Sendable {
    /// `name = expression`
    case argument(Expr)
    /// One nested block, written as a JSON object.
    case block(Body)
    /// Repeated nested blocks, written as a JSON array in this order.
    case blocks([Body])
  }

  public private(set) var entries: [String: Entry]

  public init(_ entries: [String: Entry] = [:]) {
    self.entries = entries
  }

  /// A body of arguments only.
  public init(arguments: [String: Expr]) {
    self.entries = arguments.mapValues(Entry.argument)
  }

  public var isEmpty: Bool { entries.isEmpty }

  /// The argument `name`, or nil when it is absent or a block. Setting nil removes it.
  public subscript(name: String) -> Expr? {
    get {
      if case .argument(let value)? = entries[name] { return value }
      return nil
    }
    set { entries[name] = newValue.map(Entry.argument) }
  }

  /// The nested blocks called `name`, whether written single or repeated.
  ///
  /// A configuration read from Terraform JSON (``TerraformJSONReader``) holds its blocks as
  /// object arguments, since JSON writes both alike: an object, or a list of objects, is read
  /// as blocks here too.
  public func blocks(_ name: String) -> [Body] {
    switch entries[name] {
    case .block(let body)?: return [body]
    case .blocks(let bodies)?: return bodies
    case .argument(let value)?: return Self.blocks(writtenAs: value)
    case nil: return []
    }
  }

  private static func blocks(writtenAs value: Expr) -> [Body] {
    switch value {
    case .object(let members): return [Body(arguments: members)]
    case .list(let elements):
      return elements.compactMap { element in
        guard case .object(let members) = element else { return nil }
        return Body(arguments: members)
      }
    default: return []
    }
  }


  /// Sets the single nested block `name` (nil removes it).
  public mutating func setBlock(_ name: String, _ body: Body?) {
    entries[name] = body.map(Entry.block)
  }

  /// Sets the repeated nested blocks `name`; an empty list removes them.
  public mutating func setBlocks(_ name: String, _ bodies: [Body]) {
    entries[name] = bodies.isEmpty ? nil : .blocks(bodies)
  }
}

extension Body: ExpressibleByDictionaryLiteral {
  /// A body of arguments: `["cidr_block": "10.0.0.0/16", "enable_dns_support": true]`.
  public init(dictionaryLiteral elements: (String, Expr)...) {
    self.init(arguments: Dictionary(elements, uniquingKeysWith: { _, last in last }))
  }
}
