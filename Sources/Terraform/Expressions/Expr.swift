import JSON

/// A value in an expression position of a Terraform configuration: a resource argument, a
/// provider setting, a local, an output value, a module argument.
///
/// Strings are always literal: whatever a string holds, Terraform reads back exactly that
/// string (`${` and `%{` are escaped when written). Only ``reference(_:)``, ``call(_:_:)``,
/// ``template(_:)`` and ``raw(_:)`` produce interpolation.
///
/// Swift literals convert: `"10.0.0.0/16"`, `3`, `true`, `["a", "b"]`, `["Name": "core"]`, and
/// string interpolation of references builds a template: `"\(bucket.arn)/*"`.
public indirect enum Expr: Hashable, Sendable {
  /// A literal string; written so that Terraform reads exactly this text.
  case string(String)
  case int(Int)
  /// A finite number that is not an integer.
  case double(Double)
  case bool(Bool)
  case null
  /// A tuple or list.
  case list([Expr])
  /// An object or map, written with its keys sorted.
  case object([String: Expr])
  /// A reference to another object: `aws_vpc.core.id`, `var.region`, `local.tags`.
  case reference(Reference)
  /// A call of a Terraform function: `cidrsubnet(var.cidr, 8, 1)`.
  case call(FunctionName, [Expr])
  /// A string built from literal parts and interpolated expressions: `"${aws_s3_bucket.logs.arn}/*"`.
  /// `.string` parts are literal text; every other part is interpolated.
  case template([Expr])
  /// An HCL expression written as given, for what the other cases cannot say
  /// (`for` expressions, conditionals, operators). Nothing in it is escaped or checked.
  case raw(String)
}

// MARK: - Convenience

extension Expr {
  /// A reference to `name` in `var.`
  public static func variable(_ name: String) -> Expr { .reference(.variable(name)) }

  /// A reference to `name` in `local.`
  public static func local(_ name: String) -> Expr { .reference(.local(name)) }

  /// A Terraform function call, e.g. `.call("jsonencode", [policy])`.
  public static func call(_ name: String, _ arguments: [Expr]) -> Expr {
    .call(FunctionName(name), arguments)
  }

  /// A literal JSON value as an expression: strings stay literal text, lists and objects keep
  /// their elements.
  public init(literal value: JSONValue) {
    switch value {
    case .string(let text): self = .string(text)
    case .int(let number): self = .int(number)
    case .double(let number): self = .double(number)
    case .bool(let flag): self = .bool(flag)
    case .null: self = .null
    case .array(let elements): self = .list(elements.map(Expr.init(literal:)))
    case .object(let members): self = .object(members.mapValues(Expr.init(literal:)))
    }
  }

  /// The literal string this expression holds, if it is one.
  public var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }
}

// MARK: - Literals

extension Expr: ExpressibleByStringLiteral {
  public init(stringLiteral value: String) { self = .string(value) }
}

extension Expr: ExpressibleByIntegerLiteral {
  public init(integerLiteral value: Int) { self = .int(value) }
}

extension Expr: ExpressibleByFloatLiteral {
  public init(floatLiteral value: Double) { self = .double(value) }
}

extension Expr: ExpressibleByBooleanLiteral {
  public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension Expr: ExpressibleByNilLiteral {
  public init(nilLiteral: ()) { self = .null }
}

extension Expr: ExpressibleByArrayLiteral {
  public init(arrayLiteral elements: Expr...) { self = .list(elements) }
}

extension Expr: ExpressibleByDictionaryLiteral {
  /// An object; a key given twice keeps its last value.
  public init(dictionaryLiteral elements: (String, Expr)...) {
    self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
  }
}

extension Expr: ExpressibleByStringInterpolation {
  public init(stringInterpolation: TemplateBuilder) {
    self = stringInterpolation.expression
  }

  /// Collects the parts of an interpolated string: literal text stays literal, references and
  /// expressions are interpolated.
  public struct TemplateBuilder: StringInterpolationProtocol {
    private var parts: [Expr] = []

    public init(literalCapacity: Int, interpolationCount: Int) {
      parts.reserveCapacity(interpolationCount * 2 + 1)
    }

    public mutating func appendLiteral(_ literal: String) {
      appendText(literal)
    }

    /// Plain Swift values are text, not interpolation.
    public mutating func appendInterpolation<T: CustomStringConvertible>(_ value: T) {
      appendText(value.description)
    }

    public mutating func appendInterpolation(_ reference: Reference) {
      parts.append(.reference(reference))
    }

    public mutating func appendInterpolation(_ expression: Expr) {
      if case .string(let text) = expression {
        appendText(text)
      } else if case .template(let inner) = expression {
        for part in inner { appendInterpolation(part) }
      } else {
        parts.append(expression)
      }
    }

    private mutating func appendText(_ text: String) {
      guard !text.isEmpty else { return }
      if case .string(let previous)? = parts.last {
        parts[parts.count - 1] = .string(previous + text)
      } else {
        parts.append(.string(text))
      }
    }

    var expression: Expr {
      switch parts.count {
      case 0: return .string("")
      case 1 where parts[0].stringValue != nil: return parts[0]
      default: return .template(parts)
      }
    }
  }
}

// MARK: - Function names

/// The name of a Terraform function: `jsonencode`, `cidrsubnet`, or a provider function such as
/// `provider::aws::arn_parse`. Checked when created, so a call can never smuggle in other syntax.
public struct FunctionName: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
  public let description: String

  public init(_ name: String) {
    precondition(
      name.split(separator: ":", omittingEmptySubsequences: false).enumerated().allSatisfy { index, part in
        index % 2 == 1 ? part.isEmpty : Identifier.isValid(String(part))
      },
      "'\(name)' is not a Terraform function name")
    description = name
  }

  public init(stringLiteral value: String) { self.init(value) }
}
