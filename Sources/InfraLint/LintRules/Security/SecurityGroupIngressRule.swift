import InfraCore
import Terraform

/// Only load balancers' HTTP and HTTPS ports are open to the whole internet.
public enum SecurityGroupIngressRule: LintRule {
  public static let description = RuleDescription(
    id: "security-group-ingress-from-anywhere", title: "0.0.0.0/0 only on load balancers' ports 80 and 443",
    severity: .error,
    rationale: """
      A security group rule open to 0.0.0.0/0 or ::/0 lets every scanner on the internet reach \
      the port. Traffic from outside enters through load balancers, on HTTP (to be redirected) \
      and HTTPS; SSH, databases, node ports and admin consoles are reached from inside the VPC, \
      a VPN or Systems Manager.
      """,
    fix: "allow the addresses or security groups that need the port; from anywhere, open only 80 and 443 on a load balancer's group")

  static let anywhere: Set<String> = ["0.0.0.0/0", "::/0"]

  public static func problems(in stack: LintedStack, settings: LintSettings) -> [LintProblem] {
    let loadBalancerGroups = Set(
      stack.resources(ofType: "aws_lb").flatMap { stack.referenced(by: $0.body["security_groups"]).map(\.address) })
    var problems: [LintProblem] = []
    func check(_ rule: Body, cidrs: [String], group: LintedResource?, reported resource: LintedResource) {
      for cidr in cidrs where anywhere.contains(cidr) {
        let from = rule.int("from_port"), to = rule.int("to_port")
        let protocolName = rule["ip_protocol"]?.stringValue ?? rule["protocol"]?.stringValue ?? "tcp"
        let webPort = from == to && (from == 80 || from == 443) && protocolName == "tcp"
        if webPort, let group, loadBalancerGroups.contains(group.address) { continue }
        let ports = protocolName == "-1" || protocolName == "all" ? "every port" : Self.ports(from, to, protocolName)
        let whose = group.map { " of \($0.address)" } ?? ""
        let reason = webPort ? ", which is not a load balancer's group" : ""
        problems.append(
          LintProblem(address: resource.address, message: "\(resource.address) opens \(ports)\(whose) to \(cidr)\(reason)"))
      }
    }
    for resource in stack.resources {
      switch resource.type {
      case "aws_vpc_security_group_ingress_rule":
        let group = stack.referenced(by: resource.body["security_group_id"]).first
        check(resource.body, cidrs: [resource.string("cidr_ipv4"), resource.string("cidr_ipv6")].compactMap { $0 }, group: group, reported: resource)
      case "aws_security_group_rule" where resource.string("type") == "ingress":
        let group = stack.referenced(by: resource.body["security_group_id"]).first
        let cidrs = (resource.body.strings("cidr_blocks") ?? []) + (resource.body.strings("ipv6_cidr_blocks") ?? [])
        check(resource.body, cidrs: cidrs, group: group, reported: resource)
      case "aws_security_group":
        for ingress in resource.body.blocks("ingress") {
          let cidrs = (ingress.strings("cidr_blocks") ?? []) + (ingress.strings("ipv6_cidr_blocks") ?? [])
          check(ingress, cidrs: cidrs, group: nil, reported: resource)
        }
      default: break
      }
    }
    return problems
  }

  private static func ports(_ from: Int?, _ to: Int?, _ protocolName: String) -> String {
    guard let from, let to else { return "\(protocolName) ports" }
    return from == to ? "\(protocolName) port \(from)" : "\(protocolName) ports \(from)-\(to)"
  }

  public static let examples: [LintExample] = [
    .passing {
      let group = Resource("web", type: "aws_security_group", ["description": "Load balancer"])
      Resource("web-lb", type: "aws_lb", ["security_groups": [group["id"]]])
      for port in [80, 443] {
        Resource(
          "web-\(port)", type: "aws_vpc_security_group_ingress_rule",
          ["security_group_id": group["id"], "cidr_ipv4": "0.0.0.0/0", "ip_protocol": "tcp", "from_port": .int(port), "to_port": .int(port)])
      }
    },
    .passing {
      let group = Resource("nodes", type: "aws_security_group", ["description": "Nodes"])
      Resource(
        "ssh", type: "aws_vpc_security_group_ingress_rule",
        ["security_group_id": group["id"], "cidr_ipv4": "10.0.0.0/16", "ip_protocol": "tcp", "from_port": 22, "to_port": 22])
    },
    .failing(["aws_vpc_security_group_ingress_rule.ssh opens tcp port 22 of aws_security_group.nodes to 0.0.0.0/0"]) {
      let group = Resource("nodes", type: "aws_security_group", ["description": "Nodes"])
      Resource(
        "ssh", type: "aws_vpc_security_group_ingress_rule",
        ["security_group_id": group["id"], "cidr_ipv4": "0.0.0.0/0", "ip_protocol": "tcp", "from_port": 22, "to_port": 22])
    },
    .failing(["aws_security_group.app opens tcp port 443 to ::/0, which is not a load balancer's group"]) {
      Resource(
        "app", type: "aws_security_group",
        Body(["ingress": .blocks([["protocol": "tcp", "from_port": 443, "to_port": 443, "ipv6_cidr_blocks": ["::/0"]]])]))
    },
    .failing(["aws_security_group_rule.all opens every port of aws_security_group.app to 0.0.0.0/0"]) {
      let group = Resource("app", type: "aws_security_group", ["description": "App"])
      Resource(
        "all", type: "aws_security_group_rule",
        ["type": "ingress", "security_group_id": group["id"], "protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]])
    },
  ]
}
