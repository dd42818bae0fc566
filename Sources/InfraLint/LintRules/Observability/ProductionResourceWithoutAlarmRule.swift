import InfraCore
import Terraform

/// In production, every database, load balancer and NAT gateway is watched by a CloudWatch alarm.
public enum ProductionResourceWithoutAlarmRule: LintRule {
  public static let description = RuleDescription(
    id: "production-resource-without-alarm", title: "Production databases, load balancers and NAT gateways have alarms",
    severity: .error,
    rationale: """
      A database running out of storage, a load balancer whose targets all fail and a NAT gateway \
      out of source ports fail quietly: users notice first, unless a CloudWatch alarm watches the \
      resource's metrics and pages someone. An alarm watches a resource when its dimensions name \
      it as CloudWatch does (DBInstanceIdentifier = the database's identifier, LoadBalancer = the \
      load balancer's arn_suffix, NatGatewayId = the gateway's id); a production resource that no \
      alarm names is watched by nobody.
      """,
    fix: """
      add Observability to the stack (Swift), or remove `observability: {enabled: false}` from \
      the stack file; a resource written by hand needs an aws_cloudwatch_metric_alarm whose \
      dimensions name it
      """)

  public static let productionOnly = true

  /// How CloudWatch names a resource of each type that must be watched: the dimension, and the
  /// attribute of the resource it takes.
  static let watched: [String: (dimension: String, attribute: String)] = [
    "aws_db_instance": ("DBInstanceIdentifier", "identifier"),
    "aws_lb": ("LoadBalancer", "arn_suffix"),
    "aws_nat_gateway": ("NatGatewayId", "id"),
  ]

  public static func problems(in stack: LintedStack, settings: LintSettings) -> [LintProblem] {
    guard stack.isProduction else { return [] }
    var named: Set<String> = []
    var literals: [String: Set<String>] = [:]
    // Alarms that refer to a resource in their dimensions, but not as CloudWatch names it.
    var misnamed: [String: [String]] = [:]
    for alarm in stack.resources(ofType: "aws_cloudwatch_metric_alarm") {
      for (dimension, value) in CloudWatchAlarms.dimensions(of: alarm) {
        if let text = value.stringValue { literals[dimension, default: []].insert(text) }
        let whole = CloudWatchAlarms.wholeReference(value)
        for reference in value.references {
          guard let resource = stack.resource(reference.object), let naming = watched[resource.type] else { continue }
          if whole == reference && dimension == naming.dimension && reference.path == [.attribute(naming.attribute)] {
            named.insert(resource.address)
          } else {
            misnamed[resource.address, default: []].append("\(alarm.address) refers to it as ${\(reference.traversal)} in \(dimension)")
          }
        }
      }
    }
    return stack.resources(ofTypes: Set(watched.keys)).compactMap { resource -> LintProblem? in
      let naming = watched[resource.type]!
      guard !named.contains(resource.address) else { return nil }
      // A database whose identifier is written out may be named by the same text.
      if let identifier = resource.string(naming.attribute), literals[naming.dimension]?.contains(identifier) == true {
        return nil
      }
      var message = "\(resource.address) is watched by no CloudWatch alarm: no aws_cloudwatch_metric_alarm has \(naming.dimension) = its \(naming.attribute)"
      if let near = misnamed[resource.address] {
        message += " (\(near.joined(separator: ", ")), which CloudWatch does not match)"
      }
      return LintProblem(address: resource.address, message: message)
    }
  }

  public static let examples: [LintExample] = [
    .passing {
      let orders = Resource("orders", type: "aws_db_instance", ["identifier": "orders", "multi_az": true])
      let topic = Resource("alerts", type: "aws_sns_topic", ["name": "alerts"])
      Resource(
        "orders-cpu", type: "aws_cloudwatch_metric_alarm",
        [
          "namespace": "AWS/RDS", "metric_name": "CPUUtilization", "dimensions": ["DBInstanceIdentifier": orders["identifier"]],
          "statistic": "Average", "period": 300, "evaluation_periods": 3, "comparison_operator": "GreaterThanThreshold",
          "threshold": 80, "alarm_actions": [topic["arn"]],
        ])
    },
    .passing(environment: .staging) {
      Resource("orders", type: "aws_db_instance", ["identifier": "orders", "multi_az": true])
    },
    .passing {
      // The database's identifier written out, and the NAT gateway named in a metric query.
      Resource("orders", type: "aws_db_instance", ["identifier": "orders"])
      let gateway = Resource("nat-a", type: "aws_nat_gateway", ["subnet_id": "subnet-0a1b2c3d"])
      Resource(
        "alarms", type: "aws_cloudwatch_metric_alarm",
        Body([
          "dimensions": .argument(["DBInstanceIdentifier": "orders"]),
          "metric_query": .blocks([
            Body(["id": .argument("m1"), "metric": .block(Body(arguments: ["dimensions": ["NatGatewayId": gateway["id"]]]))])
          ]),
        ]))
    },
    .failing([
      "aws_db_instance.orders is watched by no CloudWatch alarm: no aws_cloudwatch_metric_alarm has DBInstanceIdentifier = its identifier",
      "aws_lb.web is watched by no CloudWatch alarm: no aws_cloudwatch_metric_alarm has LoadBalancer = its arn_suffix",
      "aws_nat_gateway.nat_a is watched by no CloudWatch alarm: no aws_cloudwatch_metric_alarm has NatGatewayId = its id",
    ]) {
      Resource("orders", type: "aws_db_instance", ["identifier": "orders", "multi_az": true])
      Resource("web", type: "aws_lb", ["load_balancer_type": "application"])
      Resource("nat-a", type: "aws_nat_gateway", ["subnet_id": "subnet-0a1b2c3d"])
    },
    .failing([
      "aws_db_instance.orders is watched by no CloudWatch alarm: no aws_cloudwatch_metric_alarm has DBInstanceIdentifier = its identifier (aws_cloudwatch_metric_alarm.orders_cpu refers to it as ${aws_db_instance.orders.id} in DBInstanceIdentifier, which CloudWatch does not match)"
    ]) {
      // The resource's id is not the name CloudWatch's metrics carry.
      let orders = Resource("orders", type: "aws_db_instance", ["identifier": "orders", "multi_az": true])
      Resource(
        "orders-cpu", type: "aws_cloudwatch_metric_alarm",
        ["namespace": "AWS/RDS", "metric_name": "CPUUtilization", "dimensions": ["DBInstanceIdentifier": orders["id"]]])
    },
    .failing([
      "aws_lb.web is watched by no CloudWatch alarm: no aws_cloudwatch_metric_alarm has LoadBalancer = its arn_suffix"
    ]) {
      // An alarm on another load balancer whose name merely contains this one's.
      Resource("web", type: "aws_lb", ["load_balancer_type": "application"])
      let webhooks = Resource("webhooks", type: "aws_lb", ["load_balancer_type": "application"])
      Resource(
        "webhooks-5xx", type: "aws_cloudwatch_metric_alarm",
        ["namespace": "AWS/ApplicationELB", "metric_name": "HTTPCode_ELB_5XX_Count", "dimensions": ["LoadBalancer": webhooks["arn_suffix"]]])
    },
  ]
}
