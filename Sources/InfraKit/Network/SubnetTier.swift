/// A row of subnets, one per zone, that share a purpose and a route out.
public struct SubnetTier: Sendable, Hashable {
  /// How a tier's subnets reach the internet.
  public enum Routing: String, Sendable, Hashable {
    /// Through the internet gateway: load balancers and NAT gateways live here.
    case `public`
    /// Out through NAT only, nothing in: nodes and applications.
    case `private`
    /// No route out at all: databases, and applications that must be kept apart.
    case isolated
  }

  /// The tier's name: `public`, `private`, `isolated`, or one of your own (`payments`).
  public var name: String
  public var routing: Routing
  /// The prefix length of each zone's subnet; nil carves a default size from the VPC's:
  /// 4 bits longer for private tiers (a /20 in a /16), 8 bits longer for the others (a /24).
  public var prefixLength: Int?
  /// Explicit blocks, one per zone in the network's zone order, instead of carved ones.
  public var cidrs: [String]?

  public init(_ name: String, routing: Routing, prefixLength: Int? = nil, cidrs: [String]? = nil) {
    self.name = name
    self.routing = routing
    self.prefixLength = prefixLength
    self.cidrs = cidrs
  }

  public static let `public` = SubnetTier("public", routing: .public)
  public static let `private` = SubnetTier("private", routing: .private)
  public static let isolated = SubnetTier("isolated", routing: .isolated)

  /// Public, private and isolated: load balancers, nodes, databases.
  public static let standard: [SubnetTier] = [.public, .private, .isolated]

  /// How many zones each tier keeps room for, so that adding a zone later never moves a subnet.
  static let zonesReserved = 8
}
