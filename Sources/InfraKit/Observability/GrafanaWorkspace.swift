/// Amazon Managed Grafana for a stack: a workspace whose users sign in through IAM Identity
/// Center, with a role that may read the account's Prometheus workspaces and CloudWatch, and no
/// more. Grafana itself adds the data sources (in the workspace's AWS data sources page): the
/// AWS provider cannot, and the Grafana provider would need a token that expires.
enum GrafanaWorkspace {
  static func add(to observability: Observability) {
    let stack = observability.node.stackName
    let role = AwsIamRole(
      "grafana-role", assumeRolePolicy: Cluster.trust("grafana.amazonaws.com"), namePrefix: "grafana-",
      tags: observability.tags("grafana"), in: observability)
    let read: Expr = [
      "Version": "2012-10-17",
      "Statement": [
        [
          "Sid": "ReadMetricsAndAlarms", "Effect": "Allow",
          "Action": [
            "cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmsForMetric", "cloudwatch:GetMetricData",
            "cloudwatch:GetMetricStatistics", "cloudwatch:ListMetrics", "tag:GetResources", "ec2:DescribeRegions",
            // For Grafana's AWS data sources page to find the Prometheus workspaces.
            "aps:ListWorkspaces", "aps:DescribeWorkspace",
          ],
          "Resource": "*",
        ]
      ],
    ]
    let policies: [Resource] = [
      AwsIamRolePolicy("grafana-read", policy: .jsonEncoded(read), role: role.id, name: "read-cloudwatch", in: observability),
      AwsIamRolePolicyAttachment(
        "grafana-prometheus", policyArn: "arn:aws:iam::aws:policy/AmazonPrometheusQueryAccess", role: role.name,
        in: observability),
    ]
    let workspace = AwsGrafanaWorkspace(
      "grafana", accountAccessType: "CURRENT_ACCOUNT", authenticationProviders: ["AWS_SSO"],
      permissionType: "CUSTOMER_MANAGED", dataSources: ["CLOUDWATCH", "PROMETHEUS"],
      description: Value("Dashboards of \(stack), written by infra"), name: Value(stack.replacingOccurrences(of: ".", with: "-")),
      roleArn: role.arn, tags: observability.tags("grafana"), in: observability)
    for resource in [role, workspace] + policies { resource.provider = observability.providerConfiguration }
  }
}
