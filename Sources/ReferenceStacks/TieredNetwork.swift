import InfraKit

/// A VPC with a public and a private subnet in each zone: an internet gateway for the public
/// tier, NAT for the private one, flow logs to CloudWatch, and the default security group
/// emptied so nothing can use it by accident.
///
/// Written with the typed AWS resources, as a team would before the network construct of InfraKit.
final class TieredNetwork: PlatformConstruct {
  struct Zone {
    var name: String
    var publicCIDR: String
    var privateCIDR: String
  }

  enum NAT {
    /// One gateway, in the first zone, for every private subnet: cheaper, one zone's outage away
    /// from losing egress.
    case single
    /// A gateway per zone, each zone's private subnet routed through its own.
    case perZone
  }

  @discardableResult
  init(
    _ id: String, cidr: String, zones: [Zone], nat: NAT, flowLogRetention: LogRetention, provider: Provider? = nil,
    file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    super.init(id, provider: provider, file: file, line: line, column: column)
    within { build(cidr: cidr, zones: zones, nat: nat, flowLogRetention: flowLogRetention) }
  }

  private func build(cidr: String, zones: [Zone], nat: NAT, flowLogRetention: LogRetention) {
    let vpc = placed(
      AwsVpc("vpc", cidrBlock: Value(cidr), enableDnsHostnames: true, enableDnsSupport: true, tags: tags("vpc")))
    placed(AwsDefaultSecurityGroup("default-security-group", tags: tags("default-locked"), vpcId: vpc.id))

    let gateway = placed(AwsInternetGateway("internet-gateway", tags: tags("igw"), vpcId: vpc.id))
    let publicRoutes = placed(AwsRouteTable("public-routes", vpcId: vpc.id, tags: tags("public")))
    placed(
      AwsRoute(
        "public-default-route", routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: gateway.id))

    var natGateways: [AwsNatGateway] = []
    for (index, zone) in zones.enumerated() {
      let suffix = String(zone.name.suffix(1))
      let publicSubnet = placed(
        AwsSubnet(
          "public-\(suffix)", vpcId: vpc.id, availabilityZone: Value(zone.name), cidrBlock: Value(zone.publicCIDR),
          mapPublicIpOnLaunch: false,
          tags: tags("public-\(suffix)", ["Tier": "public", "kubernetes.io/role/elb": "1"])))
      placed(AwsRouteTableAssociation("public-\(suffix)-routes", routeTableId: publicRoutes.id, subnetId: publicSubnet.id))
      if nat == .perZone || index == 0 {
        let address = placed(AwsEip("nat-\(suffix)-address", domain: "vpc", tags: tags("nat-\(suffix)")))
        let gatewayInZone = placed(
          AwsNatGateway(
            "nat-\(suffix)", subnetId: publicSubnet.id, allocationId: address.id, tags: tags("nat-\(suffix)")))
        gatewayInZone.dependsOn = [gateway]
        natGateways.append(gatewayInZone)
      }

      let privateSubnet = placed(
        AwsSubnet(
          "private-\(suffix)", vpcId: vpc.id, availabilityZone: Value(zone.name), cidrBlock: Value(zone.privateCIDR),
          tags: tags("private-\(suffix)", ["Tier": "private", "kubernetes.io/role/internal-elb": "1"])))
      let privateRoutes = placed(AwsRouteTable("private-\(suffix)-routes", vpcId: vpc.id, tags: tags("private-\(suffix)")))
      placed(
        AwsRoute(
          "private-\(suffix)-default-route", routeTableId: privateRoutes.id, destinationCidrBlock: "0.0.0.0/0",
          natGatewayId: natGateways[natGateways.count - 1].id))
      placed(
        AwsRouteTableAssociation(
          "private-\(suffix)-association", routeTableId: privateRoutes.id, subnetId: privateSubnet.id))
    }

    buildFlowLogs(vpc: vpc, retention: flowLogRetention)
  }

  /// Flow logs of all traffic to a log group, written by a role that may only write there.
  private func buildFlowLogs(vpc: AwsVpc, retention: LogRetention) {
    VPCFlowLogs.add(
      to: vpc, retention: retention, logGroupPrefix: "/infra/\(node.stackName)/\(node.id)/flow-logs-",
      tags: { self.tags($0) }, provider: providerConfiguration)
  }

}
