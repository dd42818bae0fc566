/// Which of a ``Network``'s tiers a construct puts its subnets in: a tier by name, or the tier
/// that routes a given way: the standard tier of that name (`private`) when the network has it,
/// else the first tier, in the network's order, that routes so.
///
/// ```swift
/// NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)                     // .private
/// NodePool("batch", instanceTypes: ["c6i.large"], size: 0...9, tier: "compute")      // a tier by name
/// Database("ledger", engine: .postgres("16"), network: network, tier: "payments")
/// network.subnetIDs(.isolated)
/// ```
public struct SubnetSelection: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
  enum Criterion: Hashable, Sendable {
    case named(String)
    case routing(SubnetTier.Routing)
  }

  let criterion: Criterion

  /// The tier named `name`.
  public static func tier(_ name: String) -> SubnetSelection { SubnetSelection(criterion: .named(name)) }

  /// The tier named after `routing` (`private`) that routes so, when the network has one; else the
  /// first tier, in the order the network lists them, that routes as `routing` does.
  public static func tier(routing: SubnetTier.Routing) -> SubnetSelection {
    SubnetSelection(criterion: .routing(routing))
  }

  /// The public tier: load balancers facing the internet.
  public static let `public` = tier(routing: .public)
  /// The private tier: nodes and the control plane.
  public static let `private` = tier(routing: .private)
  /// The isolated tier: databases.
  public static let isolated = tier(routing: .isolated)

  public init(stringLiteral name: String) { self = .tier(name) }

  init(criterion: Criterion) { self.criterion = criterion }

  /// The tier of `tiers` this selects, if there is one.
  func tier(in tiers: [SubnetTier]) -> SubnetTier? {
    switch criterion {
    case .named(let name): tiers.first { $0.name == name }
    case .routing(let routing):
      tiers.first { $0.name == routing.rawValue && $0.routing == routing } ?? tiers.first { $0.routing == routing }
    }
  }

  /// `tier 'payments'`, `the private tier`.
  public var description: String {
    switch criterion {
    case .named(let name): "tier '\(name)'"
    case .routing(let routing): "the \(routing.rawValue) tier"
    }
  }
}

extension PlatformConstruct {
  /// The tier of `network` that `selection` picks, after reporting (as `subject`'s problem, at
  /// `location`) one the network does not have.
  func tier(
    _ selection: SubnetSelection, of network: Network, for subject: String, at location: SourceLocation? = nil
  ) -> SubnetTier? {
    if let found = selection.tier(in: network.tiers) { return found }
    let missing = switch selection.criterion {
    case .named(let name): "no tier '\(name)'"
    case .routing(let routing): "no \(routing.rawValue) tier"
    }
    report(
      "unknown-tier", "\(subject): the network has \(missing)",
      fix: "use one of its tiers: \(network.tiers.map(\.name).joined(separator: ", "))", at: location)
    return nil
  }
}
