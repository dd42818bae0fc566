/// What an application and a network load balancer both give to the resources around them: its
/// DNS name and zone (for the records of its host names), its ARN, and its security group.
public protocol LoadBalancerOutputs: PlatformConstruct {
  /// The `aws_lb`; nil when the load balancer's settings were rejected.
  var loadBalancerResource: AwsLb? { get }
  /// The id the `aws_lb` has in the construct: `alb`, `nlb`.
  static var loadBalancerResourceID: String { get }
  /// The load balancer's security group; nil when its settings were rejected.
  var securityGroup: AwsSecurityGroup? { get }
  /// The target groups, by name.
  var targetGroups: [String: AwsLbTargetGroup] { get }
}

extension LoadBalancerOutputs {
  /// The load balancer's DNS name, where a record for its host names points.
  public var dnsName: Value<String> { attribute("dns_name") }
  /// The hosted zone of the DNS name, for an alias record.
  public var zoneID: Value<String> { attribute("zone_id") }
  /// The load balancer's ARN.
  public var arn: Value<String> { attribute("arn") }
  /// The id of the load balancer's security group, which the targets let in.
  public var securityGroupID: Value<String> {
    output(securityGroup, "id", type: "aws_security_group", id: "security-group")
  }

  private func attribute(_ name: String) -> Value<String> {
    output(loadBalancerResource, name, type: "aws_lb", id: Self.loadBalancerResourceID)
  }
}
