/// An expression whose Terraform type is known: `Value<String>`, `Value<Number>`, `Value<Bool>`,
/// `Value<[String]>` (a list), `Value<SetOf<String>>` (a set), `Value<[String: String]>` (a map), or a generated object
/// or block type (`Value<AwsEksCluster.VpcConfig>`).
///
/// Typed resources take and give values: a VPC's `cidrBlock:` takes a `Value<String>`, and
/// `vpc.id` is a `Value<String>` referring to the VPC's id, so passing it where a number belongs
/// does not compile. Swift literals convert (`"10.0.0.0/16"`, `3`, `true`, `["a", "b"]`,
/// `["Name": "core"]`), and string interpolation of values builds a template:
/// `"\(bucket.arn)/*"`. A Swift variable converts with `Value(name)`.
public struct Value<Kind>: Hashable, Sendable {
  /// The expression, as the output model writes it.
  public let expression: Expr

  /// A value of any expression, typed by the caller. Nothing checks that Terraform will
  /// evaluate `expression` to a `Kind`: use it for what the typed API cannot say.
  public init(expression: Expr) {
    self.expression = expression
  }

  /// A reference to an object of the configuration, as a value of this type.
  public init(_ reference: Reference) {
    self.expression = .reference(reference)
  }

  /// The attribute `name` of this value: `cluster.identity[0].oidc`.
  public func member<Member>(_ name: String, as type: Member.Type = Member.self) -> Terraform.Value<Member> {
    guard case .reference(let reference) = expression else {
      return Terraform.Value<Member>(expression: .raw(HCLRenderer.render(expression) + "." + name))
    }
    return Terraform.Value<Member>(reference.attribute(name))
  }
}

/// Terraform's `number`: whole or fractional. Values of it come from Swift `Int` and `Double`.
public enum Number {}

/// Terraform's `dynamic` (`any`): a value whose type the schema leaves open.
public enum Dynamic {}

/// The kinds of Terraform lists and sets: values written as Swift arrays.
public protocol CollectionKind {
  associatedtype Member
}

/// The kinds of Terraform lists (`[Element]`), whose elements have an index.
public protocol ListKind: CollectionKind {}

extension Array: CollectionKind, ListKind {
  public typealias Member = Element
}

/// Terraform's `set(Element)`: written like a list, but its elements have no index, so a set
/// value has no subscript; `toList()` gives one (`tolist(…)`) when an order will do.
public enum SetOf<Element>: CollectionKind {
  public typealias Member = Element
}

/// The kinds of Terraform maps (`[String: Element]`).
public protocol MapKind {
  associatedtype Member
}

extension Dictionary: MapKind where Key == String {
  public typealias Member = Dictionary.Value
}

// MARK: - From Swift values

/// What a typed argument takes: a `Value` (a reference, a template, an expression), or a Swift
/// value of the same type, so `certificateArn: arn` works for a `String` variable as it does for
/// `certificate.arn`.
public protocol ValueConvertible<Kind> {
  associatedtype Kind
  /// The value, as the output model writes it.
  var terraformValue: Value<Kind> { get }
}

extension Value: ValueConvertible {
  public var terraformValue: Value<Kind> { self }
}

extension String: ValueConvertible {
  public var terraformValue: Value<String> { Value(self) }
}

extension Int: ValueConvertible {
  public var terraformValue: Value<Number> { Value(self) }
}

extension Bool: ValueConvertible {
  public var terraformValue: Value<Bool> { Value(self) }
}

extension Value where Kind == String {
  public init(_ value: String) { self.init(expression: .string(value)) }
}

extension Value where Kind == String {
  /// `jsonencode(value)`: a policy document or other JSON, written as an expression so that the
  /// references in it are resolved by Terraform.
  public static func jsonEncoded(_ value: Expr) -> Self {
    Self(expression: .call("jsonencode", [value]))
  }
}

extension Value where Kind == Number {
  public init(_ value: Int) { self.init(expression: .int(value)) }
  public init(_ value: Double) { self.init(expression: .double(value)) }
}

extension Value where Kind == String {
  /// A number where a string is expected, as Terraform converts it (`3` becomes `"3"`): a launch
  /// template's `latest_version` as a node group's `launch_template.version`.
  public init(_ number: Terraform.Value<Number>) { self.init(expression: number.expression) }

  /// `cidrsubnet(prefix, newBits, number)`: the `number`th block `newBits` longer than `prefix`.
  public static func cidrSubnet(_ prefix: Self, newBits: Int, number: Int) -> Self {
    Self(expression: .call("cidrsubnet", [prefix.expression, .int(newBits), .int(number)]))
  }
}

extension Value where Kind == Bool {
  public init(_ value: Bool) { self.init(expression: .bool(value)) }
}

extension Value where Kind: CollectionKind {
  public init(_ elements: [Terraform.Value<Kind.Member>]) { self.init(expression: .list(elements.map(\.expression))) }
}

extension Value where Kind: CollectionKind, Kind.Member == String {
  public init(_ strings: [String]) { self.init(expression: .list(strings.map(Expr.string))) }
}

extension Value {
  /// A set of the list's elements: Terraform converts a list where a set is expected.
  public init<Element>(_ list: Terraform.Value<[Element]>) where Kind == SetOf<Element> {
    self.init(expression: list.expression)
  }

  /// The set's elements as a list, in Terraform's order for the set (`tolist(…)`).
  public func toList<Element>() -> Terraform.Value<[Element]> where Kind == SetOf<Element> {
    Terraform.Value<[Element]>(expression: .call("tolist", [expression]))
  }
}

extension Value where Kind: ListKind {
  /// The element at `index`.
  public subscript(index: Int) -> Terraform.Value<Kind.Member> {
    guard case .reference(let reference) = expression else {
      return Terraform.Value<Kind.Member>(expression: .raw(HCLRenderer.render(expression) + "[\(index)]"))
    }
    return Terraform.Value<Kind.Member>(reference[index])
  }
}

extension Value where Kind: MapKind {
  public init(_ entries: [String: Terraform.Value<Kind.Member>]) { self.init(expression: .object(entries.mapValues(\.expression))) }

  /// The entry at `key`.
  public subscript(key: String) -> Terraform.Value<Kind.Member> {
    guard case .reference(let reference) = expression else {
      return Terraform.Value<Kind.Member>(expression: .raw(HCLRenderer.render(expression) + "[" + HCLRenderer.quoted(key) + "]"))
    }
    return Terraform.Value<Kind.Member>(reference[key])
  }
}

extension Value where Kind == [String: String] {
  public init(_ entries: [String: String]) { self.init(expression: .object(entries.mapValues(Expr.string))) }
}

extension Value where Kind == Dynamic {
  /// Any typed value, where the schema accepts any type.
  public init<Other>(_ value: Terraform.Value<Other>) { self.init(expression: value.expression) }
}

// MARK: - Literals

extension Value: ExpressibleByUnicodeScalarLiteral, ExpressibleByExtendedGraphemeClusterLiteral,
  ExpressibleByStringLiteral
where Kind == String {
  public init(stringLiteral value: String) { self.init(expression: .string(value)) }
}

extension Value: ExpressibleByStringInterpolation where Kind == String {
  /// `"\(bucket.arn)/*"`: literal text stays literal, values are interpolated.
  public init(stringInterpolation: Expr.TemplateBuilder) {
    self.init(expression: Expr(stringInterpolation: stringInterpolation))
  }
}

extension Value: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral where Kind == Number {
  public init(integerLiteral value: Int) { self.init(expression: .int(value)) }
  public init(floatLiteral value: Double) { self.init(expression: .double(value)) }
}

extension Value: ExpressibleByBooleanLiteral where Kind == Bool {
  public init(booleanLiteral value: Bool) { self.init(expression: .bool(value)) }
}

extension Value: ExpressibleByArrayLiteral where Kind: CollectionKind {
  public init(arrayLiteral elements: Terraform.Value<Kind.Member>...) { self.init(elements) }
}

extension Value: ExpressibleByDictionaryLiteral where Kind: MapKind {
  // `Value` here would name the literal protocol's associated type, hence `Terraform.Value`.
  public init(dictionaryLiteral elements: (String, Terraform.Value<Kind.Member>)...) {
    self.init(expression: .object(Dictionary(elements.map { ($0, $1.expression) }, uniquingKeysWith: { _, last in last })))
  }
}

// MARK: - Interpolation

extension Expr.TemplateBuilder {
  /// A string inside a template: `"\(bucket.arn)/*"`.
  public mutating func appendInterpolation(_ value: Value<String>) {
    appendInterpolation(value.expression)
  }

  /// A number inside a template: `"port-\(listener.port)"`.
  public mutating func appendInterpolation(_ value: Value<Number>) {
    appendInterpolation(value.expression)
  }

  /// A boolean inside a template.
  public mutating func appendInterpolation(_ value: Value<Bool>) {
    appendInterpolation(value.expression)
  }
}

extension DefaultStringInterpolation {
  /// A value interpolated into a plain Swift `String` becomes literal text, not a reference:
  /// build a `Value<String>` or an `Expr` from the interpolation instead. (Unavailable would be
  /// skipped in favour of the generic interpolation; deprecated is a warning the compiler keeps.)
  @available(*, deprecated, message: "a Value in a Swift String becomes text, not a reference; interpolate into a Value<String> or an Expr")
  public mutating func appendInterpolation<Kind>(_ value: Value<Kind>) {
    appendLiteral(Self.stringifiedValueMark + HCLRenderer.render(value.expression) + "⟫")
  }
}

extension DefaultStringInterpolation {
  /// How a value put in a Swift `String` reads, so that synthesis can find it and say so.
  public static let stringifiedValueMark = "⟪a Value in a Swift String: "
}
