import Foundation
import InfraKit
import InfraCore
import Terraform
import Testing

/// `loadBalancers[].domain` and `targetsInCluster`: a zone, a validated certificate and alias
/// records; the cluster's security group open to the load balancer on the target ports; the
/// target groups' ARNs as outputs.
@Suite struct LoadBalancerDomainTests {
  static func stackFile(_ loadBalancer: String, cluster: Bool = true) -> String {
    minimalStack + (cluster ? "cluster:\n  version: \"1.31\"\n" : "") + "loadBalancers:\n" + loadBalancer
  }

  private func configuration(_ text: String) throws -> TerraformConfiguration {
    let folder = try StackFolder(["stack.yaml": text])
    let stack = try #require(try folder.stacks().first)
    return try stack.synthesize().configuration
  }

  private func resource(_ configuration: TerraformConfiguration, _ type: String, _ name: String) throws -> ResourceBlock {
    try #require(configuration.resources.first { $0.type == type && $0.name == name })
  }

  /// A production stack's internet-facing load balancer has the standard firewall unless it says
  /// `firewall: false`; `firewall: true` is the standard one anywhere.
  @Test func firewallFalseTurnsOffTheProductionFirewallAndTrueAddsTheStandardOne() throws {
    func webACLs(_ firewall: String) throws -> [String] {
      let loadBalancer = "  - name: web\n    scheme: internet-facing\n    domain: {zone: example.com}\n" + firewall
        + "    targets: [{name: app, port: 8080, hosts: [app.example.com]}]\n"
      return try configuration(Self.stackFile(loadBalancer, cluster: false)).resources.filter { $0.type == "aws_wafv2_web_acl" }
        .map { "\($0.body.blocks("rule").count) rules" }
    }
    #expect(try webACLs("") == ["3 rules"])
    #expect(try webACLs("    firewall: false\n") == [])
    #expect(try webACLs("    firewall: true\n") == ["3 rules"])
    #expect(try webACLs("    firewall: {rateLimit: 2000}\n") == ["4 rules"])
    let folder = try StackFolder(["stack.yaml": Self.stackFile("  - name: web\n    scheme: internet-facing\n    domain: {zone: example.com}\n    firewall: off\n", cluster: false)])
    #expect(folder.problems() == [
      "stack.yaml:10:15: error: expected true or false, found the string 'off'; write true or false; infra reads YAML 1.2, where 'off' is a string, not a boolean [yaml-type]"
    ])
  }

  @Test func aDomainCreatesItsZoneACertificateValidatedThroughItAndAnAliasPerHost() throws {
    let configuration = try configuration(
      Self.stackFile(
        """
          - name: web
            scheme: internet-facing
            domain: {zone: dev.example.com}
            targets:
              - {name: app, port: 8080, hosts: [app.dev.example.com, App.dev.example.com, www.dev.example.com]}
              - {name: api, port: 9090, paths: [/api/*]}

        """))
    let zone = try resource(configuration, "aws_route53_zone", "web_zone")
    #expect(zone.body["name"] == "dev.example.com")
    #expect(zone.meta.lifecycle.preventDestroy == true)
    let certificate = try resource(configuration, "aws_acm_certificate", "web_certificate")
    #expect(certificate.body["domain_name"] == "app.dev.example.com")
    #expect(certificate.body["subject_alternative_names"] == ["www.dev.example.com"])
    #expect(certificate.body["validation_method"] == "DNS")
    #expect(certificate.meta.lifecycle.createBeforeDestroy == true)
    let zoneID = Expr.reference(.resource(type: "aws_route53_zone", name: "web_zone").attribute("zone_id"))
    let records = try resource(configuration, "aws_route53_record", "web_validation_record")
    #expect(records.body["zone_id"] == zoneID)
    let listener = try resource(configuration, "aws_lb_listener", "web_https")
    #expect(
      listener.body["certificate_arn"]
        == .reference(.resource(type: "aws_acm_certificate_validation", name: "web_certificate_validation").attribute("certificate_arn")))
    let aliases = configuration.resources.filter { $0.type == "aws_route53_record" && $0.body.blocks("alias").count == 1 }
    #expect(aliases.map(\.name) == ["web_alias_app_dev_example_com", "web_alias_www_dev_example_com"])
    #expect(aliases.map { $0.body["name"] } == ["app.dev.example.com", "www.dev.example.com"])
    #expect(aliases.allSatisfy { $0.body["zone_id"] == zoneID && $0.body["type"] == "A" })
    #expect(
      configuration.outputs.map(\.name) == ["main_kubernetes", "main_charts", "web_app_target_group_arn", "web_api_target_group_arn", "web_name_servers"])
    #expect(
      configuration.outputs.first { $0.name == "web_api_target_group_arn" }?.value
        == .reference(.resource(type: "aws_lb_target_group", name: "web_target_api").attribute("arn")))
    #expect(
      configuration.outputs.first { $0.name == "web_name_servers" }?.value
        == .reference(.resource(type: "aws_route53_zone", name: "web_zone").attribute("name_servers")))
  }

  @Test func anExistingZoneIsTakenByIdAndNothingIsCreatedForIt() throws {
    let configuration = try configuration(
      Self.stackFile(
        """
          - name: web
            scheme: internet-facing
            domain: {zone: example.com, zoneId: Z04517273EXAMPLE0PROD, names: ["*.example.com"]}
            targets: [{name: app, port: 8080, hosts: [app.example.com]}]

        """))
    #expect(configuration.resources.filter { $0.type == "aws_route53_zone" } == [])
    #expect(try resource(configuration, "aws_acm_certificate", "web_certificate").body["domain_name"] == "*.example.com")
    let alias = try resource(configuration, "aws_route53_record", "web_alias___example_com")
    #expect(alias.body["zone_id"] == "Z04517273EXAMPLE0PROD")
    #expect(alias.body["name"] == "*.example.com")
    #expect(configuration.outputs.map(\.name) == ["main_kubernetes", "main_charts", "web_app_target_group_arn"])
  }

  @Test func targetsRunInTheStacksClusterUnlessTheFileSaysOtherwise() throws {
    let inCluster = try configuration(
      Self.stackFile(
        """
          - name: web
            scheme: internal
            certificateArn: arn:aws:acm:eu-west-1:111122223333:certificate/abc
            targets: [{name: app, port: 8080}, {name: admin, port: 8080}, {name: api, port: 9090}]
          - name: ingest
            type: network
            scheme: internal
            listeners: [{name: dns, port: 53, protocol: udp}]

        """))
    let clusterGroup = Expr.reference(
      .resource(type: "aws_eks_cluster", name: "main_cluster").attribute("vpc_config")[0].attribute("cluster_security_group_id"))
    let ingress = inCluster.resources.filter { $0.type == "aws_vpc_security_group_ingress_rule" && $0.body["security_group_id"] == clusterGroup }
    #expect(ingress.map(\.name) == ["web_cluster_8080", "web_cluster_9090", "ingest_cluster_53", "ingest_cluster_udp_53"])
    #expect(ingress.map { $0.body["ip_protocol"] } == ["tcp", "tcp", "tcp", "udp"])
    let egress = inCluster.resources.filter { $0.type == "aws_vpc_security_group_egress_rule" }
    #expect(egress.map(\.name) == ["web_to_cluster_8080", "web_to_cluster_9090", "ingest_to_cluster_53", "ingest_to_cluster_udp_53"])
    #expect(egress.allSatisfy { $0.body["referenced_security_group_id"] == clusterGroup && $0.body["cidr_ipv4"] == nil })

    let elsewhere = try configuration(
      Self.stackFile(
        """
          - name: web
            scheme: internal
            certificateArn: arn:aws:acm:eu-west-1:111122223333:certificate/abc
            targetsInCluster: false
            targets: [{name: app, port: 8080}]

        """))
    #expect(elsewhere.resources.filter { $0.body["security_group_id"] == clusterGroup } == [])
    let toVPC = try resource(elsewhere, "aws_vpc_security_group_egress_rule", "web_to_targets")
    #expect(toVPC.body["cidr_ipv4"] == "10.0.0.0/16")
  }

  @Test(arguments: [
    ("neither a certificate nor a domain", stackFile("  - {name: web, scheme: internal}\n"),
     ["stack.yaml:9:5: error: load balancer 'web' needs 'domain' or 'certificateArn' for its HTTPS listener; add 'domain: {zone: example.com}' to have a certificate made and validated, or 'certificateArn: arn:aws:acm:…' [stack-missing-key]"]),
    ("both", stackFile("  - {name: web, scheme: internal, certificateArn: arn:aws:acm:x, domain: {zone: example.com}}\n"),
     ["stack.yaml:9:74: error: load balancer 'web' has both 'domain' and 'certificateArn'; remove 'certificateArn': the domain's certificate is made and validated for you [stack-invalid-value]"]),
    ("a host outside the zone", stackFile("  - name: web\n    scheme: internal\n    domain: {zone: dev.example.com}\n    targets: [{name: app, port: 8080, hosts: [app.example.org]}]\n"),
     ["stack.yaml:11:13: error: load balancer 'web' serves 'app.example.org', which is not in the zone 'dev.example.com'; use a name under dev.example.com, or a domain whose zone holds app.example.org [domain-host]"]),
    ("a host the names do not cover", stackFile("  - name: web\n    scheme: internal\n    domain: {zone: example.com, names: [www.example.com]}\n    targets: [{name: app, port: 8080, hosts: [app.example.com]}]\n"),
     ["stack.yaml:11:13: error: load balancer 'web' routes the host 'app.example.com', which the domain's names do not cover; add app.example.com to the domain's names [domain-host]"]),
    ("a zone id Route 53 does not make", stackFile("  - {name: web, scheme: internal, domain: {zone: example.com, zoneId: example.com}}\n"),
     ["stack.yaml:9:43: error: load balancer 'web' has the zone id 'example.com', which is not a Route 53 hosted zone id; write the id Route 53 shows, such as Z0123456789ABCDEFGHIJ [domain-zone]"]),
    ("a domain without its zone", stackFile("  - {name: web, scheme: internal, domain: {names: [a.example.com]}}\n"),
     ["stack.yaml:9:43: error: the domain needs 'zone'; add 'zone: example.com' [stack-missing-key]"]),
    ("targets in a cluster the stack does not have", stackFile("  - {name: web, scheme: internal, certificateArn: arn:aws:acm:x, targetsInCluster: true}\n", cluster: false),
     ["stack.yaml:7:84: error: load balancer 'web' has targets in a cluster but the stack has no cluster; add 'cluster:', or remove 'targetsInCluster' [stack-missing-part]"]),
  ])
  func aDomainOrClusterLinkThatCannotWorkIsALocatedError(name: String, text: String, expected: [String]) throws {
    let folder = try StackFolder(["stack.yaml": text])
    var problems = folder.problems()
    // What the construct itself checks is reported when the stack is synthesized.
    if problems.isEmpty, let stack = try folder.stacks().first {
      let error = #expect(throws: SynthesisError.self, "\(name)") { try stack.synthesize() }
      problems = error?.diagnostics.map { $0.description.replacingOccurrences(of: folder.path + "/", with: "") } ?? []
    }
    #expect(problems == expected, "\(name)")
  }
}
