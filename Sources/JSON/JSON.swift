/// A parsed JSON document, as read from Terraform's machine-readable output.
public indirect enum JSON: Hashable, Sendable {
  case null
  case bool(Bool)
  /// Every JSON number; Terraform's plan values fit a double for every check infra makes.
  case number(Double)
  case string(String)
  case array([JSON])
  case object([String: JSON])

  /// The member `key` of an object; nil for other values or a missing key.
  public subscript(key: String) -> JSON? {
    if case .object(let members) = self { return members[key] }
    return nil
  }

  public var string: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  public var bool: Bool? {
    if case .bool(let value) = self { return value }
    return nil
  }

  public var number: Double? {
    if case .number(let value) = self { return value }
    return nil
  }

  public var array: [JSON]? {
    if case .array(let value) = self { return value }
    return nil
  }

  public var object: [String: JSON]? {
    if case .object(let value) = self { return value }
    return nil
  }

  public var isNull: Bool { self == .null }
}

extension JSON {
  /// The value as a reader expects it in a message: `14` (not `14.0`), `true`, `"text"`, `null`;
  /// arrays and objects as `[…]` and `{…}`.
  public var shortText: String {
    switch self {
    case .null: "null"
    case .bool(let value): String(value)
    case .number(let value):
      value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    case .string(let value): "\"\(value)\""
    case .array: "[…]"
    case .object: "{…}"
    }
  }
}
