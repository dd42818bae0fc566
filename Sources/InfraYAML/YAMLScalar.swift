/// A scalar as written: its text, how it was quoted, and its tag if it had one.
///
/// What a scalar means follows the YAML 1.2 core schema (see `kind`): `16` is an integer and
/// `"16"` a string; only `true` and `false` are booleans (`yes`, `no`, `on` and `off` are text).
public struct YAMLScalar: Sendable, Hashable {
  public enum Style: Sendable, Hashable {
    /// `value`
    case plain
    /// `'value'`
    case singleQuoted
    /// `"value"`
    case doubleQuoted
    /// `|` block
    case literal
    /// `>` block
    case folded

    /// Quoted or written as a block: always text unless tagged.
    public var isPlain: Bool { self == .plain }
  }

  /// What a scalar means under the YAML 1.2 core schema.
  public enum Kind: Sendable, Hashable {
    /// Empty, `~`, `null`, `Null`, `NULL`.
    case null
    /// `true`, `True`, `TRUE`, `false`, `False`, `FALSE`.
    case bool
    /// `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`.
    case integer
    /// `1.5`, `-2e3`, `.5`, `.inf`, `-.inf`, `.nan`.
    case float
    /// Everything else, and every quoted or block scalar.
    case string
  }

  /// The text, with quotes, escapes and block indentation already resolved.
  public let value: String
  public let style: Style
  /// The tag in the short form it is usually written in (`!!str`, `!!int`), `!` for the
  /// non-specific tag, or nil when the scalar had none.
  public let tag: String?

  public init(_ value: String, style: Style = .plain, tag: String? = nil) {
    self.value = value
    self.style = style
    self.tag = tag
  }

  /// What the scalar means: its tag decides when it has one, otherwise a plain scalar is
  /// resolved by the core schema and any other is a string.
  public var kind: Kind {
    if let tag {
      switch tag {
      case "!!int": return .integer
      case "!!float": return .float
      case "!!bool": return .bool
      case "!!null": return .null
      default: return .string
      }
    }
    guard style == .plain else { return .string }
    return CoreSchema.kind(ofPlain: value)
  }

  /// The boolean, when the scalar is one.
  public var boolValue: Bool? {
    guard kind == .bool else { return nil }
    switch value {
    case "true", "True", "TRUE": return true
    case "false", "False", "FALSE": return false
    default: return nil
    }
  }

  /// The integer, when the scalar is one that fits in an `Int`.
  public var integerValue: Int? {
    guard kind == .integer else { return nil }
    return CoreSchema.integer(value)
  }

  /// The number, when the scalar is an integer or a float.
  public var doubleValue: Double? {
    switch kind {
    case .integer: return CoreSchema.integer(value).map(Double.init) ?? CoreSchema.float(value)
    case .float: return CoreSchema.float(value)
    default: return nil
    }
  }
}
