/// A provider configuration: `provider "aws" { region = "eu-west-1" }`, or an aliased one for
/// a second region.
public struct ProviderBlock: Hashable, Sendable {
  /// The local provider name, e.g. `aws`.
  public var name: String
  /// Written as a literal; nil for the default configuration.
  public var alias: String?
  public var body: Body

  public init(_ name: String, alias: String? = nil, body: Body = Body()) {
    self.name = name
    self.alias = alias
    self.body = body
  }

  /// How resources name this configuration in their `provider` argument.
  public var reference: ProviderReference { ProviderReference(name: name, alias: alias) }
}

/// The value of a resource's or module's `provider` meta-argument: `aws` or `aws.euc1`.
public struct ProviderReference: Hashable, Sendable, CustomStringConvertible {
  public let name: String
  public let alias: String?

  public init(name: String, alias: String? = nil) {
    precondition(Identifier.isValid(name), "'\(name)' is not a provider name")
    precondition(alias.map(Identifier.isValid) ?? true, "'\(alias ?? "")' is not a provider alias")
    self.name = name
    self.alias = alias
  }

  public var description: String { alias.map { "\(name).\($0)" } ?? name }
}
