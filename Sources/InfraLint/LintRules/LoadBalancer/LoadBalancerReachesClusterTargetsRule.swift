import InfraCore
import Terraform

/// A load balancer's IP targets in a stack with an EKS cluster are pods: the cluster security
/// group must let the load balancer's security group in on the target port, and the load
/// balancer's group must let it out.
public enum LoadBalancerReachesClusterTargetsRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "lb-targets-reachable", title: "A load balancer can reach the pods it sends to", severity: .error,
    rationale: """
      With IP targets, the AWS Load Balancer Controller registers pod addresses, and the load \
      balancer connects to them directly. On EKS the pods (and the managed node groups' nodes) \
      carry the cluster security group, which admits nothing from a load balancer unless a rule \
      says so: every target stays unhealthy, and every request gets a 502 or 503, while the \
      plan looked complete.
      """,
    fix: """
      add an aws_vpc_security_group_ingress_rule on the cluster security group \
      (vpc_config[0].cluster_security_group_id) with referenced_security_group_id the load \
      balancer's security group and from_port/to_port the target port, and an egress rule on the \
      load balancer's group to it (LoadBalancer(cluster:) and stack files do both)
      """)

  public static let resourceTypes: Set<String> = ["aws_lb_target_group"]

  public static func problems(with targetGroup: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    let clusters = stack.resources(ofType: "aws_eks_cluster")
    guard targetGroup.string("target_type") == "ip", !clusters.isEmpty, let port = targetGroup.int("port") else { return [] }
    let transport = (targetGroup.string("protocol") ?? "").hasPrefix("UDP") ? "udp" : "tcp"
    let clusterNames = clusters.map(\.address).joined(separator: ", ")
    let podGroups = stack.podSecurityGroups().values.reduce(into: Set<String>()) { $0.formUnion($1) }
    var problems: [String] = []
    for loadBalancer in stack.loadBalancers(forwardingTo: targetGroup) {
      let groups = stack.referenced(by: loadBalancer.body["security_groups"]).filter { $0.type == "aws_security_group" }
      guard !groups.isEmpty else {
        problems.append(
          "\(targetGroup.address) sends to pods of \(clusterNames) from \(loadBalancer.address), which has no security group the cluster's can admit")
        continue
      }
      // A load balancer whose group lets the port out to addresses (the VPC's) sends to targets
      // outside the cluster: instances, or the pods of a cluster it says nothing of.
      let toAddresses = groups.contains { group in
        stack.resources(ofType: "aws_vpc_security_group_egress_rule", whose: "security_group_id", refersTo: group).contains {
          $0.body["cidr_ipv4"] != nil && $0.body.permits(port: port, over: transport, protocolKey: "ip_protocol")
        }
      }
      if toAddresses { continue }
      let groupAddresses = Set(groups.map(\.address))
      let admitted = stack.resources(ofTypes: ["aws_vpc_security_group_ingress_rule", "aws_security_group_rule"]).contains { rule in
        let isIngress = rule.type == "aws_vpc_security_group_ingress_rule" || rule.string("type") == "ingress"
        let source = rule.type == "aws_security_group_rule" ? "source_security_group_id" : "referenced_security_group_id"
        // Into the cluster security group, or into a security group for pods, which pods of
        // their own (a tenant's) carry instead.
        let intoPods = stack.referenced(by: rule.body["security_group_id"]).contains { podGroups.contains($0.address) }
        return isIngress && (LintedStack.clusterOfSecurityGroup(rule.body["security_group_id"]) != nil || intoPods)
          && stack.referenced(by: rule.body[source]).contains { groupAddresses.contains($0.address) }
          && rule.body.permits(port: port, over: transport, protocolKey: rule.type == "aws_security_group_rule" ? "protocol" : "ip_protocol")
      }
      let groupNames = groups.map(\.address).joined(separator: ", ")
      if !admitted {
        problems.append(
          "\(targetGroup.address) sends to pods on \(transport) \(port), but no rule lets \(groupNames) into the cluster security group of \(clusterNames), or into a security group for pods")
      }
      let leaves = groups.contains { group in
        group.body.blocks("egress").contains { $0.permits(port: port, over: transport, protocolKey: "protocol") }
          || stack.resources(ofType: "aws_vpc_security_group_egress_rule", whose: "security_group_id", refersTo: group).contains {
            $0.body.permits(port: port, over: transport, protocolKey: "ip_protocol")
          }
      }
      if !leaves {
        problems.append("\(targetGroup.address) sends to pods on \(transport) \(port), but \(groupNames) lets nothing out on that port")
      }
    }
    return problems
  }

  public static let examples: [LintExample] = [
    .passing {
      let (group, cluster) = albSendingToPodsOn8080()
      clusterIngress(from: group, into: cluster, port: 8080)
      Resource(
        "out", type: "aws_vpc_security_group_egress_rule",
        ["security_group_id": group["id"], "referenced_security_group_id": clusterGroup(cluster), "ip_protocol": "tcp", "from_port": 8080, "to_port": 8080])
    },
    .passing {
      // A tenant's pods carry its security group for pods (its DNS goes to the cluster's), and
      // the load balancer is let into that group instead.
      let (group, cluster) = albSendingToPodsOn8080()
      let pods = Resource("acme-pods", type: "aws_security_group", ["description": "Pods of tenant acme"])
      Resource(
        "acme-dns", type: "aws_vpc_security_group_egress_rule",
        ["security_group_id": pods["id"], "referenced_security_group_id": clusterGroup(cluster), "ip_protocol": "udp", "from_port": 53, "to_port": 53])
      Resource(
        "lb-to-acme", type: "aws_vpc_security_group_ingress_rule",
        ["security_group_id": pods["id"], "referenced_security_group_id": group["id"], "ip_protocol": "tcp", "from_port": 8080, "to_port": 8080])
      Resource(
        "out", type: "aws_vpc_security_group_egress_rule",
        ["security_group_id": group["id"], "referenced_security_group_id": pods["id"], "ip_protocol": "tcp", "from_port": 8080, "to_port": 8080])
    },
    .passing {
      // Targets outside the cluster (targetsInCluster: false): the load balancer's group lets
      // them be anywhere in the VPC, and the cluster's group is none of its business.
      let (group, _) = albSendingToPodsOn8080()
      Resource(
        "out", type: "aws_vpc_security_group_egress_rule",
        ["security_group_id": group["id"], "cidr_ipv4": "10.0.0.0/16", "ip_protocol": "tcp", "from_port": 1, "to_port": 65535])
    },
    .passing {
      // Instance targets: node ports, which the nodes' own rules govern.
      let network = Resource("vpc", type: "aws_vpc", ["cidr_block": "10.0.0.0/16"])
      Resource("main", type: "aws_eks_cluster", ["name": "main"])
      Resource("app", type: "aws_lb_target_group", ["port": 30080, "protocol": "HTTP", "target_type": "instance", "vpc_id": network["id"]])
    },
    .failing([
      "aws_lb_target_group.app sends to pods on tcp 8080, but no rule lets aws_security_group.lb into the cluster security group of aws_eks_cluster.main, or into a security group for pods"
    ]) {
      let (group, cluster) = albSendingToPodsOn8080()
      // The cluster admits the load balancer on another port than the target's.
      clusterIngress(from: group, into: cluster, port: 80)
      Resource(
        "out", type: "aws_vpc_security_group_egress_rule",
        ["security_group_id": group["id"], "referenced_security_group_id": clusterGroup(cluster), "ip_protocol": "tcp", "from_port": 8080, "to_port": 8080])
    },
    .failing([
      "aws_lb_target_group.app sends to pods on tcp 8080, but no rule lets aws_security_group.lb into the cluster security group of aws_eks_cluster.main, or into a security group for pods",
      "aws_lb_target_group.app sends to pods on tcp 8080, but aws_security_group.lb lets nothing out on that port",
    ]) {
      _ = albSendingToPodsOn8080()
    },
  ]

  /// A load balancer with its security group, forwarding through a listener rule to an IP
  /// target group on 8080, beside a cluster.
  private static func albSendingToPodsOn8080() -> (group: Resource, cluster: Resource) {
    let network = Resource("vpc", type: "aws_vpc", ["cidr_block": "10.0.0.0/16"])
    let cluster = Resource("main", type: "aws_eks_cluster", ["name": "main"])
    let group = Resource("lb", type: "aws_security_group", ["vpc_id": network["id"]])
    let alb = Resource("web", type: "aws_lb", ["load_balancer_type": "application", "security_groups": [group["id"]]])
    let targets = Resource(
      "app", type: "aws_lb_target_group", ["port": 8080, "protocol": "HTTP", "target_type": "ip", "vpc_id": network["id"]])
    let https = Resource(
      "https", type: "aws_lb_listener",
      Body([
        "load_balancer_arn": .argument(alb["arn"]), "port": .argument(443), "protocol": .argument("HTTPS"),
        "default_action": .blocks([["type": "fixed-response"]]),
      ]))
    _ = Resource(
      "app-rule", type: "aws_lb_listener_rule",
      Body([
        "listener_arn": .argument(https["arn"]), "priority": .argument(100),
        "action": .blocks([["type": "forward", "target_group_arn": targets["arn"]]]),
      ]))
    return (group, cluster)
  }

  /// An ingress rule into the cluster security group from `group`, on `port` over TCP.
  private static func clusterIngress(from group: Resource, into cluster: Resource, port: Int) {
    _ = Resource(
      "to-pods", type: "aws_vpc_security_group_ingress_rule",
      [
        "security_group_id": clusterGroup(cluster), "referenced_security_group_id": group["id"], "ip_protocol": "tcp",
        "from_port": .int(port), "to_port": .int(port),
      ])
  }

  /// `aws_eks_cluster.<name>.vpc_config[0].cluster_security_group_id`.
  private static func clusterGroup(_ cluster: Resource) -> Expr {
    .reference(cluster.reference.attribute("vpc_config")[0].attribute("cluster_security_group_id"))
  }
}
