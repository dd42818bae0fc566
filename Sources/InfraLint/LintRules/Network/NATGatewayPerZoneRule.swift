import InfraCore
import Terraform

/// In production, each zone's private subnets go out through a NAT gateway in the same zone.
public enum NATGatewayPerZoneRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "nat-gateway-per-zone", title: "A NAT gateway per zone in production", severity: .error,
    rationale: """
      A NAT gateway lives in one zone. When private subnets of other zones send their traffic \
      through it, that zone's outage cuts the whole VPC off from the internet (image pulls, AWS \
      APIs without endpoints, webhooks), and cross-zone traffic is billed on top.
      """,
    fix: "create a NAT gateway in each zone's public subnet and route each zone's private subnets through their own")

  public static let resourceTypes: Set<String> = ["aws_vpc"]
  public static let productionOnly = true

  public static func problems(with vpc: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    let network = stack.network
    var crossing: [String] = []
    for subnet in stack.resources(ofType: "aws_subnet", whose: "vpc_id", refersTo: vpc) {
      guard let gateway = network.natGateway(of: subnet), let zone = network.zone(of: subnet),
        let gatewayZone = network.subnets(gateway.body["subnet_id"]).first.flatMap(network.zone(of:)),
        gatewayZone != zone
      else { continue }
      crossing.append("\(subnet.address) (\(zone)) through \(gateway.address) (\(gatewayZone))")
    }
    guard !crossing.isEmpty else { return [] }
    return ["\(vpc.address) sends private subnets' internet traffic through a NAT gateway in another zone: \(crossing.joined(separator: ", "))"]
  }

  public static let examples: [LintExample] = [
    .passing {
      _ = ExampleNetwork.make(natPerZone: true)
    },
    .passing(environment: .development) {
      _ = ExampleNetwork.make(natPerZone: false)
    },
    .failing([
      "aws_vpc.vpc sends private subnets' internet traffic through a NAT gateway in another zone: aws_subnet.private_b (eu-west-1b) through aws_nat_gateway.nat_a (eu-west-1a), aws_subnet.private_c (eu-west-1c) through aws_nat_gateway.nat_a (eu-west-1a)"
    ]) {
      _ = ExampleNetwork.make(natPerZone: false)
    },
  ]
}
