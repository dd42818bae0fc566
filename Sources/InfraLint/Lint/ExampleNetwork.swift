import InfraCore
import Terraform

/// The network most rule examples stand on, in raw resources: a VPC, an internet gateway, and in
/// each zone a public subnet routed to it and a private subnet routed through a NAT gateway.
enum ExampleNetwork {
  struct Subnets {
    let vpc: Resource
    let `public`: [Resource]
    let `private`: [Resource]
  }

  static let threeZones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]

  /// - Parameter natPerZone: a NAT gateway in each zone, or one in the first zone for all.
  static func make(zones: [String] = threeZones, natPerZone: Bool = true) -> Subnets {
    let vpc = Resource("vpc", type: "aws_vpc", ["cidr_block": "10.0.0.0/16"])
    let gateway = Resource("igw", type: "aws_internet_gateway", ["vpc_id": vpc["id"]])
    let publicRoutes = Resource("public", type: "aws_route_table", ["vpc_id": vpc["id"]])
    _ = Resource(
      "public-default", type: "aws_route",
      ["route_table_id": publicRoutes["id"], "destination_cidr_block": "0.0.0.0/0", "gateway_id": gateway["id"]])
    var publicSubnets: [Resource] = []
    var privateSubnets: [Resource] = []
    var natGateways: [Resource] = []
    for (index, zone) in zones.enumerated() {
      let letter = String(zone.suffix(1))
      let publicSubnet = Resource(
        "public-\(letter)", type: "aws_subnet",
        ["vpc_id": vpc["id"], "availability_zone": .string(zone), "cidr_block": .string("10.0.\(index).0/24")])
      _ = Resource(
        "public-\(letter)-routes", type: "aws_route_table_association",
        ["subnet_id": publicSubnet["id"], "route_table_id": publicRoutes["id"]])
      if natPerZone || index == 0 {
        natGateways.append(Resource("nat-\(letter)", type: "aws_nat_gateway", ["subnet_id": publicSubnet["id"]]))
      }
      let privateSubnet = Resource(
        "private-\(letter)", type: "aws_subnet",
        ["vpc_id": vpc["id"], "availability_zone": .string(zone), "cidr_block": .string("10.0.\(16 + index * 16).0/20")])
      let privateRoutes = Resource("private-\(letter)-table", type: "aws_route_table", ["vpc_id": vpc["id"]])
      _ = Resource(
        "private-\(letter)-default", type: "aws_route",
        [
          "route_table_id": privateRoutes["id"], "destination_cidr_block": "0.0.0.0/0",
          "nat_gateway_id": natGateways[natGateways.count - 1]["id"],
        ])
      _ = Resource(
        "private-\(letter)-routes", type: "aws_route_table_association",
        ["subnet_id": privateSubnet["id"], "route_table_id": privateRoutes["id"]])
      publicSubnets.append(publicSubnet)
      privateSubnets.append(privateSubnet)
    }
    return Subnets(vpc: vpc, public: publicSubnets, private: privateSubnets)
  }

  /// The `id`s of `subnets`, as a list for `subnet_ids`.
  static func ids(_ subnets: [Resource]) -> Expr { .list(subnets.map { $0["id"] }) }
}
