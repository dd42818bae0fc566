/// A port a load balancer's targets listen on, with its transport.
struct TargetPort: Hashable, Comparable {
  var port: Int
  var udp: Bool

  var transport: String { udp ? "udp" : "tcp" }
  /// `8080` for TCP, `udp-53` for UDP: the end of the ids of the rules for the port, named by
  /// the port so that adding or removing a target renames no other rule.
  var idSuffix: String { udp ? "udp-\(port)" : "\(port)" }

  static func < (lhs: TargetPort, rhs: TargetPort) -> Bool { (lhs.port, lhs.udp ? 1 : 0) < (rhs.port, rhs.udp ? 1 : 0) }
}

extension LoadBalancerOutputs {
  /// Reports a cluster in another network than the load balancer's: security groups of two
  /// VPCs cannot name each other in their rules.
  func check(cluster: Cluster?, in network: Network) {
    guard let cluster, cluster.network !== network else { return }
    report(
      "load-balancer-cluster",
      "load balancer '\(node.id)' is in network '\(network.node.id)', but its targets' cluster '\(cluster.node.id)' is in network '\(cluster.network.node.id)'",
      fix: "put the load balancer in the cluster's network")
  }

  /// The rules that let the load balancer reach its targets: with `cluster`, exactly the target
  /// ports from the load balancer's security group into the cluster security group (which EKS
  /// puts on the managed node groups' nodes, and the VPC CNI on their pods), and the load
  /// balancer's egress narrowed to that group on those ports; without, egress to the VPC on
  /// every port of `transports`, each rule's id ending in its transport when `namedByTransport`.
  func buildTargetAccess(
    group: AwsSecurityGroup, cluster: Cluster?, ports: [TargetPort], vpcBlock: IPv4Block, transports: [String],
    namedByTransport: Bool
  ) {
    guard let cluster else {
      // The load balancer talks only to targets inside the VPC.
      for transport in transports {
        placed(
          AwsVpcSecurityGroupEgressRule(
            namedByTransport ? "to-targets-\(transport)" : "to-targets", ipProtocol: Value(transport), securityGroupId: group.id,
            cidrIpv4: Value(vpcBlock.description), description: "Targets in the VPC", fromPort: 1, toPort: 65535))
      }
      return
    }
    for target in Set(ports).sorted() {
      placed(
        AwsVpcSecurityGroupIngressRule(
          "cluster-\(target.idSuffix)", ipProtocol: Value(target.transport), securityGroupId: cluster.securityGroupID,
          description: Value("Load balancer \(baseName) to pods on \(target.port)"), fromPort: Value(target.port),
          referencedSecurityGroupId: group.id, toPort: Value(target.port)))
      placed(
        AwsVpcSecurityGroupEgressRule(
          "to-cluster-\(target.idSuffix)", ipProtocol: Value(target.transport), securityGroupId: group.id,
          description: Value("Pods of cluster \(cluster.node.id) on \(target.port)"), fromPort: Value(target.port),
          referencedSecurityGroupId: cluster.securityGroupID, toPort: Value(target.port)))
    }
  }

  /// The rules that let the load balancer reach the pods of the target `name` that carry a
  /// security group of their own: the target port from the load balancer's group into the pods'
  /// group, and out of the load balancer's group to it, named by the target.
  func buildPodAccess(group: AwsSecurityGroup, target name: String, port: Int, pods: Value<String>) {
    placed(
      AwsVpcSecurityGroupIngressRule(
        "pods-\(name)", ipProtocol: "tcp", securityGroupId: pods,
        description: Value("Load balancer \(baseName) to the pods of target \(name) on \(port)"), fromPort: Value(port),
        referencedSecurityGroupId: group.id, toPort: Value(port)))
    placed(
      AwsVpcSecurityGroupEgressRule(
        "to-pods-\(name)", ipProtocol: "tcp", securityGroupId: group.id,
        description: Value("Pods of target \(name) on \(port)"), fromPort: Value(port), referencedSecurityGroupId: pods,
        toPort: Value(port)))
  }

  /// The ARN of the target group `name` (a target of an application load balancer, a listener of
  /// a network one), for a `TargetGroupBinding`; a reference to the group the load balancer
  /// would have created under that name when it has none, so reading it never traps.
  public func targetGroupArn(_ name: String) -> Value<String> {
    output(targetGroups[name], "arn", type: "aws_lb_target_group", id: "target-\(name)")
  }
}
