import InfraKit
import JSON
import Testing

/// The shipped production stack, as Terraform reads it, followed link by link from the name a
/// user types to the pod that answers: each step is found through the reference the step before
/// makes, and every value is checked exactly. docs/constructs/load-balancer.md ("From a request
/// to a pod") walks the same chain.
@Suite struct RequestToPodChainTests {
  /// `stacks/<name>.yaml`, synthesized and parsed back from its JSON.
  private func configuration(_ name: String) throws -> JSON {
    try JSONParser.parse(Array(try ShippedStackTests.stack(name).synthesize().json()))
  }

  /// The resource at `address` (`aws_lb.web_alb`).
  private func resource(_ configuration: JSON, _ address: String) throws -> JSON {
    let parts = address.split(separator: ".", maxSplits: 1).map(String.init)
    return try #require(configuration["resource"]?[parts[0]]?[parts[1]], "\(address) is not in the stack")
  }

  /// The address a whole-value reference `${aws_x.y.attribute…}` points at, and the attribute path.
  private func target(of value: JSON?) throws -> (address: String, attribute: String) {
    let text = try #require(value?.string, "\(String(describing: value)) is not a reference")
    #expect(text.hasPrefix("${") && text.hasSuffix("}"))
    let parts = text.dropFirst(2).dropLast().split(separator: ".", maxSplits: 2).map(String.init)
    try #require(parts.count == 3)
    return ("\(parts[0]).\(parts[1])", parts[2])
  }

  /// The resources of `type` whose `argument` is exactly `value`.
  private func resources(_ configuration: JSON, _ type: String, where argument: String, is value: JSON) -> [String] {
    (configuration["resource"]?[type]?.object ?? [:]).filter { $0.value[argument] == value }.map { "\(type).\($0.key)" }.sorted()
  }

  @Test func theLoadBalancersSecurityGroupIsLetIntoTheClusterSecurityGroupOnTheTargetPortOnly() throws {
    let stack = try configuration("prod-eu-west-1")
    // The name routes, by host, to the target group of the pods.
    let rule = try resource(stack, "aws_lb_listener_rule.web_rule_app")
    #expect(rule["condition"]?.array?.first?["host_header"]?["values"] == .array([.string("app.eu-west-1.example.com")]))
    let forward = try #require(rule["action"]?.array?.first)
    #expect(forward["type"] == .string("forward"))
    let (groupAddress, groupAttribute) = try target(of: forward["target_group_arn"])
    #expect(groupAddress == "aws_lb_target_group.web_target_app" && groupAttribute == "arn")
    let targetGroup = try resource(stack, groupAddress)
    #expect(targetGroup["target_type"] == .string("ip"))
    #expect(targetGroup["port"] == .number(8080))
    #expect(targetGroup["protocol"] == .string("HTTP"))
    // The rule belongs to the HTTPS listener of the load balancer.
    let (listenerAddress, _) = try target(of: rule["listener_arn"])
    #expect(listenerAddress == "aws_lb_listener.web_https")
    let (albAddress, albAttribute) = try target(of: try resource(stack, listenerAddress)["load_balancer_arn"])
    #expect(albAddress == "aws_lb.web_alb" && albAttribute == "arn")
    // The load balancer's one security group…
    let alb = try resource(stack, albAddress)
    let groups = try #require(alb["security_groups"]?.array)
    #expect(groups.count == 1)
    let (securityGroup, _) = try target(of: groups.first)
    #expect(securityGroup == "aws_security_group.web_security_group")
    let lbGroupID = JSON.string("${\(securityGroup).id}")
    // …is the source of exactly one ingress rule, into the cluster security group, on 8080.
    let ingress = resources(stack, "aws_vpc_security_group_ingress_rule", where: "referenced_security_group_id", is: lbGroupID)
    #expect(ingress == ["aws_vpc_security_group_ingress_rule.web_cluster_8080"])
    let into = try resource(stack, try #require(ingress.first))
    let clusterGroupID = JSON.string("${aws_eks_cluster.main_cluster.vpc_config[0].cluster_security_group_id}")
    #expect(into["security_group_id"] == clusterGroupID)
    #expect(into["ip_protocol"] == .string("tcp"))
    #expect(into["from_port"] == targetGroup["port"] && into["to_port"] == targetGroup["port"])
    // The load balancer may leave only to the cluster security group, on the same port.
    let egress = resources(stack, "aws_vpc_security_group_egress_rule", where: "security_group_id", is: lbGroupID)
    #expect(egress == ["aws_vpc_security_group_egress_rule.web_to_cluster_8080"])
    let out = try resource(stack, try #require(egress.first))
    #expect(out["referenced_security_group_id"] == clusterGroupID)
    #expect(out["cidr_ipv4"] == nil)
    #expect(out["ip_protocol"] == .string("tcp") && out["from_port"] == .number(8080) && out["to_port"] == .number(8080))
    // The cluster security group is the nodes' (and their pods'): no node group's launch
    // template names groups of its own.
    #expect(try resource(stack, "aws_eks_cluster.main_cluster")["name"] != nil)
    for (_, template) in stack["resource"]?["aws_launch_template"]?.object ?? [:] {
      #expect(template["vpc_security_group_ids"] == nil)
    }
    // The AWS Load Balancer Controller finds the target group through the stack's output…
    #expect(stack["output"]?["web_app_target_group_arn"]?["value"] == .string("${aws_lb_target_group.web_target_app.arn}"))
    // …and may register pods into it, and into no other group, as kube-system/aws-load-balancer-controller.
    let association = try resource(stack, "aws_eks_pod_identity_association.aws_load_balancer_controller_association")
    #expect(association["namespace"] == .string("kube-system"))
    #expect(association["service_account"] == .string("aws-load-balancer-controller"))
    #expect(association["cluster_name"] == .string("${aws_eks_cluster.main_cluster.name}"))
    let (roleAddress, _) = try target(of: association["role_arn"])
    let policies = resources(stack, "aws_iam_role_policy", where: "role", is: .string("${\(roleAddress).id}"))
    #expect(policies == ["aws_iam_role_policy.aws_load_balancer_controller_permissions"])
    let policyAddress = try #require(policies.first)
    let policy = try #require(try resource(stack, policyAddress)["policy"]?.string)
    #expect(policy.contains(#"{"Action" = ["elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:RegisterTargets"], "Effect" = "Allow", "Resource" = [aws_lb_target_group.web_target_app.arn]}"#))
    #expect(!policy.contains("elasticloadbalancing:Create") && !policy.contains("ec2:Authorize"))
  }

  @Test func theNameHasAValidatedCertificateOnTheListenerAndAnAliasToTheLoadBalancer() throws {
    let stack = try configuration("prod-eu-west-1")
    // The HTTPS listener takes the certificate from its validation, so it waits for it.
    let listener = try resource(stack, "aws_lb_listener.web_https")
    #expect(listener["protocol"] == .string("HTTPS") && listener["port"] == .number(443))
    let (validationAddress, validationAttribute) = try target(of: listener["certificate_arn"])
    #expect(validationAddress == "aws_acm_certificate_validation.web_certificate_validation" && validationAttribute == "certificate_arn")
    let validation = try resource(stack, validationAddress)
    let (certificateAddress, certificateAttribute) = try target(of: validation["certificate_arn"])
    #expect(certificateAddress == "aws_acm_certificate.web_certificate" && certificateAttribute == "arn")
    // The validation waits for the records written for the certificate's validation options.
    #expect(validation["validation_record_fqdns"] == .string("${[for record in aws_route53_record.web_validation_record : record.fqdn]}"))
    let certificate = try resource(stack, certificateAddress)
    #expect(certificate["domain_name"] == .string("app.eu-west-1.example.com"))
    #expect(certificate["subject_alternative_names"] == nil)
    #expect(certificate["validation_method"] == .string("DNS"))
    #expect(certificate["lifecycle"]?["create_before_destroy"] == .bool(true))
    let records = try resource(stack, "aws_route53_record.web_validation_record")
    #expect(
      records["for_each"]
        == .string(
          "${{for option in aws_acm_certificate.web_certificate.domain_validation_options : option.domain_name => {name = option.resource_record_name, record = option.resource_record_value, type = option.resource_record_type}}}"
        ))
    #expect(records["name"] == .string("${each.value.name}"))
    #expect(records["type"] == .string("${each.value.type}"))
    #expect(records["records"] == .array([.string("${each.value.record}")]))
    #expect(records["zone_id"] == .string("Z04517273EXAMPLE0PROD"))
    #expect(records["allow_overwrite"] == .bool(true))
    #expect(records["ttl"] == .number(60))
    // The name the certificate covers points at the load balancer, in the same zone.
    let aliases = resources(stack, "aws_route53_record", where: "name", is: certificate["domain_name"] ?? .null)
    #expect(aliases == ["aws_route53_record.web_alias_app_eu_west_1_example_com"])
    let alias = try resource(stack, try #require(aliases.first))
    #expect(alias["type"] == .string("A"))
    #expect(alias["zone_id"] == records["zone_id"])
    #expect(
      alias["alias"]
        == .object([
          "name": .string("${aws_lb.web_alb.dns_name}"), "zone_id": .string("${aws_lb.web_alb.zone_id}"),
          "evaluate_target_health": .bool(true),
        ]))
    // Production takes the zone by id: it creates none.
    #expect(stack["resource"]?["aws_route53_zone"] == nil)
  }

  @Test func developmentCreatesItsOwnZoneAndOutputsItsNameServersForTheDelegation() throws {
    let stack = try configuration("dev")
    let zone = try resource(stack, "aws_route53_zone.web_zone")
    #expect(zone["name"] == .string("dev.example.com"))
    let zoneID = JSON.string("${aws_route53_zone.web_zone.zone_id}")
    #expect(
      resources(stack, "aws_route53_record", where: "zone_id", is: zoneID)
        == ["aws_route53_record.web_alias_app_dev_example_com", "aws_route53_record.web_validation_record"])
    #expect(try resource(stack, "aws_acm_certificate.web_certificate")["domain_name"] == .string("app.dev.example.com"))
    #expect(stack["output"]?["web_name_servers"]?["value"] == .string("${aws_route53_zone.web_zone.name_servers}"))
  }

  /// The last link: the target group the listener rule forwards to reaches the cluster as the
  /// ARN in a `TargetGroupBinding`, through the cluster folder's Terraform output, and the
  /// controller that acts on it is installed as the service account its identity is bound to,
  /// with permission to register targets in that group.
  @Test func theListenerRulesTargetGroupIsBoundToTheServiceByTheControllerAllowedToFillIt() throws {
    let synthesized = try ShippedStackTests.stack("prod-eu-west-1").synthesize()
    let stack = try JSONParser.parse(Array(synthesized.json()))
    let rule = try resource(stack, "aws_lb_listener_rule.web_rule_app")
    let forward = try #require(rule["action"]?.array?.first?["target_group_arn"])
    let group = try resource(stack, try target(of: forward).address)
    // The folder's output carries that very reference under the binding's key …
    let folder = try #require(synthesized.manifests.first { $0.folder == "clusters/main" })
    let output = try #require(stack["output"]?[folder.logicalID]?["value"]?.string)
    let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("web-app-target-group-arn=") })
    #expect(line.dropFirst("web-app-target-group-arn=".count) == forward.string.map { Substring($0) })
    // … which the binding reads, for the Service on the target group's port.
    let binding = try #require(folder.manifests.objects.first { $0.kind == "TargetGroupBinding" && $0.name == "web-app" })
    #expect(binding["spec"]?["targetGroupARN"] == .fromTerraform(key: "web-app-target-group-arn"))
    guard case .number(let port)? = group["port"] else {
      Issue.record("the target group has no port")
      return
    }
    #expect(binding["spec"]?["serviceRef"] == .map(["name": "app", "port": .int(Int(port))]))
    #expect(group["target_type"] == .string("ip"))
    // The controller runs as the service account its pod identity association names …
    let association = try resource(stack, "aws_eks_pod_identity_association.aws_load_balancer_controller_association")
    let charts = try #require(synthesized.manifests.first { $0.folder == "clusters/main/charts" })
    let release = try #require(charts.manifests.objects.first { $0.kind == "HelmRelease" && $0.name == "aws-load-balancer-controller" })
    #expect(release["spec"]?["targetNamespace"]?.stringValue == association["namespace"]?.string)
    #expect(release["spec"]?["values"]?["serviceAccount"]?["name"]?.stringValue == association["service_account"]?.string)
    // … whose role may register targets in that group.
    let policy = try #require(try resource(stack, "aws_iam_role_policy.aws_load_balancer_controller_permissions")["policy"]?.string)
    let reference = try #require(forward.string).dropFirst(2).dropLast()
    #expect(
      policy.contains(
        #"{"Action" = ["elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:RegisterTargets"], "Effect" = "Allow", "Resource" = [\#(reference)]}"#))
  }
}
