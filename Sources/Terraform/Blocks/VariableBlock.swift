/// An input variable: `variable "environment" { type = string, default = "dev" }`.
/// Its type, default and description are literals.
public struct VariableBlock: Hashable, Sendable {
  public var name: String
  /// A type constraint as Terraform spells it: `string`, `list(string)`, `map(number)`.
  public var type: String?
  public var defaultValue: JSONValue?
  public var description: String?
  public var sensitive: Bool?
  public var nullable: Bool?

  public init(
    _ name: String, type: String? = nil, defaultValue: JSONValue? = nil, description: String? = nil,
    sensitive: Bool? = nil, nullable: Bool? = nil
  ) {
    self.name = name
    self.type = type
    self.defaultValue = defaultValue
    self.description = description
    self.sensitive = sensitive
    self.nullable = nullable
  }

  public var reference: Reference { .variable(name) }
}

/// An output value: `output "vpc_id" { value = aws_vpc.core.id }`.
public struct OutputBlock: Hashable, Sendable {
  public var name: String
  public var value: Expr
  /// A literal.
  public var description: String?
  public var sensitive: Bool?
  public var dependsOn: [Reference]

  public init(_ name: String, value: Expr, description: String? = nil, sensitive: Bool? = nil, dependsOn: [Reference] = []) {
    self.name = name
    self.value = value
    self.description = description
    self.sensitive = sensitive
    self.dependsOn = dependsOn
  }
}

/// A module call: `module "network" { source = "./modules/network", … }`.
public struct ModuleBlock: Hashable, Sendable {
  public var name: String
  /// A literal: a path, a registry address or a URL.
  public var source: String
  /// A literal version constraint, for registry modules.
  public var version: String?
  /// The module's input variables.
  public var arguments: [String: Expr]
  /// The module's provider name to the configuration passed in: `aws` to `aws.euc1`.
  public var providers: [String: ProviderReference]
  public var dependsOn: [Reference]
  public var count: Expr?
  public var forEach: Expr?

  public init(
    _ name: String, source: String, version: String? = nil, arguments: [String: Expr] = [:],
    providers: [String: ProviderReference] = [:], dependsOn: [Reference] = [], count: Expr? = nil, forEach: Expr? = nil
  ) {
    self.name = name
    self.source = source
    self.version = version
    self.arguments = arguments
    self.providers = providers
    self.dependsOn = dependsOn
    self.count = count
    self.forEach = forEach
  }

  /// `module.NAME`, whose attributes are the module's outputs.
  public var reference: Reference { .module(name) }
}

/// A `moved` block: tells Terraform an object was renamed, so it is not destroyed and created.
public struct MovedBlock: Hashable, Sendable {
  public var from: Reference
  public var to: Reference

  public init(from: Reference, to: Reference) {
    self.from = from
    self.to = to
  }
}
