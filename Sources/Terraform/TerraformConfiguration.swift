/// A whole Terraform configuration, as one `*.tf.json` file holds it.
///
/// The model does not check cross-block rules (two resources with one address, a reference
/// to nothing): the construct layer does that before it builds a configuration, and Terraform
/// itself has the last word.
public struct TerraformConfiguration: Hashable, Sendable {
  /// Written as the top-level `"//"` property.
  public var comment: String?
  public var terraform: TerraformBlock
  public var providers: [ProviderBlock]
  public var variables: [VariableBlock]
  public var locals: [String: Expr]
  public var dataSources: [DataSourceBlock]
  public var resources: [ResourceBlock]
  public var modules: [ModuleBlock]
  public var outputs: [OutputBlock]
  public var moved: [MovedBlock]

  public init(
    comment: String? = nil, terraform: TerraformBlock = TerraformBlock(), providers: [ProviderBlock] = [],
    variables: [VariableBlock] = [], locals: [String: Expr] = [:], dataSources: [DataSourceBlock] = [],
    resources: [ResourceBlock] = [], modules: [ModuleBlock] = [], outputs: [OutputBlock] = [],
    moved: [MovedBlock] = []
  ) {
    self.comment = comment
    self.terraform = terraform
    self.providers = providers
    self.variables = variables
    self.locals = locals
    self.dataSources = dataSources
    self.resources = resources
    self.modules = modules
    self.outputs = outputs
    self.moved = moved
  }

  /// The configuration as Terraform JSON: every object's keys sorted, two-space indentation,
  /// a trailing newline. The same configuration always gives the same bytes.
  public func json() -> [UInt8] {
    ConfigurationRenderer.render(self)
  }
}
