import InfraCore
import InfraKit
import InfraYAML

/// The provider configurations of a stack's second regions, one per region however many parts
/// use it: the first part to name a region creates it, located where that part names it.
final class SecondRegionProviders {
  private var providers: [Region: AWSProvider] = [:]

  /// The configuration of `region`, aliased `eu_central_1`.
  func provider(for region: Region, at location: SourceLocation) -> AWSProvider {
    if let provider = providers[region] { return provider }
    let provider = AWSProvider(
      region: region, alias: Self.alias(of: region), file: location.file, line: location.line, column: location.column)
    providers[region] = provider
    return provider
  }

  /// The alias of the provider configuration for a second region: `eu_central_1`.
  static func alias(of region: Region) -> String {
    String(region.code.map { $0 == "-" ? "_" : $0 })
  }
}

extension StackSchema {
  /// The region `node` names for a copy of the stack's data, which must not be the stack's own:
  /// `purpose` says what the part does there ("copies").
  func secondRegion(_ node: YAMLNode, _ fields: Fields, _ context: StackContext, purpose: String) -> (region: Region, node: YAMLNode)? {
    guard let region = region(node, fields) else { return nil }
    guard region != context.region || !context.regionIsGiven else {
      fields.error(
        .invalidValue, "\(purpose) into \(region), the stack's own region", fix: "name a second region, such as eu-central-1",
        at: node)
      return nil
    }
    return (region, node)
  }
}
