import InfraKit
import Testing

/// `LoadBalancer(cluster:domain:)` and `NetworkLoadBalancer(cluster:)`: the cluster security
/// group opened to the load balancer on exactly the target ports, a domain's certificate
/// validated before the listener takes it, and target-group ARNs that never trap.
@Suite struct LoadBalancerClusterAndDomainTests {
  private static let clusterGroup = Expr.reference(
    .resource(type: "aws_eks_cluster", name: "main_cluster").attribute("vpc_config")[0].attribute("cluster_security_group_id"))

  private func synthesize(_ build: @escaping (Network, Cluster) -> Void) throws -> TerraformConfiguration {
    try Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      let cluster = Cluster("main", version: "1.31", network: network) {
        NodePool("general", instanceTypes: ["m6i.large"], size: 3...6)
      }
      build(network, cluster)
    }.synthesize().configuration
  }

  @Test func eachDistinctTargetPortGetsOneIngressRuleNamedByThePortAndTheEgressFollows() throws {
    let configuration = try synthesize { network, cluster in
      let web = LoadBalancer(
        "web", scheme: .internetFacing, network: network, cluster: cluster, domain: .zone("example.com"),
        targets: [
          .init("app", port: 8080, hosts: ["app.example.com"]), .init("admin", port: 8080, hosts: ["admin.example.com"]),
          .init("api", port: 9090, hosts: ["api.example.com"]),
        ])
      _ = Output("app", value: web.targetGroupArn("app"))
    }
    let ingress = configuration.resources.filter { $0.type == "aws_vpc_security_group_ingress_rule" && $0.body["security_group_id"] == Self.clusterGroup }
    #expect(ingress.map(\.name) == ["web_cluster_8080", "web_cluster_9090"])
    #expect(ingress.map { $0.body["from_port"] } == [8080, 9090])
    #expect(ingress.map { $0.body["to_port"] } == [8080, 9090])
    #expect(ingress.allSatisfy { $0.body["referenced_security_group_id"] == .reference(.resource(type: "aws_security_group", name: "web_security_group").attribute("id")) })
    let egress = configuration.resources.filter { $0.type == "aws_vpc_security_group_egress_rule" }
    #expect(egress.map(\.name) == ["web_to_cluster_8080", "web_to_cluster_9090"])
    #expect(configuration.outputs.first { $0.name == "app" }?.value == .reference(.resource(type: "aws_lb_target_group", name: "web_target_app").attribute("arn")))
    let certificate = try #require(configuration.resources.first { $0.type == "aws_acm_certificate" })
    #expect(certificate.body["domain_name"] == "app.example.com")
    #expect(certificate.body["subject_alternative_names"] == ["admin.example.com", "api.example.com"])
    let aliases = configuration.resources.filter { $0.type == "aws_route53_record" && !$0.body.blocks("alias").isEmpty }
    #expect(aliases.map { $0.body["name"] } == ["app.example.com", "admin.example.com", "api.example.com"])
  }

  @Test func aNetworkLoadBalancerOpensItsTargetPortsPerTransport() throws {
    let configuration = try synthesize { network, cluster in
      NetworkLoadBalancer(
        "ingest", scheme: .internal, network: network, cluster: cluster,
        listeners: [.init("mqtt", port: 8883, targetPort: 1883), .init("dns", port: 53, protocol: .udp)])
    }
    let ingress = configuration.resources.filter { $0.type == "aws_vpc_security_group_ingress_rule" && $0.body["security_group_id"] == Self.clusterGroup }
    // The UDP target's health is checked over TCP on its port.
    #expect(ingress.map(\.name) == ["ingest_cluster_53", "ingest_cluster_udp_53", "ingest_cluster_1883"])
    #expect(ingress.map { $0.body["ip_protocol"] } == ["tcp", "udp", "tcp"])
    #expect(configuration.resources.filter { $0.body["cidr_ipv4"] == "10.0.0.0/16" && $0.type == "aws_vpc_security_group_egress_rule" } == [])
  }

  @Test func aClusterOfAnotherNetworkIsALocatedError() {
    let line = #line + 5
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      let other = Network("other", cidr: "10.1.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      let cluster = Cluster("main", version: "1.31", network: other) { NodePool("general", instanceTypes: ["m6i.large"], size: 3...6) }
      NetworkLoadBalancer("ingest", scheme: .internal, network: network, cluster: cluster, listeners: [.init("mqtt", port: 8883)])
    }
    let error = #expect(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(error?.diagnostics.filter { $0.severity == .error }.map(\.description) == [
      "Tests/InfraKitTests/LoadBalancerClusterAndDomainTests.swift:\(line):26: error: load balancer 'ingest' is in network 'core', but its targets' cluster 'main' is in network 'other'; put the load balancer in the cluster's network [load-balancer-cluster]"
    ])
  }

  @Test func aLoadBalancerWithoutACertificateOrWithAHostOutsideItsZoneIsALocatedError() {
    let line = #line + 5
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      let bare = LoadBalancer("bare", scheme: .internal, network: network)
      LoadBalancer("both", scheme: .internal, network: network, certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/x", domain: .zone("example.com"))
      LoadBalancer(
        "stray", scheme: .internal, network: network, domain: .existingZone(id: "Z0123456789ABCDEFGHIJ", name: "example.com"),
        targets: [.init("app", port: 8080, hosts: ["app.example.org"])])
      // Reading what a rejected load balancer would have made does not trap.
      Output("bare-app", value: bare.targetGroupArn("app"))
    }
    let error = #expect(throws: SynthesisError.self) { try stack.synthesize() }
    let file = "Tests/InfraKitTests/LoadBalancerClusterAndDomainTests.swift"
    #expect(error?.diagnostics.filter { $0.severity == .error }.map(\.description) == [
      "\(file):\(line - 2):30: error: load balancer 'bare' has neither a certificate nor a domain for its HTTPS listener; give domain: .zone(\"example.com\") to have a certificate made and validated, or certificateArn: an existing certificate [load-balancer-certificate]",
      "\(file):\(line - 1):19: error: load balancer 'both' has both a certificate and a domain; give one: the domain's certificate is made and validated for you [load-balancer-certificate]",
      "\(file):\(line + 1):76: error: load balancer 'stray' serves 'app.example.org', which is not in the zone 'example.com'; use a name under example.com, or a domain whose zone holds app.example.org [domain-host]",
    ])
  }
}
