import InfraKit
import Testing

/// The public and private subnets' network ACL lets in from outside the VPC only what answers
/// connections from inside, ICMP, and the load balancers' listener ports below 1024.
@Suite struct NetworkACLTests {
  static let certificate: Value<String> = "arn:aws:acm:eu-west-1:111122223333:certificate/0e5b9f4c-3f4a-4c55-9a7e-7d1c2f6a1b2c"

  /// Each ingress rule of the open ACL as `number protocol ports from`.
  private static func openIngress(ipv6: Bool = false, _ body: @escaping (Network) -> Void = { _ in }) throws -> [String] {
    let configuration = try Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"], ipv6: ipv6)
      body(network)
    }.synthesize().configuration
    func text(_ value: Expr?) -> String {
      switch value {
      case .string(let text)?: text
      case .int(let number)?: "\(number)"
      case .reference(let reference)?:
        "${" + ([reference.object] + reference.path.map { if case .attribute(let name) = $0 { name } else { "\($0)" } }).joined(separator: ".") + "}"
      default: "\(String(describing: value))"
      }
    }
    let open = Expr.reference(.resource(type: "aws_network_acl", name: "core_open_network_acl").attribute("id"))
    return configuration.resources.filter {
      $0.type == "aws_network_acl_rule" && $0.body["network_acl_id"] == open && $0.body["egress"] == false
    }.map { rule in
      let ports = rule.body["from_port"].map { "\(text($0))-\(text(rule.body["to_port"]))" } ?? "all"
      return "\(text(rule.body["rule_number"])) \(text(rule.body["protocol"])) \(ports) \(text(rule.body["cidr_block"] ?? rule.body["ipv6_cidr_block"]))"
    }.sorted { (Int($0.prefix { $0.isNumber }) ?? 0, $0) < (Int($1.prefix { $0.isNumber }) ?? 0, $1) }
  }

  @Test func fromOutsideTheVPCOnlyAnswersAndICMPComeIn() throws {
    #expect(try Self.openIngress() == [
      "110 -1 all 10.0.0.0/16",
      "200 icmp all 0.0.0.0/0",
      "300 tcp 1024-65535 0.0.0.0/0",
      "310 udp 1024-65535 0.0.0.0/0",
    ])
  }

  @Test func loadBalancersOpenTheirPortsBelow1024OnceAndUDPTargetPortsToo() throws {
    let ingress = try Self.openIngress { network in
      LoadBalancer("web", scheme: .internetFacing, network: network, certificateArn: Self.certificate)
      LoadBalancer("api", scheme: .internetFacing, network: network, certificateArn: Self.certificate)
      NetworkLoadBalancer(
        "edge", scheme: .internetFacing, network: network,
        listeners: [.init("dns", port: 53, protocol: .udp, targetPort: 1053), .init("mqtt", port: 8883), .init("syslog", port: 514, protocol: .udp)])
      // Internal, reached from the VPC only: the rule from the VPC's block lets it in already.
      LoadBalancer("admin", scheme: .internal, network: network, certificateArn: Self.certificate)
      NetworkLoadBalancer("ssh", scheme: .internal, network: network, listeners: [.init("git", port: 22)])
    }
    #expect(ingress.filter { !["110 ", "200 ", "300 ", "310 "].contains(where: $0.hasPrefix) } == [
      "1080 tcp 80-80 0.0.0.0/0",
      "1443 tcp 443-443 0.0.0.0/0",
      "5053 udp 53-53 0.0.0.0/0",
      "5514 udp 514-514 0.0.0.0/0",
    ])
  }

  @Test func anInternalLoadBalancerWithAnAllowListOpensItsPorts() throws {
    let ingress = try Self.openIngress { network in
      NetworkLoadBalancer("ssh", scheme: .internal, network: network, listeners: [.init("git", port: 22)], allow: ["192.168.0.0/16"])
    }
    #expect(ingress.last == "1022 tcp 22-22 0.0.0.0/0")
  }

  @Test func aDualStackNetworkDoesTheSameForIPv6() throws {
    let ingress = try Self.openIngress(ipv6: true) { network in
      LoadBalancer("web", scheme: .internetFacing, network: network, certificateArn: Self.certificate)
    }
    #expect(ingress == [
      "110 -1 all 10.0.0.0/16",
      "111 -1 all ${aws_vpc.core_vpc.ipv6_cidr_block}",
      "200 icmp all 0.0.0.0/0",
      "201 58 all ::/0",
      "300 tcp 1024-65535 0.0.0.0/0",
      "301 tcp 1024-65535 ::/0",
      "310 udp 1024-65535 0.0.0.0/0",
      "311 udp 1024-65535 ::/0",
      "1080 tcp 80-80 0.0.0.0/0",
      "1443 tcp 443-443 0.0.0.0/0",
      "3080 tcp 80-80 ::/0",
      "3443 tcp 443-443 ::/0",
    ])
  }

  @Test func aPortOfYourOwnAndPortsFrom1024UpAddNoRule() throws {
    let ingress = try Self.openIngress { network in
      network.allowAtACL(port: 22)
      network.allowAtACL(port: 8443)
      network.allowAtACL(port: 22)
    }
    #expect(ingress.count == 5)
    #expect(ingress.last == "1022 tcp 22-22 0.0.0.0/0")
  }
}
