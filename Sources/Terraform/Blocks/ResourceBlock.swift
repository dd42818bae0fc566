/// A managed resource: `resource "aws_vpc" "core" { … }`.
public struct ResourceBlock: Hashable, Sendable {
  /// `aws_vpc`
  public var type: String
  /// The logical name, unique for its type within a configuration: `core`.
  public var name: String
  /// Written as the `"//"` property: infra puts the construct path there.
  public var comment: String?
  public var body: Body
  public var meta: MetaArguments

  public init(type: String, name: String, comment: String? = nil, body: Body = Body(), meta: MetaArguments = MetaArguments()) {
    self.type = type
    self.name = name
    self.comment = comment
    self.body = body
    self.meta = meta
  }

  /// `TYPE.NAME`, to refer to the resource or its attributes.
  public var reference: Reference { .resource(type: type, name: name) }
}

/// A data source: `data "aws_region" "current" { … }`.
public struct DataSourceBlock: Hashable, Sendable {
  public var type: String
  public var name: String
  public var comment: String?
  public var body: Body
  public var meta: MetaArguments

  public init(type: String, name: String, comment: String? = nil, body: Body = Body(), meta: MetaArguments = MetaArguments()) {
    self.type = type
    self.name = name
    self.comment = comment
    self.body = body
    self.meta = meta
  }

  public var reference: Reference { .dataSource(type: type, name: name) }
}

/// The meta-arguments Terraform gives every resource and data source.
public struct MetaArguments: Hashable, Sendable {
  /// A non-default provider configuration: `aws.euc1`.
  public var provider: ProviderReference?
  /// Whole objects (resources, data sources, modules) that must exist first.
  public var dependsOn: [Reference]
  public var count: Expr?
  public var forEach: Expr?
  /// Resources only.
  public var lifecycle: Lifecycle

  public init(
    provider: ProviderReference? = nil, dependsOn: [Reference] = [], count: Expr? = nil, forEach: Expr? = nil,
    lifecycle: Lifecycle = Lifecycle()
  ) {
    self.provider = provider
    self.dependsOn = dependsOn
    self.count = count
    self.forEach = forEach
    self.lifecycle = lifecycle
  }
}
