/// A VPC laid out for production: subnet tiers across two to six zones, routes out through an
/// internet gateway and NAT, flow logs, locked default security group and network ACL, and the
/// subnet tags EKS load balancers look for.
///
/// ```swift
/// let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
///                       endpoints: [.s3, .ecr, .sts, .logs])
/// network.subnetIDs(.private)   // one subnet per zone
/// network.vpcID                 // for resources of your own
/// ```
///
/// Problems a type cannot catch (a bad CIDR, too few zones, a subnet outside the VPC or
/// overlapping another) are reported as errors at the line that created the network.
public final class Network: PlatformConstruct {
  /// How private subnets reach the internet.
  public enum NAT: Sendable, Hashable {
    /// No NAT: private subnets have no route out (endpoints can still reach AWS services).
    case disabled
    /// One gateway in the first zone for every zone: cheaper, but one zone's outage cuts egress.
    case single
    /// A gateway in every zone, each zone routed through its own.
    case perZone
  }

  /// AWS services reached from inside the VPC without the internet.
  public enum Endpoint: String, Sendable, Hashable, CaseIterable, Comparable {
    /// S3, through a gateway endpoint on the private and isolated route tables (free).
    case s3
    /// ECR's API and image layers (interface endpoints), so nodes pull images without NAT.
    case ecr
    /// STS, for IRSA and pod identity tokens.
    case sts
    /// CloudWatch Logs.
    case logs

    public static func < (lhs: Endpoint, rhs: Endpoint) -> Bool {
      allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
  }

  /// One zone's subnet of a tier.
  public struct Subnet {
    public let tier: String
    public let routing: SubnetTier.Routing
    public let zone: String
    public let cidr: IPv4Block
    public let resource: AwsSubnet
  }

  public let cidr: String
  /// The VPC's block, parsed once for the constructs that build on the network; nil when `cidr`
  /// is not one (reported as the network's error).
  public private(set) var block: IPv4Block?
  public let zones: [String]
  /// How private subnets reach the internet: as given, or by the stack's environment.
  public var nat: NAT { natOverride ?? (environment == .production ? .perZone : .single) }
  private let natOverride: NAT?
  public let tiers: [SubnetTier]
  /// Whether the network is dual stack: IPv6 beside IPv4.
  public let ipv6: Bool
  /// The VPC; nil when the network's settings were rejected and it created nothing.
  public private(set) var vpc: AwsVpc?
  /// Every subnet, tier by tier in the order given, zone by zone; empty when the network's
  /// settings were rejected.
  public private(set) var allSubnets: [Subnet] = []

  /// The NAT gateways, with the suffix of the zone each serves (`a`); empty when the network has
  /// none or its settings were rejected.
  public private(set) var natGateways: [(zone: String, gateway: AwsNatGateway)] = []

  /// The security group of the interface endpoints (ECR, STS, Logs), which admits HTTPS from
  /// the VPC; nil when the network has none.
  public private(set) var endpointsSecurityGroup: AwsSecurityGroup?

  /// The VPC's id, for resources of your own.
  public var vpcID: Value<String> { output(vpc, "id", type: "aws_vpc", id: "vpc") }


  /// - Parameters:
  ///   - cidr: the VPC's IPv4 block, e.g. `10.0.0.0/16`.
  ///   - zones: two to six availability zones, by name (`eu-west-1a`), in a fixed order: a zone's
  ///     position picks its subnets, so add new zones at the end.
  ///   - nat: how private subnets reach the internet. The stack's environment picks by default:
  ///     a single NAT gateway outside production, one per zone in production.
  ///   - tiers: the subnet tiers; public, private and isolated by default.
  ///   - flowLogRetention: how long flow logs are kept. The stack's environment picks by
  ///     default: two weeks in development, three months in staging, a year in production.
  ///   - endpoints: AWS services reached without the internet.
  ///   - ipv6: dual stack: an Amazon-provided IPv6 /56 for the VPC, a /64 for every subnet, IPv6
  ///     out of public subnets through the internet gateway and out of private subnets through
  ///     an egress-only gateway, which lets nothing in. Off by default.
  ///   - provider: the AWS provider configuration (region) of every resource; the stack's default
  ///     when nil.
  @discardableResult
  public init(
    _ id: String, renamedFrom: String? = nil, cidr: String, zones: [String], nat: NAT? = nil,
    tiers: [SubnetTier] = SubnetTier.standard, flowLogRetention: LogRetention? = nil, endpoints: Set<Endpoint> = [],
    ipv6: Bool = false, provider: Provider? = nil, in scope: Construct? = nil,
    file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.cidr = cidr
    self.zones = zones
    self.natOverride = nat
    self.tiers = tiers
    self.ipv6 = ipv6
    super.init(id, renamedFrom: renamedFrom, provider: provider, in: scope, file: file, line: line, column: column)
    if !endpoints.isEmpty && region == nil {
      report(
        "unknown-region", "network '\(id)' has VPC endpoints, whose service names need the region, but its provider configuration names none",
        fix: "create the stack with Stack(_:environment:region:), or give the network an AWSProvider")
    }
    guard let (vpcBlock, layout) = checkedLayout() else { return }
    let retention = flowLogRetention ?? [.development: .twoWeeks, .staging: .threeMonths, .production: .oneYear][environment]!
    within { build(vpcBlock: vpcBlock, layout: layout, retention: retention, endpoints: endpoints) }
  }

  /// The subnets of the tier `selection` picks, one per zone in zone order; none when the
  /// network has no such tier, or its settings were rejected.
  public func subnets(_ selection: SubnetSelection) -> [AwsSubnet] {
    guard let tier = selection.tier(in: tiers) else { return [] }
    return allSubnets.filter { $0.tier == tier.name }.map(\.resource)
  }

  /// The ids of the subnets of the tier `selection` picks, one per zone in zone order.
  public func subnetIDs(_ selection: SubnetSelection) -> [Value<String>] { subnets(selection).map(\.id) }

  // MARK: - Checks

  /// The VPC block and the subnets' places, or nil after reporting why there are none.
  private func checkedLayout() -> (IPv4Block, SubnetLayout)? {
    let vpcBlock: IPv4Block
    switch IPv4Block.parse(cidr) {
    case .success(let block):
      vpcBlock = block
      self.block = block
    case .failure(let error):
      report("invalid-cidr", "network '\(node.id)': \(error)", fix: "write the VPC block as 10.0.0.0/16")
      return nil
    }
    if !(16...24).contains(vpcBlock.prefixLength) {
      report(
        "vpc-size", "network '\(node.id)': a VPC block must be from /16 to /24 in AWS, \(vpcBlock) is not",
        fix: "choose a block from /16 to /24")
    }
    if !(2...6).contains(zones.count) {
      report(
        "zone-count", "network '\(node.id)' has \(zones.count) zone\(zones.count == 1 ? "" : "s"); it needs 2 to 6",
        fix: "name two or more availability zones (three in production), e.g. eu-west-1a, eu-west-1b, eu-west-1c")
    }
    var seenZones: Set<String> = []
    for zone in zones where !seenZones.insert(zone).inserted {
      report("duplicate-zone", "network '\(node.id)' names zone '\(zone)' twice", fix: "name each zone once")
    }
    if let region = region?.code {
      for zone in zones where !(zone.hasPrefix(region) && zone.count == region.count + 1) {
        report(
          "zone-outside-region", "network '\(node.id)': zone '\(zone)' is not in the provider's region \(region)",
          fix: "use zones of \(region), such as \(region)a")
      }
    }
    if ipv6 && tiers.count > 16 {
      report(
        "ipv6-tiers", "network '\(node.id)' has \(tiers.count) tiers; a dual-stack network numbers its subnets' IPv6 blocks for up to 16",
        fix: "use 16 tiers or fewer")
    }
    var seenTiers: Set<String> = []
    for tier in tiers where !seenTiers.insert(tier.name).inserted {
      report("duplicate-tier", "network '\(node.id)' has two tiers named '\(tier.name)'", fix: "give each tier its own name")
    }
    if nat != .disabled && tiers.contains(where: { $0.routing == .private }) && !tiers.contains(where: { $0.routing == .public }) {
      report(
        "nat-without-public-tier", "network '\(node.id)' needs a public tier for its NAT gateways",
        fix: "add a public tier, or set " + node.location.spelled(swift: "nat: .disabled", yaml: "nat: none"))
    }
    // Each tier has room for eight zones; more were reported as a zone count above.
    guard zones.count <= SubnetLayout.maximumZones else { return nil }
    do {
      let layout = try SubnetLayout(vpc: vpcBlock, tiers: tiers, zoneCount: zones.count)
      return hasProblems ? nil : (vpcBlock, layout)
    } catch {
      report(error.id, "network '\(node.id)': \(error.message)", fix: error.fix)
      return nil
    }
  }

  // MARK: - Resources

  private func build(vpcBlock: IPv4Block, layout: SubnetLayout, retention: LogRetention, endpoints: Set<Endpoint>) {
    let vpc = placed(
      AwsVpc(
        "vpc", assignGeneratedIpv6CidrBlock: ipv6 ? true : nil, cidrBlock: Value(vpcBlock.description), enableDnsHostnames: true,
        enableDnsSupport: true, tags: tags("vpc")))
    self.vpc = vpc
    // Nothing may use the default security group or network ACL by accident: both lose every rule.
    placed(AwsDefaultSecurityGroup("default-security-group", tags: tags("default-locked"), vpcId: vpc.id))
    placed(AwsDefaultNetworkAcl("default-network-acl", defaultNetworkAclId: vpc.defaultNetworkAclId, tags: tags("default-locked")))

    let hasPublic = tiers.contains { $0.routing == .public }
    let gateway = hasPublic ? placed(AwsInternetGateway("internet-gateway", tags: tags("igw"), vpcId: vpc.id)) : nil
    var routeTables: [(tier: SubnetTier, zone: Int, table: AwsRouteTable)] = []
    var natGateways: [AwsNatGateway] = []
    let egressOnly = ipv6 && tiers.contains { $0.routing == .private }
      ? placed(AwsEgressOnlyInternetGateway("egress-only-gateway", vpcId: vpc.id, tags: tags("eigw"))) : nil

    // Public tiers first: NAT gateways live in the first public tier's subnets.
    let ordered = tiers.enumerated().sorted { ($0.element.routing != .public ? 1 : 0, $0.offset) < ($1.element.routing != .public ? 1 : 0, $1.offset) }
    for (tierIndex, tier) in ordered {
      for (zoneIndex, zone) in zones.enumerated() {
        let block = layout.blocks[tierIndex][zoneIndex]
        let suffix = "\(tier.name)-\(Self.zoneSuffix(zone))"
        var extraTags = ["Tier": tier.name]
        switch tier.routing {
        case .public: extraTags["kubernetes.io/role/elb"] = "1"
        case .private: extraTags["kubernetes.io/role/internal-elb"] = "1"
        case .isolated: break
        }
        // Each subnet's /64 is numbered by its tier's place and its zone's, so adding a zone or a
        // tier at the end moves no subnet.
        let ipv6Block = ipv6 ? Value.cidrSubnet(vpc.ipv6CidrBlock, newBits: 8, number: tierIndex * 16 + zoneIndex) : nil
        let subnet = placed(
          AwsSubnet(
            suffix, vpcId: vpc.id, assignIpv6AddressOnCreation: ipv6 ? true : nil, availabilityZone: Value(zone),
            cidrBlock: Value(block.description), ipv6CidrBlock: ipv6Block, mapPublicIpOnLaunch: false,
            tags: tags(suffix, extraTags)))
        allSubnets.append(Subnet(tier: tier.name, routing: tier.routing, zone: zone, cidr: block, resource: subnet))

        // A public tier shares one route table; private and isolated tiers get one per zone, so a
        // zone's traffic stays on its own NAT gateway.
        let table: AwsRouteTable
        if tier.routing == .public, let shared = routeTables.first(where: { $0.tier == tier })?.table {
          table = shared
        } else {
          let name = tier.routing == .public ? tier.name : suffix
          table = placed(AwsRouteTable("\(name)-routes", vpcId: vpc.id, tags: tags(name)))
          routeTables.append((tier, zoneIndex, table))
          switch tier.routing {
          case .public:
            placed(
              AwsRoute("\(name)-default-route", routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: gateway?.id))
            if ipv6 {
              placed(AwsRoute("\(name)-ipv6-default-route", routeTableId: table.id, destinationIpv6CidrBlock: "::/0", gatewayId: gateway?.id))
            }
          case .private:
            if let target = natGateways.isEmpty ? nil : natGateways[min(zoneIndex, natGateways.count - 1)] {
              placed(
                AwsRoute(
                  "\(name)-default-route", routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: target.id))
            }
            if let egressOnly {
              placed(
                AwsRoute(
                  "\(name)-ipv6-default-route", routeTableId: table.id, destinationIpv6CidrBlock: "::/0",
                  egressOnlyGatewayId: egressOnly.id))
            }
          case .isolated:
            break
          }
        }
        placed(AwsRouteTableAssociation("\(suffix)-association", routeTableId: table.id, subnetId: subnet.id))

        let firstPublic = ordered.first { $0.element.routing == .public }?.element
        if tier == firstPublic, nat == .perZone || (nat == .single && zoneIndex == 0) {
          let zoneName = Self.zoneSuffix(zone)
          let address = placed(AwsEip("nat-\(zoneName)-address", domain: "vpc", tags: tags("nat-\(zoneName)")))
          let natGateway = placed(
            AwsNatGateway("nat-\(zoneName)", subnetId: subnet.id, allocationId: address.id, tags: tags("nat-\(zoneName)")))
          if let gateway { natGateway.dependsOn = [gateway] }
          natGateways.append(natGateway)
          self.natGateways.append((zoneName, natGateway))
        }
      }
    }
    buildNetworkACLs(vpc: vpc, vpcBlock: vpcBlock)
    buildEndpoints(endpoints, vpc: vpc, vpcBlock: vpcBlock, routeTables: routeTables.filter { $0.tier.routing != .public }.map(\.table))
    buildFlowLogs(vpc: vpc, retention: retention)
  }

  /// The network ACL of the public and private subnets; nil when the network has neither, or
  /// its settings were rejected.
  public private(set) var openNetworkACL: AwsNetworkAcl?
  /// The ports below 1024 the open ACL lets in from anywhere, as `tcp-443`, `udp-53`.
  private var portsOpenAtACL: Set<String> = []

  /// The network ACLs. Isolated subnets take and send traffic only within the VPC. Public and
  /// private subnets send anywhere and take, besides everything from the VPC's own block (where
  /// security groups do the work): ICMP from anywhere (path MTU discovery and unreachable
  /// errors), TCP and UDP to ports 1024–65535 from anywhere (the answers to connections made
  /// through the NAT gateways, the egress-only gateway and the S3 endpoint, and to the NAT
  /// gateways' own ports), and the listener ports below 1024 of the load balancers
  /// (``allowAtACL(port:udp:)``). Nothing else from outside the VPC reaches ports below 1024:
  /// SSH, RDP and FTP among them.
  private func buildNetworkACLs(vpc: AwsVpc, vpcBlock: IPv4Block) {
    for (name, routings) in [("open", [SubnetTier.Routing.public, .private]), ("isolated", [.isolated])] {
      let subnets = allSubnets.filter { routings.contains($0.routing) }
      guard !subnets.isEmpty else { continue }
      let open = name == "open"
      let acl = placed(
        AwsNetworkAcl(
          "\(name)-network-acl", vpcId: vpc.id, subnetIds: Value(subnets.map(\.resource.id)), tags: tags("\(name)-acl")))
      if open { openNetworkACL = acl }
      // The isolated ACL keeps its rules' addresses; the open one's ingress from the VPC is
      // numbered apart from the rule from anywhere it replaces, so both never hold one number.
      placed(
        AwsNetworkAclRule(
          open ? "open-network-acl-ingress-vpc" : "isolated-network-acl-ingress", networkAclId: acl.id, protocol: "-1",
          ruleAction: "allow", ruleNumber: open ? 110 : 100, cidrBlock: Value(vpcBlock.description), egress: false))
      placed(
        AwsNetworkAclRule(
          "\(name)-network-acl-egress", networkAclId: acl.id, protocol: "-1", ruleAction: "allow", ruleNumber: 100,
          cidrBlock: Value(open ? "0.0.0.0/0" : vpcBlock.description), egress: true))
      if ipv6 {
        placed(
          AwsNetworkAclRule(
            open ? "open-network-acl-ipv6-ingress-vpc" : "isolated-network-acl-ipv6-ingress", networkAclId: acl.id,
            protocol: "-1", ruleAction: "allow", ruleNumber: open ? 111 : 101, egress: false, ipv6CidrBlock: vpc.ipv6CidrBlock))
        placed(
          AwsNetworkAclRule(
            "\(name)-network-acl-ipv6-egress", networkAclId: acl.id, protocol: "-1", ruleAction: "allow", ruleNumber: 101,
            egress: true, ipv6CidrBlock: open ? "::/0" : vpc.ipv6CidrBlock))
      }
      guard open else { continue }
      placed(
        AwsNetworkAclRule(
          "open-network-acl-ingress-icmp", networkAclId: acl.id, protocol: "icmp", ruleAction: "allow", ruleNumber: 200,
          cidrBlock: "0.0.0.0/0", egress: false, icmpCode: -1, icmpType: -1))
      for (index, transport) in ["tcp", "udp"].enumerated() {
        placed(
          AwsNetworkAclRule(
            "open-network-acl-ingress-\(transport)-return", networkAclId: acl.id, protocol: Value(transport), ruleAction: "allow",
            ruleNumber: Value(300 + index * 10), cidrBlock: "0.0.0.0/0", egress: false, fromPort: 1024, toPort: 65535))
      }
      if ipv6 {
        placed(
          AwsNetworkAclRule(
            "open-network-acl-ipv6-ingress-icmp", networkAclId: acl.id, protocol: "58", ruleAction: "allow", ruleNumber: 201,
            egress: false, icmpCode: -1, icmpType: -1, ipv6CidrBlock: "::/0"))
        for (index, transport) in ["tcp", "udp"].enumerated() {
          placed(
            AwsNetworkAclRule(
              "open-network-acl-ipv6-ingress-\(transport)-return", networkAclId: acl.id, protocol: Value(transport),
              ruleAction: "allow", ruleNumber: Value(301 + index * 10), egress: false, fromPort: 1024, ipv6CidrBlock: "::/0",
              toPort: 65535))
        }
      }
    }
  }

  /// Lets `port` in from anywhere at the public and private subnets' network ACL, for a load
  /// balancer's listener (or a port of your own, such as a bastion's SSH in a public subnet):
  /// its security group still decides who connects. Ports from 1024 up are open already, as
  /// the answers to connections out are; a port asked for twice gets one rule, numbered by the
  /// port (TCP 1000 + port, UDP 5000 + port; 2000 more for IPv6), so adding a port renumbers
  /// nothing.
  public func allowAtACL(port: Int, udp: Bool = false) {
    guard let acl = openNetworkACL, (1...1023).contains(port) else { return }
    let transport = udp ? "udp" : "tcp"
    guard portsOpenAtACL.insert("\(transport)-\(port)").inserted else { return }
    within {
      placed(
        AwsNetworkAclRule(
          "open-network-acl-ingress-\(transport)-\(port)", networkAclId: acl.id, protocol: Value(transport), ruleAction: "allow",
          ruleNumber: Value((udp ? 5000 : 1000) + port), cidrBlock: "0.0.0.0/0", egress: false, fromPort: Value(port),
          toPort: Value(port)))
      if ipv6 {
        placed(
          AwsNetworkAclRule(
            "open-network-acl-ipv6-ingress-\(transport)-\(port)", networkAclId: acl.id, protocol: Value(transport),
            ruleAction: "allow", ruleNumber: Value((udp ? 7000 : 3000) + port), egress: false, fromPort: Value(port),
            ipv6CidrBlock: "::/0", toPort: Value(port)))
      }
    }
  }

  private func buildEndpoints(_ endpoints: Set<Endpoint>, vpc: AwsVpc, vpcBlock: IPv4Block, routeTables: [AwsRouteTable]) {
    guard !endpoints.isEmpty else { return }
    guard let region = region?.code else { return }  // reported when the network was checked
    if endpoints.contains(.s3) {
      placed(
        AwsVpcEndpoint(
          "s3-endpoint", vpcId: vpc.id, routeTableIds: Value(routeTables.map(\.id)),
          serviceName: Value("com.amazonaws.\(region).s3"), tags: tags("s3"), vpcEndpointType: "Gateway"))
    }
    let interfaces = endpoints.sorted().flatMap { endpoint -> [String] in
      switch endpoint {
      case .s3: []
      case .ecr: ["ecr.api", "ecr.dkr"]
      case .sts: ["sts"]
      case .logs: ["logs"]
      }
    }
    guard !interfaces.isEmpty else { return }
    let privateSubnets = subnets(.private)
    guard !privateSubnets.isEmpty else {
      report("endpoints-without-private-tier", "network '\(node.id)' has interface endpoints but no private tier to put them in",
        fix: "add a private tier, or keep only the S3 endpoint")
      return
    }
    let group = placed(
      AwsSecurityGroup(
        "endpoints", description: "HTTPS to AWS service endpoints from inside the VPC", namePrefix: "\(baseName)-endpoints-",
        tags: tags("endpoints"), vpcId: vpc.id))
    endpointsSecurityGroup = group
    placed(
      AwsVpcSecurityGroupIngressRule(
        "endpoints-https", ipProtocol: "tcp", securityGroupId: group.id, cidrIpv4: Value(vpcBlock.description),
        description: "HTTPS from the VPC", fromPort: 443, toPort: 443))
    for service in interfaces {
      let name = service.replacingOccurrences(of: ".", with: "-")
      placed(
        AwsVpcEndpoint(
          "\(name)-endpoint", vpcId: vpc.id, privateDnsEnabled: true, securityGroupIds: [group.id],
          serviceName: Value("com.amazonaws.\(region).\(service)"), subnetIds: Value(privateSubnets.map(\.id)),
          tags: tags(name), vpcEndpointType: "Interface"))
    }
  }

  /// Flow logs of all traffic to a log group, written by a role that may only write there.
  private func buildFlowLogs(vpc: AwsVpc, retention: LogRetention) {
    VPCFlowLogs.add(
      to: vpc, retention: retention, logGroupPrefix: "/infra/\(node.stackName)/\(namingID)/flow-logs-",
      tags: { self.tags($0) }, provider: providerConfiguration)
  }


  /// `eu-west-1a` → `a`: the zone's letter, or its whole name when it has no region in front.
  static func zoneSuffix(_ zone: String) -> String {
    guard let last = zone.last, last.isLetter, zone.count > 1, zone.dropLast().last?.isNumber == true else { return zone }
    return String(last)
  }
}
