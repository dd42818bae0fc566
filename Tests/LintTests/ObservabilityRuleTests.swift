import InfraKit
import InfraLint
import Testing

/// The rules on alarms and on-call over infra's own constructs: what `Observability` makes passes
/// them, and each finding is located where its fix is written.
@Suite struct ObservabilityRuleTests {
  static let rules: [any LintRule.Type] = [
    ProductionResourceWithoutAlarmRule.self, AlarmWithoutDestinationRule.self, PagerDutyURLLiteralRule.self,
  ]
  /// The lines of the constructs in ``platform(_:observability:)``.
  static let networkLine = #line + 9, loadBalancerLine = networkLine + 1, databaseLine = networkLine + 5

  private func findings(_ stack: Stack) throws -> [String] {
    try Linter(rules: Self.rules).lint(stack.synthesize()).findings.map { "\($0.location?.line ?? 0) \($0.rule.id) \($0.message)" }
  }

  /// A network with a NAT gateway per zone, a load balancer with a target and a database, and `observability`.
  private func platform(_ environment: Environment = .production, @ConstructBuilder observability: () -> Void = {}) -> Stack {
    Stack("platform", environment: environment, region: .euWest1, defaultTags: ["Environment": environment.rawValue]) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      LoadBalancer(
        "web", scheme: .internetFacing, network: network,
        certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/abc",
        targets: [.init("app", port: 8080, healthCheckPath: "/healthz")])
      Database("orders", engine: .postgres("16"), network: network)
      observability()
    }
  }

  @Test func withoutObservabilityEveryProductionResourceIsFoundAtItsConstruct() throws {
    let (network, loadBalancer, database) = (Self.networkLine, Self.loadBalancerLine, Self.databaseLine)
    #expect(try findings(platform()) == [
      "\(network) production-resource-without-alarm aws_nat_gateway.core_nat_a is watched by no CloudWatch alarm: no aws_cloudwatch_metric_alarm has NatGatewayId = its id",
      "\(network) production-resource-without-alarm aws_nat_gateway.core_nat_b is watched by no CloudWatch alarm: no aws_cloudwatch_metric_alarm has NatGatewayId = its id",
      "\(network) production-resource-without-alarm aws_nat_gateway.core_nat_c is watched by no CloudWatch alarm: no aws_cloudwatch_metric_alarm has NatGatewayId = its id",
      "\(loadBalancer) production-resource-without-alarm aws_lb.web_alb is watched by no CloudWatch alarm: no aws_cloudwatch_metric_alarm has LoadBalancer = its arn_suffix",
      "\(database) production-resource-without-alarm aws_db_instance.orders_instance is watched by no CloudWatch alarm: no aws_cloudwatch_metric_alarm has DBInstanceIdentifier = its identifier",
    ])
  }

  @Test func observabilityWithADestinationPassesEveryRule() throws {
    #expect(try findings(platform { Observability(pagerDuty: .variable("pagerduty_url"), email: ["oncall@example.com"]) }) == [])
    #expect(try findings(platform { Observability(pagerDuty: .ssmParameter("/platform/pagerduty-url")) }) == [])
    #expect(try findings(platform { Observability(email: ["oncall@example.com"]) }) == [])
  }

  @Test func observabilityWithoutADestinationIsFoundOnceAtItsCall() throws {
    let line = #line + 1
    let stack = platform { Observability() }
    #expect(try findings(stack) == [
      "\(line) alarm-without-destination aws_sns_topic.observability_alerts has no subscription, so nobody hears of aws_cloudwatch_metric_alarm.core_alarm_nat_a_port_allocation, aws_cloudwatch_metric_alarm.core_alarm_nat_a_dropped_packets and 11 more, which send only to it"
    ])
  }

  @Test func outsideProductionNeitherIsRequired() throws {
    #expect(try findings(platform(.staging)) == [])
    #expect(try findings(platform(.staging) { Observability() }) == [])
  }

  @Test func aPagerDutyURLWrittenOutIsFoundAtItsSubscription() throws {
    let line = #line + 3
    let stack = platform {
      Observability(email: ["oncall@example.com"])
      AwsSnsTopicSubscription(
        "pager", endpoint: "https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue", protocol: "https",
        topicArn: "arn:aws:sns:eu-west-1:111122223333:platform-alerts")
    }
    #expect(try findings(stack) == [
      "\(line) pagerduty-url-literal aws_sns_topic_subscription.pager writes a PagerDuty integration URL, and the key in it, in the configuration"
    ])
  }
}
