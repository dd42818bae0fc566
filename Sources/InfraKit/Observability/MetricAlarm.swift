/// One CloudWatch alarm a construct asks for: the metric it watches, with the dimensions that
/// name the construct's resource, and when it fires. ``Observability`` makes it an
/// `aws_cloudwatch_metric_alarm` in the construct, sending to the stack's alert topic when it
/// fires and when it clears (a pager resolves the incident on the second).
struct MetricAlarm {
  /// The alarm's id in the construct (`alarm-<id>`) and the end of its name (`<construct>-<id>`).
  let id: String
  /// What it means and what to look at first: the text the person paged reads.
  let description: String
  let namespace: String
  let metric: String
  let dimensions: [String: Value<String>]
  /// `Average`, `Sum`, `Minimum`, `Maximum`, or a percentile (`p99`).
  let statistic: String
  let period: Int
  let evaluationPeriods: Int
  let comparison: Comparison
  let threshold: Double
  /// What a period without data means: `notBreaching` for counts CloudWatch publishes only when
  /// something happened (5xx responses), `missing` otherwise.
  let missingData: String
  /// A metric math expression over `metrics` (ids `m1`, `m2`, …) that the alarm watches instead
  /// of `metric`; its own id is `e1`.
  var expression: String? = nil
  var expressionMetrics: [String] = []
  /// What the expression's value is, as the alarm's graph labels it.
  var expressionLabel = ""

  enum Comparison: String {
    case above = "GreaterThanThreshold"
    case atOrAbove = "GreaterThanOrEqualToThreshold"
    case below = "LessThanThreshold"
  }

  /// The alarm as a resource in `construct`, sending to `topic`.
  @discardableResult
  func add(to construct: PlatformConstruct, topic: Value<String>) -> AwsCloudwatchMetricAlarm {
    let percentile = statistic.hasPrefix("p")
    var queries: [AwsCloudwatchMetricAlarm.MetricQuery] = []
    if let expression {
      queries.append(.init(id: "e1", expressionAttribute: Value(expression), label: Value(expressionLabel), returnData: true))
      for (index, name) in expressionMetrics.enumerated() {
        queries.append(
          .init(
            id: Value("m\(index + 1)"),
            metric: .init(
              metricName: Value(name), period: Value(period), stat: Value(statistic),
              dimensions: Value(dimensions), namespace: Value(namespace))))
      }
    }
    let single = expression == nil
    let alarm = AwsCloudwatchMetricAlarm(
      "alarm-\(id)", alarmName: Value("\(construct.baseName)-\(id)"), comparisonOperator: Value(comparison.rawValue),
      evaluationPeriods: Value(evaluationPeriods), alarmActions: Value([topic]), alarmDescription: Value(description),
      dimensions: single ? Value(dimensions) : nil, extendedStatistic: single && percentile ? Value(statistic) : nil,
      metricName: single ? Value(metric) : nil, metricQuery: queries, namespace: single ? Value(namespace) : nil,
      okActions: Value([topic]), period: single ? Value(period) : nil,
      statistic: single && !percentile ? Value(statistic) : nil, tags: construct.tags("alarm-\(id)"),
      threshold: Value(threshold), treatMissingData: Value(missingData), in: construct)
    alarm.provider = construct.providerConfiguration
    return alarm
  }
}

/// A construct whose resources ``Observability`` watches with CloudWatch alarms.
protocol AlarmedConstruct: PlatformConstruct {
  /// The alarms for the resources the construct made, at `thresholds`; none when it made none.
  func alarms(_ thresholds: AlarmThresholds) -> [MetricAlarm]
}
