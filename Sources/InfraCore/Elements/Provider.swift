import Terraform

/// A provider configuration. A stack has one default configuration per provider and may add
/// aliased ones (a second region); resources pick an aliased one with their `provider`.
open class Provider: TerraformElement {
  /// The local provider name: `aws`.
  public let providerName: String
  /// nil for the default configuration.
  public let alias: String?
  public var body: Body

  /// Its construct id is the alias, or the provider name for the default configuration.
  public init(
    _ providerName: String, alias: String? = nil, in scope: Construct? = nil, _ body: Body = Body(),
    file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.providerName = providerName
    self.alias = alias
    self.body = body
    super.init(alias.map { "\(providerName).\($0)" } ?? providerName, in: scope, file: file, line: line, column: column)
  }

  /// How resources name this configuration: `aws.euc1`.
  public var reference: ProviderReference {
    ProviderReference(name: Identifier.sanitized(providerName), alias: alias.map(Identifier.sanitized))
  }

  open override func validate() -> [Diagnostic] {
    let names = [("provider name", providerName)] + (alias.map { [("provider alias", $0)] } ?? [])
    return names.filter { !Identifier.isValid($0.1) }.map { kind, name in
      .error(
        "invalid-provider", "'\(name)' is not a valid \(kind)", fix: "use letters, digits, '_' and '-'",
        at: node.location, path: node.pathDescription)
    }
  }

  open override var terraformAddress: String { "provider.\(reference)" }

  open override var references: [Reference] { body.references }

  open override func render(into configuration: inout TerraformConfiguration) {
    configuration.providers.append(ProviderBlock(providerName, alias: alias, body: body))
  }
}
