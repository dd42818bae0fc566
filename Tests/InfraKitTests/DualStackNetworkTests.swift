import InfraKit
import Testing

@Suite struct DualStackNetworkTests {
  private static func synthesize(ipv6: Bool, zones: [String] = ["eu-west-1a", "eu-west-1b"]) throws -> TerraformConfiguration {
    try Stack("platform", environment: .staging, region: .euWest1) {
      Network("core", cidr: "10.0.0.0/16", zones: zones, ipv6: ipv6)
    }.synthesize().configuration
  }

  @Test func subnetsGetTheirOwn64AndPrivateOnesLeaveThroughAnEgressOnlyGateway() throws {
    let configuration = try Self.synthesize(ipv6: true)
    let shown: Set<String> = [
      "core_vpc", "core_egress_only_gateway", "core_private_b", "core_isolated_a", "core_public_ipv6_default_route",
      "core_private_b_ipv6_default_route", "core_isolated_network_acl_ipv6_ingress",
    ]
    #expect(resourceJSON(configuration) { shown.contains($0.name) } == Self.dualStack)
    #expect(configuration.resources.filter { $0.body["destination_ipv6_cidr_block"] != nil }.map(\.name) == [
      "core_public_ipv6_default_route", "core_private_a_ipv6_default_route", "core_private_b_ipv6_default_route",
    ])
    #expect(configuration.resources.first { $0.name == "core_open_network_acl_ipv6_egress" }?.body["ipv6_cidr_block"] == "::/0")
  }

  @Test func addingAZoneMovesNoIPv6Block() throws {
    func blocks(_ zones: [String]) throws -> [String: Expr] {
      let subnets = try Self.synthesize(ipv6: true, zones: zones).resources.filter { $0.type == "aws_subnet" }
      return Dictionary(uniqueKeysWithValues: subnets.map { ($0.name, $0.body["ipv6_cidr_block"]!) })
    }
    let two = try blocks(["eu-west-1a", "eu-west-1b"])
    let three = try blocks(["eu-west-1a", "eu-west-1b", "eu-west-1c"])
    #expect(two.allSatisfy { three[$0.key] == $0.value })
    #expect(Set(three.values).count == 9)
  }

  @Test func anIPv4NetworkWritesNothingOfIPv6() throws {
    let configuration = try Self.synthesize(ipv6: false)
    let json = String(decoding: configuration.json(), as: UTF8.self)
    #expect(!json.contains("ipv6"))
    #expect(!configuration.resources.contains { $0.type == "aws_egress_only_internet_gateway" })
  }

  /// A dual-stack network's IPv6 parts, as infra writes them.
  static let dualStack = #"""
{
  "resource": {
    "aws_egress_only_internet_gateway": {
      "core_egress_only_gateway": {
        "//": "platform/core/egress-only-gateway",
        "tags": {
          "Name": "platform-core-eigw"
        },
        "vpc_id": "${aws_vpc.core_vpc.id}"
      }
    },
    "aws_network_acl_rule": {
      "core_isolated_network_acl_ipv6_ingress": {
        "//": "platform/core/isolated-network-acl-ipv6-ingress",
        "egress": false,
        "ipv6_cidr_block": "${aws_vpc.core_vpc.ipv6_cidr_block}",
        "network_acl_id": "${aws_network_acl.core_isolated_network_acl.id}",
        "protocol": "-1",
        "rule_action": "allow",
        "rule_number": 101
      }
    },
    "aws_route": {
      "core_private_b_ipv6_default_route": {
        "//": "platform/core/private-b-ipv6-default-route",
        "destination_ipv6_cidr_block": "::/0",
        "egress_only_gateway_id": "${aws_egress_only_internet_gateway.core_egress_only_gateway.id}",
        "route_table_id": "${aws_route_table.core_private_b_routes.id}"
      },
      "core_public_ipv6_default_route": {
        "//": "platform/core/public-ipv6-default-route",
        "destination_ipv6_cidr_block": "::/0",
        "gateway_id": "${aws_internet_gateway.core_internet_gateway.id}",
        "route_table_id": "${aws_route_table.core_public_routes.id}"
      }
    },
    "aws_subnet": {
      "core_isolated_a": {
        "//": "platform/core/isolated-a",
        "assign_ipv6_address_on_creation": true,
        "availability_zone": "eu-west-1a",
        "cidr_block": "10.0.136.0/24",
        "ipv6_cidr_block": "${cidrsubnet(aws_vpc.core_vpc.ipv6_cidr_block, 8, 32)}",
        "map_public_ip_on_launch": false,
        "tags": {
          "Name": "platform-core-isolated-a",
          "Tier": "isolated"
        },
        "vpc_id": "${aws_vpc.core_vpc.id}"
      },
      "core_private_b": {
        "//": "platform/core/private-b",
        "assign_ipv6_address_on_creation": true,
        "availability_zone": "eu-west-1b",
        "cidr_block": "10.0.16.0/20",
        "ipv6_cidr_block": "${cidrsubnet(aws_vpc.core_vpc.ipv6_cidr_block, 8, 17)}",
        "map_public_ip_on_launch": false,
        "tags": {
          "Name": "platform-core-private-b",
          "Tier": "private",
          "kubernetes.io/role/internal-elb": "1"
        },
        "vpc_id": "${aws_vpc.core_vpc.id}"
      }
    },
    "aws_vpc": {
      "core_vpc": {
        "//": "platform/core/vpc",
        "assign_generated_ipv6_cidr_block": true,
        "cidr_block": "10.0.0.0/16",
        "enable_dns_hostnames": true,
        "enable_dns_support": true,
        "tags": {
          "Name": "platform-core-vpc"
        }
      }
    }
  }
}

"""#
}
