extension LoadBalancer.Scheme {
  /// The routing of the tier the load balancer's nodes go in: public for internet-facing, private
  /// for internal.
  var routing: SubnetTier.Routing { self == .internetFacing ? .public : .private }

  /// Who may connect when the allow-list is empty: everyone for internet-facing, the VPC for
  /// internal.
  func defaultAllow(vpc: IPv4Block) -> [String] { [self == .internetFacing ? "0.0.0.0/0" : vpc.description] }
}

extension PlatformConstruct {
  /// The network tier a load balancer of `scheme` goes in, after reporting a missing tier and
  /// allowed blocks that are not CIDR blocks.
  func loadBalancerTier(in network: Network, scheme: LoadBalancer.Scheme, allow: [String]) -> SubnetTier? {
    let tier = network.tiers.first { $0.routing == scheme.routing }
    if tier == nil {
      let wanted = scheme == .internetFacing ? "public" : "private"
      report(
        "load-balancer-tier", "load balancer '\(node.id)' needs a \(wanted) tier in network '\(network.node.id)'",
        fix: "add a \(wanted) tier to the network")
    }
    for text in allow {
      if case .failure(let error) = IPv4Block.parse(text) {
        report("invalid-cidr", "load balancer '\(node.id)': allowed \(error)", fix: "write it as 203.0.113.0/24")
      }
    }
    return tier
  }
}
