import InfraCore
import Terraform

/// A managed resource as lint reads it: its block as it will be written, and the construct it
/// came from.
public struct LintedResource {
  public let block: ResourceBlock
  /// The construct that produced the block.
  public let element: TerraformElement?

  /// `aws_db_instance.orders`
  public var address: String { "\(block.type).\(block.name)" }
  /// `aws_db_instance`
  public var type: String { block.type }
  public var body: Body { block.body }
  public var lifecycle: Lifecycle { block.meta.lifecycle }

  /// The argument `name`, when it is a literal boolean (or the strings `true` and `false`, as
  /// some of the provider's string arguments take them).
  public func bool(_ name: String) -> Bool? { body.bool(name) }
  /// The argument `name`, when it is a literal string.
  public func string(_ name: String) -> String? { body[name]?.stringValue }
  /// The argument `name`, when it is a literal whole number.
  public func int(_ name: String) -> Int? { body.int(name) }
}

extension Body {
  /// The argument `name`, when it is a literal boolean or the string `true` or `false`.
  public func bool(_ name: String) -> Bool? {
    switch self[name] {
    case .bool(let value)?: value
    case .string("true")?: true
    case .string("false")?: false
    default: nil
    }
  }

  /// The argument `name`, when it is a literal whole number.
  public func int(_ name: String) -> Int? {
    switch self[name] {
    case .int(let value)?: value
    case .double(let value)?: Int(exactly: value)
    case .string(let text)?: Int(text)
    default: nil
    }
  }

  /// The argument `name`, when it is a list of literal strings.
  public func strings(_ name: String) -> [String]? {
    guard case .list(let elements)? = self[name] else { return nil }
    let texts = elements.compactMap(\.stringValue)
    return texts.count == elements.count ? texts : nil
  }

  /// The argument `name`, when it is an object of literal strings (tags, labels).
  public func stringMap(_ name: String) -> [String: String]? {
    guard case .object(let members)? = self[name] else { return nil }
    let texts = members.compactMapValues(\.stringValue)
    return texts.count == members.count ? texts : nil
  }
}
