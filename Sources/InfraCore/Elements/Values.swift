import Terraform

/// An input variable of the stack.
open class Variable: TerraformElement {
  public var type: String?
  public var defaultValue: JSONValue?
  public var description: String?
  public var sensitive: Bool?
  public var nullable: Bool?

  public init(
    _ id: String, type: String? = nil, default defaultValue: JSONValue? = nil, description: String? = nil,
    sensitive: Bool? = nil, nullable: Bool? = nil, in scope: Construct? = nil, logicalID: String? = nil,
    file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.type = type
    self.defaultValue = defaultValue
    self.description = description
    self.sensitive = sensitive
    self.nullable = nullable
    super.init(id, in: scope, logicalID: logicalID, file: file, line: line, column: column)
  }

  /// `var.NAME`
  public var reference: Reference { .variable(logicalID) }
  /// `${var.NAME}`
  public var value: Expr { .reference(reference) }

  open override var terraformAddress: String { "var.\(logicalID)" }

  open override func render(into configuration: inout TerraformConfiguration) {
    configuration.variables.append(
      VariableBlock(
        logicalID, type: type, defaultValue: defaultValue, description: description, sensitive: sensitive,
        nullable: nullable))
  }
}

/// An output value of the stack.
open class Output: TerraformElement {
  public var value: Expr
  public var description: String?
  public var sensitive: Bool?

  public init(
    _ id: String, value: Expr, description: String? = nil, sensitive: Bool? = nil, in scope: Construct? = nil,
    logicalID: String? = nil, file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.value = value
    self.description = description
    self.sensitive = sensitive
    super.init(id, in: scope, logicalID: logicalID, file: file, line: line, column: column)
  }

  /// An output of a typed value: `Output("vpc_id", value: vpc.id)`.
  public convenience init<Kind>(
    _ id: String, value: Value<Kind>, description: String? = nil, sensitive: Bool? = nil, in scope: Construct? = nil,
    logicalID: String? = nil, file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.init(
      id, value: value.expression, description: description, sensitive: sensitive, in: scope, logicalID: logicalID,
      file: file, line: line, column: column)
  }

  open override var terraformAddress: String { "output.\(logicalID)" }

  open override var references: [Reference] { value.references }

  open override func render(into configuration: inout TerraformConfiguration) {
    configuration.outputs.append(OutputBlock(logicalID, value: value, description: description, sensitive: sensitive))
  }
}

/// A local value: a name for an expression used in several places.
open class Local: TerraformElement {
  public var expression: Expr

  public init(
    _ id: String, _ expression: Expr, in scope: Construct? = nil, logicalID: String? = nil,
    file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.expression = expression
    super.init(id, in: scope, logicalID: logicalID, file: file, line: line, column: column)
  }

  /// `local.NAME`
  public var reference: Reference { .local(logicalID) }
  /// `${local.NAME}`
  public var value: Expr { .reference(reference) }

  open override var terraformAddress: String { "local.\(logicalID)" }

  open override var references: [Reference] { expression.references }

  open override func render(into configuration: inout TerraformConfiguration) {
    configuration.locals[logicalID] = expression
  }
}

/// A call of a Terraform module.
open class Module: TerraformElement, Referenceable {
  public var source: String
  public var version: String?
  public var arguments: [String: Expr]
  /// The module's provider names to the configurations passed in.
  public var providers: [String: Provider] = [:]
  public var dependsOn: [any Referenceable] = []

  public init(
    _ id: String, source: String, version: String? = nil, arguments: [String: Expr] = [:],
    in scope: Construct? = nil, logicalID: String? = nil, file: String = #filePath, line: Int = #line,
    column: Int = #column
  ) {
    self.source = source
    self.version = version
    self.arguments = arguments
    super.init(id, in: scope, logicalID: logicalID, file: file, line: line, column: column)
  }

  /// `module.NAME`; its attributes are the module's outputs.
  public var reference: Reference { .module(logicalID) }

  override func movableReference(logicalID: String) -> Reference? { .module(logicalID) }

  open override var terraformAddress: String { "module.\(logicalID)" }

  open override var references: [Reference] {
    arguments.values.flatMap(\.references) + dependsOn.map(\.reference)
  }

  open override func render(into configuration: inout TerraformConfiguration) {
    configuration.modules.append(
      ModuleBlock(
        logicalID, source: source, version: version, arguments: arguments,
        providers: providers.mapValues(\.reference), dependsOn: dependsOn.map(\.reference)))
  }
}

/// Records that a resource was renamed, so Terraform moves it instead of destroying it and
/// creating it again. Keep it until every environment has applied the rename.
open class Moved: TerraformElement {
  public let from: Reference
  public let to: Reference

  public init(
    from: Reference, to: Reference, in scope: Construct? = nil, file: String = #filePath, line: Int = #line,
    column: Int = #column
  ) {
    self.from = from
    self.to = to
    super.init("moved \(from)", in: scope, file: file, line: line, column: column)
  }

  open override var terraformAddress: String { "moved.\(from)" }

  open override func render(into configuration: inout TerraformConfiguration) {
    configuration.moved.append(MovedBlock(from: from, to: to))
  }
}
