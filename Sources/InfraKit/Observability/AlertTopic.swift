/// The SNS topic a region's alarms and alerts go to, and on to the on-call destinations: encrypted
/// with its own KMS key (the AWS-managed SNS key does not let CloudWatch or EventBridge publish),
/// whose policy and the topic's let only CloudWatch alarms, EventBridge rules and Managed
/// Prometheus of the same account publish, over TLS.
struct AlertTopic {
  let topic: AwsSnsTopic

  /// Makes the topic in `observability`, with ids ending in `suffix` (empty for the stack's
  /// default region) and resources in `provider`'s region.
  init(in observability: Observability, suffix: String, provider: Provider?, destinations: [OnCallDestination]) {
    let name = "alerts\(suffix)"
    let useKey: Expr = ["kms:Decrypt", "kms:GenerateDataKey*"]
    let customerKey = CustomerManagedKey(
      "\(name)-key", description: "Alerts of \(observability.node.stackName)", tags: observability.tags("\(name)-key"),
      provider: provider, in: observability,
      services: [
        { _, _, account in
          [
            "Sid": "AlarmsPublish", "Effect": "Allow", "Principal": ["Service": "cloudwatch.amazonaws.com"],
            "Action": useKey, "Resource": "*", "Condition": ["StringEquals": ["aws:SourceAccount": account]],
          ]
        },
        // EventBridge delivers to an encrypted topic only without source conditions on the key.
        { _, _, _ in
          [
            "Sid": "EventRulesPublish", "Effect": "Allow", "Principal": ["Service": "events.amazonaws.com"],
            "Action": useKey, "Resource": "*",
          ]
        },
        // Nor is Managed Prometheus's use of the key shown conditioned anywhere AWS documents it;
        // the topic's policy keeps publishing to the account.
        { _, _, _ in
          [
            "Sid": "PrometheusPublishes", "Effect": "Allow", "Principal": ["Service": "aps.amazonaws.com"],
            "Action": useKey, "Resource": "*",
          ]
        },
      ]
    )
    let key = customerKey.key
    let arn = key.arn.expression
    let partition = ARNField.partition.of(arn), region = ARNField.region.of(arn), account = ARNField.account.of(arn)
    let sameAccount: Expr = ["StringEquals": ["aws:SourceAccount": account]]
    let topic = AwsSnsTopic(
      name, kmsMasterKeyId: key.arn, name: Value("\(observability.node.stackName)-\(name)"),
      tags: observability.tags(name), in: observability)
    let topicArn = topic.arn.expression
    let topicPolicy: Expr = [
      "Version": "2012-10-17",
      "Statement": [
        [
          "Sid": "AccountManagesTheTopic", "Effect": "Allow", "Principal": ["AWS": "arn:\(partition):iam::\(account):root"],
          "Action": ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish"],
          "Resource": topicArn,
        ],
        [
          "Sid": "AlarmsPublish", "Effect": "Allow", "Principal": ["Service": "cloudwatch.amazonaws.com"],
          "Action": "sns:Publish", "Resource": topicArn,
          "Condition": [
            "StringEquals": ["aws:SourceAccount": account],
            "ArnLike": ["aws:SourceArn": "arn:\(partition):cloudwatch:\(region):\(account):alarm:*"],
          ],
        ],
        [
          "Sid": "EventRulesPublish", "Effect": "Allow", "Principal": ["Service": "events.amazonaws.com"],
          "Action": "sns:Publish", "Resource": topicArn, "Condition": sameAccount,
        ],
        [
          "Sid": "PrometheusPublishes", "Effect": "Allow", "Principal": ["Service": "aps.amazonaws.com"],
          "Action": ["sns:Publish", "sns:GetTopicAttributes"], "Resource": topicArn, "Condition": sameAccount,
        ],
        [
          "Sid": "OnlyOverTLS", "Effect": "Deny", "Principal": "*", "Action": "sns:*", "Resource": topicArn,
          "Condition": ["Bool": ["aws:SecureTransport": "false"]],
        ],
      ],
    ]
    let topicPolicyResource = AwsSnsTopicPolicy(
      "\(name)-policy", arn: topic.arn, policy: .jsonEncoded(topicPolicy), in: observability)
    var resources: [Resource] = [topic, topicPolicyResource]
    for destination in destinations {
      resources.append(destination.subscribe(topic, id: "\(name)-\(destination.id)", in: observability))
    }
    for resource in resources { resource.provider = provider }
    self.topic = topic
  }

  /// An EventBridge rule that sends every AWS Backup job and copy job of the region that failed,
  /// was aborted or expired to the topic.
  func watchBackupJobs(in observability: Observability, suffix: String, provider: Provider?) {
    let pattern: Expr = [
      "source": ["aws.backup"],
      "detail-type": ["Backup Job State Change", "Copy Job State Change"],
      "detail": ["state": ["FAILED", "ABORTED", "EXPIRED"]],
    ]
    let rule = AwsCloudwatchEventRule(
      "backup-failures\(suffix)",
      description: Value("AWS Backup jobs of \(observability.node.stackName) that failed, were aborted or expired"),
      eventPattern: .jsonEncoded(pattern), name: Value("\(observability.node.stackName)-backup-failures\(suffix)"),
      tags: observability.tags("backup-failures\(suffix)"), in: observability)
    // No role: EventBridge publishes to SNS under the topic's policy.
    let target = AwsCloudwatchEventTarget(
      "backup-failures\(suffix)-target", arn: topic.arn, rule: rule.name, in: observability)
    for resource in [rule, target] as [Resource] { resource.provider = provider }
  }
}
