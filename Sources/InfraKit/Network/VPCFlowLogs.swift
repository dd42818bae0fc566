/// Flow logs of all of a VPC's traffic to a CloudWatch log group with a retention, encrypted with
/// a key of its own, written by a role that may only write to that group. Created in the construct
/// whose body is being built, as `flow-logs`, `flow-logs-key` (and its policy), `flow-logs-role`,
/// `flow-logs-policy` and `flow-log`.
public enum VPCFlowLogs {
  /// - Parameters:
  ///   - logGroupPrefix: the log group's name prefix, e.g. `/infra/<stack>/<network>/flow-logs-`.
  ///   - tags: the tags of each resource, from a short name.
  ///   - provider: the provider configuration of every resource; the stack's default when nil.
  public static func add(
    to vpc: AwsVpc, retention: LogRetention, logGroupPrefix: String, tags: (String) -> Value<[String: String]>,
    provider: Provider?
  ) {
    let logGroup = AwsCloudwatchLogGroup(
      "flow-logs", namePrefix: Value(logGroupPrefix), retentionInDays: Value(retention.days), tags: tags("flow-logs"))
    CustomerManagedKey.logs("flow-logs-key", description: "Flow logs in \(logGroupPrefix)*", tags: tags("flow-logs-key"), provider: provider)
      .encrypt(logGroup)
    let trust: Expr = [
      "Version": "2012-10-17",
      "Statement": [
        ["Effect": "Allow", "Principal": ["Service": "vpc-flow-logs.amazonaws.com"], "Action": "sts:AssumeRole"]
      ],
    ]
    let role = AwsIamRole("flow-logs-role", assumeRolePolicy: .jsonEncoded(trust), namePrefix: "flow-logs-", tags: tags("flow-logs"))
    let write: Expr = [
      "Version": "2012-10-17",
      "Statement": [
        [
          "Effect": "Allow",
          "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          "Resource": "\(logGroup.arn):*",
        ]
      ],
    ]
    let policy = AwsIamRolePolicy("flow-logs-policy", policy: .jsonEncoded(write), role: role.id, name: "write-flow-logs")
    let flowLog = AwsFlowLog(
      "flow-log", iamRoleArn: role.arn, logDestination: logGroup.arn, logDestinationType: "cloud-watch-logs",
      tags: tags("flow-log"), trafficType: "ALL", vpcId: vpc.id)
    for resource in [logGroup, role, policy, flowLog] as [Resource] { resource.provider = provider }
  }
}
