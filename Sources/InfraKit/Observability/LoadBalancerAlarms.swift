extension LoadBalancer: AlarmedConstruct {
  /// The load balancer's own 5xx responses, its targets' 5xx responses, and per target group
  /// the healthy targets and the 99th percentile of their response time.
  func alarms(_ thresholds: AlarmThresholds) -> [MetricAlarm] {
    guard let alb else { return [] }
    let balancer = ["LoadBalancer": alb.arnSuffix]
    var alarms = [
      MetricAlarm(
        id: "elb-5xx",
        description:
          "Load balancer \(node.id) itself answered more than \(thresholds.loadBalancer5xxCount) requests with 5xx in 5 minutes: its targets are unhealthy, unreachable or too slow.",
        namespace: "AWS/ApplicationELB", metric: "HTTPCode_ELB_5XX_Count", dimensions: balancer, statistic: "Sum",
        period: 300, evaluationPeriods: 1, comparison: .above, threshold: Double(thresholds.loadBalancer5xxCount),
        missingData: "notBreaching"),
      MetricAlarm(
        id: "target-5xx",
        description:
          "The targets of load balancer \(node.id) answered more than \(thresholds.target5xxCount) requests with 5xx in 5 minutes: look at the application's logs.",
        namespace: "AWS/ApplicationELB", metric: "HTTPCode_Target_5XX_Count", dimensions: balancer, statistic: "Sum",
        period: 300, evaluationPeriods: 1, comparison: .above, threshold: Double(thresholds.target5xxCount),
        missingData: "notBreaching"),
    ]
    for name in targetGroups.keys.sorted() {
      let dimensions = ["LoadBalancer": alb.arnSuffix, "TargetGroup": targetGroups[name]!.arnSuffix]
      alarms += [
        .healthyHosts(of: name, in: node.id, namespace: "AWS/ApplicationELB", dimensions: dimensions),
        MetricAlarm(
          id: "\(name)-response-time",
          description:
            "Target \(name) of load balancer \(node.id) took over \(thresholds.targetResponseSeconds) s to answer for 1 request in 100, over 15 minutes.",
          namespace: "AWS/ApplicationELB", metric: "TargetResponseTime", dimensions: dimensions, statistic: "p99",
          period: 300, evaluationPeriods: 3, comparison: .above, threshold: thresholds.targetResponseSeconds,
          missingData: "notBreaching"),
      ]
    }
    return alarms
  }
}

extension NetworkLoadBalancer: AlarmedConstruct {
  /// Per target group, the healthy targets.
  func alarms(_ thresholds: AlarmThresholds) -> [MetricAlarm] {
    guard let nlb else { return [] }
    return targetGroups.keys.sorted().map { name in
      .healthyHosts(
        of: name, in: node.id, namespace: "AWS/NetworkELB",
        dimensions: ["LoadBalancer": nlb.arnSuffix, "TargetGroup": targetGroups[name]!.arnSuffix])
    }
  }
}

extension MetricAlarm {
  /// A target group without a healthy target for 2 minutes: every request to it fails.
  static func healthyHosts(
    of target: String, in balancer: String, namespace: String, dimensions: [String: Value<String>]
  ) -> MetricAlarm {
    MetricAlarm(
      id: "\(target)-healthy-hosts",
      description:
        "Target \(target) of load balancer \(balancer) has had no healthy target for 2 minutes: what is sent to it fails. Look at its pods and their readiness.",
      namespace: namespace, metric: "HealthyHostCount", dimensions: dimensions, statistic: "Minimum", period: 60,
      evaluationPeriods: 2, comparison: .below, threshold: 1, missingData: "missing")
  }
}
