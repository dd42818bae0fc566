extension LoadBalancer: AlarmedConstruct {
  /// The share of requests the load balancer itself answers with 5xx, and its targets, and per
  /// target group
  /// the healthy targets and the 99th percentile of their response time.
  func alarms(_ thresholds: AlarmThresholds) -> [MetricAlarm] {
    guard let alb else { return [] }
    let balancer = ["LoadBalancer": alb.arnSuffix]
    // The share of requests answered with 5xx, counted only once there are at least 5 of them:
    // a quiet service's one failed request is no reason to wake anyone.
    func errorRate(_ id: String, _ metric: String, percent: Double, _ description: String) -> MetricAlarm {
      MetricAlarm(
        id: id, description: description, namespace: "AWS/ApplicationELB", metric: metric, dimensions: balancer,
        statistic: "Sum", period: 300, evaluationPeriods: 2, comparison: .above, threshold: percent,
        missingData: "notBreaching", expression: "IF(m1 >= 5, 100 * m1 / m2, 0)", expressionMetrics: [metric, "RequestCount"],
        expressionLabel: "Requests answered with 5xx (%)")
    }
    var alarms = [
      errorRate(
        "elb-5xx", "HTTPCode_ELB_5XX_Count", percent: thresholds.loadBalancer5xxPercent,
        "Load balancer \(node.id) itself answered over \(PrometheusText.number(thresholds.loadBalancer5xxPercent))% of requests with 5xx for 10 minutes: its targets are unhealthy, unreachable or too slow."),
      errorRate(
        "target-5xx", "HTTPCode_Target_5XX_Count", percent: thresholds.target5xxPercent,
        "The targets of load balancer \(node.id) answered over \(PrometheusText.number(thresholds.target5xxPercent))% of requests with 5xx for 10 minutes: look at the application's logs."),
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
