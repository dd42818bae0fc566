/// Node pools, load balancers, NAT gateways replaced by destroying the old one first.
public enum CapacityReplacedDestroyFirstCheck: ChangeCheck {
  public static let description = RuleDescription(
    id: "capacity-replaced-destroy-first",
    title: "Capacity is destroyed before its replacement exists",
    severity: .error,
    rationale: """
      When a node group, an autoscaling group, a load balancer or a NAT gateway is replaced \
      destroy-first, the capacity it provides is gone until the new one is ready: pods are \
      evicted with nowhere to go, traffic or egress stops for minutes.
      """,
    fix: """
      set lifecycle create_before_destroy, with a name prefix (node_group_name_prefix, \
      name_prefix) so the new object does not collide with the old one; infra's node pools do both
      """)

  public static let examples: [PlanCheckExample] = [
    .failing(
      "nodegroup-replace-destroy-first",
      [
        "aws_eks_node_group.workers is destroyed before its replacement is created (replaced because `instance_types` changed)"
      ]),
    .passing("nodegroup-replace-create-first"),
  ]

  /// Resource types whose objects carry traffic or run workloads.
  static let capacityTypes: Set<String> = [
    "aws_eks_node_group", "aws_autoscaling_group", "aws_launch_template", "aws_launch_configuration",
    "aws_lb", "aws_alb", "aws_elb", "aws_lb_listener", "aws_alb_listener", "aws_lb_target_group",
    "aws_alb_target_group", "aws_nat_gateway", "aws_instance", "aws_eks_fargate_profile", "aws_ecs_service",
    "aws_vpc_endpoint", "aws_route_table", "aws_route", "aws_internet_gateway", "aws_eip",
  ]

  public static func problem(with change: ResourceChange) -> String? {
    guard capacityTypes.contains(change.type), change.kind == .replaceDestroyFirst else { return nil }
    return "\(change.address) is destroyed before its replacement is created (\(change.reason))"
  }
}
