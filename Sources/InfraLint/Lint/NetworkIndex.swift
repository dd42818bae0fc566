import Terraform

/// What a stack's subnets are, worked out from its route tables, routes and associations: which
/// route to an internet gateway (public), which send internet traffic through a NAT gateway, and
/// which zone each is in.
public struct NetworkIndex {
  /// Subnet address to the address of its route table.
  private var routeTableOfSubnet: [String: String] = [:]
  /// Route table address to the targets of its default routes (`0.0.0.0/0`, `::/0`).
  private var defaultTargets: [String: [LintedResource]] = [:]
  private let stack: LintedStack

  init(_ stack: LintedStack) {
    self.stack = stack
    for association in stack.resources(ofType: "aws_route_table_association") {
      guard let subnet = stack.referenced(by: association.body["subnet_id"]).first,
        let table = stack.referenced(by: association.body["route_table_id"]).first
      else { continue }
      routeTableOfSubnet[subnet.address] = table.address
    }
    for route in stack.resources(ofType: "aws_route") where Self.isDefault(route.body) {
      guard let table = stack.referenced(by: route.body["route_table_id"]).first else { continue }
      defaultTargets[table.address, default: []] += Self.targets(of: route.body, in: stack)
    }
    for table in stack.resources(ofType: "aws_route_table") {
      for route in table.body.blocks("route") where Self.isDefault(route, cidrArgument: "cidr_block") {
        defaultTargets[table.address, default: []] += Self.targets(of: route, in: stack)
      }
    }
  }

  /// Whether instances in `subnet` can be reached from the internet: its route table sends
  /// traffic to an internet gateway, or it gives instances public addresses.
  public func isPublic(_ subnet: LintedResource) -> Bool {
    subnet.bool("map_public_ip_on_launch") == true || routesToInternetGateway(subnet)
  }

  /// Whether the default route of `subnet`'s route table goes to an internet gateway.
  public func routesToInternetGateway(_ subnet: LintedResource) -> Bool {
    defaultRouteTargets(of: subnet).contains { $0.type == "aws_internet_gateway" }
  }

  /// The NAT gateway `subnet` sends internet traffic through, if any.
  public func natGateway(of subnet: LintedResource) -> LintedResource? {
    defaultRouteTargets(of: subnet).first { $0.type == "aws_nat_gateway" }
  }

  /// The zone `subnet` is in, when written literally (`eu-west-1a`).
  public func zone(of subnet: LintedResource) -> String? {
    subnet.string("availability_zone")
  }

  /// The distinct zones of `subnets`, sorted; nil when any subnet's zone is not known literally.
  public func zones(of subnets: [LintedResource]) -> [String]? {
    var zones: Set<String> = []
    for subnet in subnets {
      guard let zone = zone(of: subnet) else { return nil }
      zones.insert(zone)
    }
    return zones.sorted()
  }

  /// The subnets an argument (`subnet_ids`, `subnets`) refers to.
  public func subnets(_ expression: Expr?) -> [LintedResource] {
    stack.referenced(by: expression).filter { $0.type == "aws_subnet" }
  }

  private func defaultRouteTargets(of subnet: LintedResource) -> [LintedResource] {
    routeTableOfSubnet[subnet.address].flatMap { defaultTargets[$0] } ?? []
  }

  private static let targetArguments = ["gateway_id", "nat_gateway_id"]

  private static func targets(of route: Body, in stack: LintedStack) -> [LintedResource] {
    targetArguments.flatMap { stack.referenced(by: route[$0]) }
  }

  private static func isDefault(_ route: Body, cidrArgument: String = "destination_cidr_block") -> Bool {
    route[cidrArgument]?.stringValue == "0.0.0.0/0" || route["ipv6_cidr_block"]?.stringValue == "::/0"
      || route["destination_ipv6_cidr_block"]?.stringValue == "::/0"
  }
}
