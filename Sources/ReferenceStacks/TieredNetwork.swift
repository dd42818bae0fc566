import InfraKit

/// A VPC with a public and a private subnet in each zone: an internet gateway for the public
/// tier, NAT for the private one, flow logs to CloudWatch, and the default security group
/// emptied so nothing can use it by accident.
///
/// Written with plain resources, as a team would before the network construct of InfraKit.
final class TieredNetwork: Construct {
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

  /// The provider configuration of every resource; nil for the stack's default.
  private let provider: Provider?

  @discardableResult
  init(
    _ id: String, cidr: String, zones: [Zone], nat: NAT, flowLogRetentionDays: Int, provider: Provider? = nil,
    file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.provider = provider
    super.init(id, file: file, line: line, column: column)
    within { build(cidr: cidr, zones: zones, nat: nat, flowLogRetentionDays: flowLogRetentionDays) }
  }

  /// `<stack>-<network>`, the start of every Name tag.
  private var namePrefix: String { "\(node.stackName)-\(node.id)" }

  @discardableResult
  private func resource(_ id: String, _ type: String, _ body: Body) -> Resource {
    let resource = Resource(id, type: type, body)
    resource.provider = provider
    return resource
  }

  private func tags(_ name: String, _ extra: [String: Expr] = [:]) -> Expr {
    .object(extra.merging(["Name": .string("\(namePrefix)-\(name)")]) { given, _ in given })
  }

  private func build(cidr: String, zones: [Zone], nat: NAT, flowLogRetentionDays: Int) {

    let vpc = resource(
      "vpc", "aws_vpc",
      ["cidr_block": .string(cidr), "enable_dns_support": true, "enable_dns_hostnames": true, "tags": tags("vpc")])
    resource("default-security-group", "aws_default_security_group", ["vpc_id": vpc["id"], "tags": tags("default-locked")])

    let gateway = resource("internet-gateway", "aws_internet_gateway", ["vpc_id": vpc["id"], "tags": tags("igw")])
    let publicRoutes = resource("public-routes", "aws_route_table", ["vpc_id": vpc["id"], "tags": tags("public")])
    resource(
      "public-default-route", "aws_route",
      ["route_table_id": publicRoutes["id"], "destination_cidr_block": "0.0.0.0/0", "gateway_id": gateway["id"]])

    var natGateways: [Resource] = []
    for (index, zone) in zones.enumerated() {
      let suffix = String(zone.name.suffix(1))
      let publicSubnet = resource(
        "public-\(suffix)", "aws_subnet",
        [
          "vpc_id": vpc["id"], "cidr_block": .string(zone.publicCIDR), "availability_zone": .string(zone.name),
          "map_public_ip_on_launch": false,
          "tags": tags("public-\(suffix)", ["Tier": "public", "kubernetes.io/role/elb": "1"]),
        ])
      resource(
        "public-\(suffix)-routes", "aws_route_table_association",
        ["subnet_id": publicSubnet["id"], "route_table_id": publicRoutes["id"]])
      if nat == .perZone || index == 0 {
        let address = resource("nat-\(suffix)-address", "aws_eip", ["domain": "vpc", "tags": tags("nat-\(suffix)")])
        let gatewayInZone = resource(
          "nat-\(suffix)", "aws_nat_gateway",
          ["allocation_id": address["id"], "subnet_id": publicSubnet["id"], "tags": tags("nat-\(suffix)")])
        gatewayInZone.dependsOn = [gateway]
        natGateways.append(gatewayInZone)
      }

      let privateSubnet = resource(
        "private-\(suffix)", "aws_subnet",
        [
          "vpc_id": vpc["id"], "cidr_block": .string(zone.privateCIDR), "availability_zone": .string(zone.name),
          "tags": tags("private-\(suffix)", ["Tier": "private", "kubernetes.io/role/internal-elb": "1"]),
        ])
      let privateRoutes = resource(
        "private-\(suffix)-routes", "aws_route_table", ["vpc_id": vpc["id"], "tags": tags("private-\(suffix)")])
      resource(
        "private-\(suffix)-default-route", "aws_route",
        [
          "route_table_id": privateRoutes["id"], "destination_cidr_block": "0.0.0.0/0",
          "nat_gateway_id": natGateways[natGateways.count - 1]["id"],
        ])
      resource(
        "private-\(suffix)-association", "aws_route_table_association",
        ["subnet_id": privateSubnet["id"], "route_table_id": privateRoutes["id"]])
    }

    buildFlowLogs(vpc: vpc, retentionDays: flowLogRetentionDays)
  }

  /// Flow logs of all traffic to a log group, written by a role that may only write there.
  private func buildFlowLogs(vpc: Resource, retentionDays: Int) {
    let logGroup = resource(
      "flow-logs", "aws_cloudwatch_log_group",
      ["name_prefix": .string("/infra/\(node.stackName)/\(node.id)/flow-logs-"), "retention_in_days": .int(retentionDays),
       "tags": tags("flow-logs")])
    let trust: Expr = [
      "Version": "2012-10-17",
      "Statement": [
        ["Effect": "Allow", "Principal": ["Service": "vpc-flow-logs.amazonaws.com"], "Action": "sts:AssumeRole"]
      ],
    ]
    let role = resource(
      "flow-logs-role", "aws_iam_role",
      ["name_prefix": "flow-logs-", "assume_role_policy": .call("jsonencode", [trust]), "tags": tags("flow-logs")])
    let write: Expr = [
      "Version": "2012-10-17",
      "Statement": [
        [
          "Effect": "Allow",
          "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          "Resource": "\(logGroup["arn"]):*",
        ]
      ],
    ]
    resource(
      "flow-logs-policy", "aws_iam_role_policy",
      ["name": "write-flow-logs", "role": role["id"], "policy": .call("jsonencode", [write])])
    resource(
      "flow-log", "aws_flow_log",
      [
        "vpc_id": vpc["id"], "traffic_type": "ALL", "log_destination_type": "cloud-watch-logs",
        "log_destination": logGroup["arn"], "iam_role_arn": role["arn"], "tags": tags("flow-log"),
      ])
  }
}
