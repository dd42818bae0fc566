/// Where a stack's alerts reach people: a PagerDuty service, through its CloudWatch integration
/// URL (which carries the integration key, so it never appears in the output: it comes from a
/// sensitive Terraform variable or an SSM parameter), or an email address.
public enum PagerDutyURL: Sendable, Hashable {
  /// A sensitive Terraform variable of this name, which the pipeline sets (`TF_VAR_<name>`).
  case variable(String)
  /// A SecureString SSM parameter of this name, read when Terraform plans.
  case ssmParameter(String)
}

/// One subscription of the alert topics.
struct OnCallDestination {
  /// The end of the subscription's id (`pagerduty`, `email-1`).
  let id: String
  let protocolName: String
  let endpoint: Value<String>
  /// Whether the endpoint confirms the subscription itself (PagerDuty does; a person must click
  /// the link in a confirmation email).
  let confirmsItself: Bool
  /// Whether only what must wake someone reaches it: CloudWatch alarms and EventBridge rules
  /// (whose messages carry no `severity` attribute) and Prometheus alerts of severity critical,
  /// not the warnings, which email gets.
  var pagesOnlyForCritical = false

  func subscribe(_ topic: AwsSnsTopic, id: String, in scope: Construct) -> AwsSnsTopicSubscription {
    AwsSnsTopicSubscription(
      id, endpoint: endpoint, protocol: Value(protocolName), topicArn: topic.arn,
      endpointAutoConfirms: confirmsItself ? true : nil,
      filterPolicy: pagesOnlyForCritical ? .jsonEncoded(["severity": ["critical", ["exists": false]]]) : nil, in: scope)
  }
}
