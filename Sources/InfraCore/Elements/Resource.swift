import Terraform

/// An element that other blocks can refer to and depend on.
public protocol Referenceable: TerraformElement {
  /// The element as a whole: `aws_vpc.core`, `module.network`.
  var reference: Reference { get }
}

extension Referenceable {
  /// An attribute of the element, as an expression: `vpc["id"]` is `${aws_vpc.core.id}`.
  public subscript(attribute: String) -> Expr {
    .reference(reference.attribute(attribute))
  }
}

/// A managed resource of any type, with its arguments as a ``Body``.
///
/// ```swift
/// let vpc = Resource("vpc", type: "aws_vpc", ["cidr_block": "10.0.0.0/16"])
/// Resource("igw", type: "aws_internet_gateway", ["vpc_id": vpc["id"]])
/// ```
open class Resource: TerraformElement, Referenceable {
  /// The resource type: `aws_vpc`. (Not `type`, which is an attribute of some resources.)
  public let terraformType: String
  /// The arguments and nested blocks.
  public var body: Body
  /// The provider configuration to use instead of the default one.
  public var provider: Provider?
  /// Elements that must be created first, beyond those the arguments refer to.
  public var dependsOn: [any Referenceable] = []
  public var lifecycle = Lifecycle()
  public var count: Expr?
  public var forEach: Expr?

  public init(
    _ id: String, type: String, in scope: Construct? = nil, logicalID: String? = nil, _ body: Body = Body(),
    file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.terraformType = type
    self.body = body
    super.init(id, in: scope, logicalID: logicalID, file: file, line: line, column: column)
  }

  public var reference: Reference {
    Reference.resource(type: Identifier.sanitized(terraformType), name: logicalID).declared(inStack: node.stackName)
  }

  override func movableReference(logicalID: String) -> Reference? {
    .resource(type: Identifier.sanitized(terraformType), name: logicalID)
  }

  open override var terraformAddress: String { "\(terraformType).\(logicalID)" }

  open override var references: [Reference] {
    body.references + (count?.references ?? []) + (forEach?.references ?? []) + dependsOn.map(\.reference)
      + lifecycle.replaceTriggeredBy
  }

  open override func validate() -> [Diagnostic] {
    super.validate() + BlockChecks.problems(type: terraformType, kind: "resource", body: body, of: self)
  }

  open override func render(into configuration: inout TerraformConfiguration) {
    configuration.resources.append(
      ResourceBlock(
        type: terraformType, name: logicalID, comment: node.pathDescription, body: body,
        meta: MetaArguments(
          provider: provider?.reference, dependsOn: dependsOn.map(\.reference), count: count, forEach: forEach,
          lifecycle: lifecycle)))
  }
}

/// A data source of any type: `data "aws_region" "current" {}`.
open class DataSource: TerraformElement, Referenceable {
  /// The data source type: `aws_region`.
  public let terraformType: String
  public var body: Body
  public var provider: Provider?
  public var dependsOn: [any Referenceable] = []

  public init(
    _ id: String, type: String, in scope: Construct? = nil, logicalID: String? = nil, _ body: Body = Body(),
    file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.terraformType = type
    self.body = body
    super.init(id, in: scope, logicalID: logicalID, file: file, line: line, column: column)
  }

  public var reference: Reference {
    Reference.dataSource(type: Identifier.sanitized(terraformType), name: logicalID).declared(inStack: node.stackName)
  }

  open override var terraformAddress: String { "data.\(terraformType).\(logicalID)" }

  open override var references: [Reference] { body.references + dependsOn.map(\.reference) }

  open override func validate() -> [Diagnostic] {
    super.validate() + BlockChecks.problems(type: terraformType, kind: "data source", body: body, of: self)
  }

  open override func render(into configuration: inout TerraformConfiguration) {
    configuration.dataSources.append(
      DataSourceBlock(
        type: terraformType, name: logicalID, comment: node.pathDescription, body: body,
        meta: MetaArguments(provider: provider?.reference, dependsOn: dependsOn.map(\.reference))))
  }
}

/// Checks shared by resources and data sources.
enum BlockChecks {
  /// Names Terraform keeps for meta-arguments; as arguments they would clash with them.
  static let reserved: Set<String> = [
    "//", "connection", "count", "depends_on", "for_each", "lifecycle", "provider", "provisioner",
  ]

  static func problems(type: String, kind: String, body: Body, of element: TerraformElement) -> [Diagnostic] {
    var problems: [Diagnostic] = []
    if !Identifier.isValid(type) {
      problems.append(
        .error(
          "invalid-type", "'\(type)' is not a \(kind) type", fix: "use the provider's type name, such as aws_vpc",
          at: element.node.location, path: element.node.pathDescription))
    }
    if let text = Self.firstStringifiedValue(in: body) {
      problems.append(
        .error(
          "value-in-swift-string",
          "a typed value was put in a Swift String and became text: '\(text.prefix(80))'",
          fix: "interpolate the value into a Value<String> (or an Expr) instead of a String, so it stays a reference",
          at: element.node.location, path: element.node.pathDescription))
    }
    // The few reserved names looked up, not every argument's name sorted: this runs for every
    // resource of a stack.
    for name in reserved.filter({ body.entries[$0] != nil }).sorted() {
      problems.append(
        .error(
          "reserved-argument", "'\(name)' is a meta-argument, not an argument of \(type)",
          fix: "set the \(kind)'s own property for it instead of a body entry", at: element.node.location,
          path: element.node.pathDescription))
    }
    return problems
  }

  /// A literal string that holds a typed value's debug text, the mark of a `Value` interpolated
  /// into a Swift `String` (which Swift allows, with a warning).
  static func firstStringifiedValue(in body: Body) -> String? {
    for (_, entry) in body.entries {
      switch entry {
      case .argument(let expression):
        if let found = firstStringifiedValue(in: expression) { return found }
      case .block(let nested):
        if let found = firstStringifiedValue(in: nested) { return found }
      case .blocks(let nested):
        for block in nested { if let found = firstStringifiedValue(in: block) { return found } }
      }
    }
    return nil
  }

  private static func firstStringifiedValue(in expression: Expr) -> String? {
    switch expression {
    case .string(let text):
      return isStringifiedValue(text) ? text : nil
    case .list(let elements), .template(let elements), .call(_, let elements):
      return elements.lazy.compactMap { firstStringifiedValue(in: $0) }.first
    case .object(let members):
      return members.values.lazy.compactMap { firstStringifiedValue(in: $0) }.first
    default:
      return nil
    }
  }

  /// Swift's own description of a value, or what interpolating one into a String writes. This
  /// runs on every string of every resource, so it is one pass over the bytes, not a search per
  /// pattern (which cost more than the rest of synthesis together).
  static func isStringifiedValue(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      var index = 0
      while index < bytes.count {
        let byte = bytes[index]
        if byte == UInt8(ascii: "T") || byte == stringifiedMark[0] {
          let pattern = byte == UInt8(ascii: "T") ? describedValue : stringifiedMark
          if bytes.count - index >= pattern.count && zip(pattern, bytes[index...]).allSatisfy({ $0 == $1 }) { return true }
        }
        index += 1
      }
      return false
    }
  }

  private static let describedValue = Array("Terraform.Expr.".utf8)
  private static let stringifiedMark = Array(DefaultStringInterpolation.stringifiedValueMark.utf8)
}
