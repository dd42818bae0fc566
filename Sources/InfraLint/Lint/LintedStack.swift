import InfraCore
import Terraform

/// A stack as lint rules read it: every resource's block as it will be written, lookups by
/// address to follow references, the objects of its Kubernetes manifests, and whether the
/// stack is production.
///
/// Rules read this, never the constructs' Swift properties, so a rule covers a production
/// construct, a YAML stack, a raw resource written by hand and Terraform JSON written by any
/// other tool (``TerraformJSONModule``) alike.
public final class LintedStack {
  public let name: String
  /// The managed resources, in the order the configuration lists them.
  public let resources: [LintedResource]
  /// What the stack is for, as the stack says; nil for a stack that says nothing.
  public let environment: Environment?
  public let configuration: TerraformConfiguration
  private let manifests: [KubernetesManifests]
  private let byAddress: [String: Int]
  private let byType: [String: [Int]]
  private let providers: [String: ProviderBlock]
  /// Subnets' routes and zones, worked out the first time a rule asks.
  public private(set) lazy var network = NetworkIndex(self)
  /// The objects of the stack's Kubernetes manifests, read the first time a rule asks.
  public private(set) lazy var kubernetes = KubernetesIndex(manifests)
  /// For a resource type and one of its arguments, the resources of that type by the address
  /// each refers to there; built the first time a rule asks, so that following references
  /// backwards costs one pass over the type instead of one per target.
  private var referrers: [ReferrerKey: [String: [Int]]] = [:]

  private struct ReferrerKey: Hashable {
    let type: String
    let argument: String
  }

  /// A synthesized stack: its configuration, the constructs that wrote it, its manifests.
  public convenience init(_ synthesized: SynthesizedStack) {
    self.init(
      name: synthesized.name, environment: synthesized.stack.environment, configuration: synthesized.configuration,
      elements: synthesized.elements, manifests: synthesized.manifests)
  }

  /// A configuration from anywhere: `elements` are the constructs that wrote its blocks, by
  /// address, when infra did.
  public init(
    name: String, environment: Environment?, configuration: TerraformConfiguration,
    elements: [String: TerraformElement] = [:], manifests: [KubernetesManifests] = []
  ) {
    self.name = name
    self.environment = environment
    self.configuration = configuration
    self.manifests = manifests
    resources = configuration.resources.map { block in
      LintedResource(block: block, element: elements["\(block.type).\(block.name)"])
    }
    var byAddress: [String: Int] = [:]
    var byType: [String: [Int]] = [:]
    for (index, resource) in resources.enumerated() {
      byAddress[resource.address] = index
      byType[resource.type, default: []].append(index)
    }
    self.byAddress = byAddress
    self.byType = byType
    providers = Dictionary(
      configuration.providers.map { ($0.reference.description, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// Whether production rules apply: unless the stack says it is for development or staging
  /// (lint is strictest where the stack does not say).
  public var isProduction: Bool { (environment ?? .production) == .production }

  /// The resource at `address`: `aws_subnet.core_private_a`.
  public func resource(_ address: String) -> LintedResource? {
    byAddress[address].map { resources[$0] }
  }

  /// The resources of `type`, in configuration order.
  public func resources(ofType type: String) -> [LintedResource] {
    (byType[type] ?? []).map { resources[$0] }
  }

  /// The resources of any of `types`, in configuration order.
  public func resources(ofTypes types: Set<String>) -> [LintedResource] {
    types.flatMap { byType[$0] ?? [] }.sorted().map { resources[$0] }
  }

  /// The resources `expression` refers to, in order, each once: `[aws_subnet.a.id, aws_subnet.b.id]`
  /// gives both subnets.
  public func referenced(by expression: Expr?) -> [LintedResource] {
    guard let expression else { return [] }
    var seen: Set<String> = []
    return expression.references.compactMap { reference in
      seen.insert(reference.object).inserted ? resource(reference.object) : nil
    }
  }

  /// The resources of `type` whose argument `argument` refers to `target`: the route table
  /// associations of a subnet, the flow logs of a VPC.
  public func resources(ofType type: String, whose argument: String, refersTo target: LintedResource) -> [LintedResource] {
    referrers(ofType: type, through: argument)[target.address, default: []].map { resources[$0] }
  }

  private func referrers(ofType type: String, through argument: String) -> [String: [Int]] {
    let key = ReferrerKey(type: type, argument: argument)
    if let index = referrers[key] { return index }
    var index: [String: [Int]] = [:]
    for position in byType[type] ?? [] {
      var seen: Set<String> = []
      for reference in resources[position].body[argument]?.references ?? [] where seen.insert(reference.object).inserted {
        index[reference.object, default: []].append(position)
      }
    }
    referrers[key] = index
    return index
  }

  /// The provider configuration `resource` uses.
  public func provider(of resource: LintedResource) -> ProviderBlock? {
    let name = resource.type.prefix { $0 != "_" }
    return providers[resource.block.meta.provider?.description ?? String(name)]
  }

  /// The region `resource` is created in, when its provider configuration says it literally.
  public func region(of resource: LintedResource) -> String? {
    provider(of: resource)?.body["region"]?.stringValue
  }

  /// Every provider configuration, by `aws` or `aws.alias`.
  public var providerConfigurations: [ProviderBlock] { configuration.providers }

  /// The literal `default_tags` of a provider configuration.
  public static func defaultTags(of provider: ProviderBlock) -> [String: String]? {
    provider.body.blocks("default_tags").first?.stringMap("tags")
  }

  /// The tags `resource` ends up with: its provider's default tags and its own literal ones.
  public func effectiveTags(of resource: LintedResource) -> [String: String] {
    let defaults = provider(of: resource).flatMap(Self.defaultTags) ?? [:]
    return defaults.merging(resource.body.stringMap("tags") ?? [:]) { _, own in own }
  }
}
