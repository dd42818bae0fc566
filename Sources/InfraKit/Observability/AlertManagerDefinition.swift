import InfraCore

/// The alert manager definition of an Amazon Managed Service for Prometheus workspace
/// (`aws_prometheus_alert_manager_definition.definition`): where the alerts of
/// ``PrometheusRules`` go.
///
/// Critical and warning alerts go to an SNS topic, the only receiver Managed Prometheus
/// supports, each with the SNS message attribute `severity`, so that a subscription can take
/// only the critical ones (a pager) or all of them (email). Info alerts go nowhere: they are
/// seen in the workspace and in Grafana. Alerts are grouped per alert name and cluster; a
/// critical alert holds back the warning of the same name, cluster and volume. The SNS subject
/// is short (status, cluster, alert name, at most 99 characters), as SNS refuses longer ones.
///
/// ```swift
/// let alerts = AlertManagerDefinition(topicArn: "${aws_sns_topic.alerts.arn}", region: "eu-west-1", environment: .production)
/// alerts.text  // the YAML for aws_prometheus_alert_manager_definition.definition
/// ```
public struct AlertManagerDefinition: Sendable, Hashable {
  /// The SNS topic's ARN, written as given: a Terraform interpolation such as
  /// `${aws_sns_topic.alerts.arn}` reaches Terraform unchanged.
  public let topicArn: String
  /// The topic's region, which Managed Prometheus signs its SNS requests for.
  public let region: String
  /// Seconds a new group of alerts waits for more of its alerts before it is sent: 30.
  public let groupWaitSeconds: Int
  /// Minutes between two messages about a group whose alerts changed: 5.
  public let groupIntervalMinutes: Int
  /// Hours before an unchanged firing group is sent again: 4 in production, 24 elsewhere
  /// (Managed Prometheus allows at most 5 days).
  public let repeatIntervalHours: Int

  /// The name of the template file, which `alertmanager_config` loads.
  public static let templateName = "default_template"

  public init(topicArn: String, region: String, environment: Environment) {
    self.topicArn = topicArn
    self.region = region
    groupWaitSeconds = 30
    groupIntervalMinutes = 5
    repeatIntervalHours = environment == .production ? 4 : 24
  }

  /// The definition, as `aws_prometheus_alert_manager_definition.definition` takes it: the
  /// template file and the Alertmanager configuration, each a block of text.
  public var text: String {
    var lines = ["template_files:", "  \(Self.templateName): |"]
    lines += template.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { $0.isEmpty ? "" : "    \($0)" }
    lines.append("alertmanager_config: |")
    lines += alertmanagerConfig.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { $0.isEmpty ? "" : "  \($0)" }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The templates of the SNS subject and message.
  public var template: String {
    """
    {{ define "infra.subject" }}{{ printf "[%s] %s: %s" (.Status | toUpper) .GroupLabels.cluster .GroupLabels.alertname | reReplaceAll "^(.{0,99}).*$" "$1" }}{{ end }}
    {{ define "infra.message" }}{{ .Status | toUpper }}: {{ .GroupLabels.alertname }} in cluster {{ .GroupLabels.cluster }}
    {{ range .Alerts }}
    [{{ .Labels.severity }}] {{ .Annotations.summary }}
    {{ .Annotations.description }}
    Labels: {{ range .Labels.SortedPairs }}{{ .Name }}={{ .Value }} {{ end }}
    Since: {{ .StartsAt.Format "2006-01-02 15:04:05 MST" }}
    {{ end }}{{ end }}

    """
  }

  /// The Alertmanager configuration (`alertmanager_config`).
  public var alertmanagerConfig: String {
    var lines = [
      "templates:",
      "  - \(Self.templateName)",
      "route:",
      "  receiver: none",
      "  group_by: [alertname, cluster]",
      "  group_wait: \(groupWaitSeconds)s",
      "  group_interval: \(groupIntervalMinutes)m",
      "  repeat_interval: \(repeatIntervalHours)h",
      "  routes:",
    ]
    for severity in [PrometheusRules.Severity.critical, .warning] {
      lines += [
        "    - receiver: sns-\(severity.rawValue)",
        "      matchers: ['severity=\"\(severity.rawValue)\"']",
      ]
    }
    lines += [
      "inhibit_rules:",
      "  - source_matchers: ['severity=\"critical\"']",
      "    target_matchers: ['severity=\"warning\"']",
      "    equal: [alertname, cluster, namespace, persistentvolumeclaim]",
      "receivers:",
      "  - name: none",
    ]
    for severity in [PrometheusRules.Severity.critical, .warning] {
      lines += [
        "  - name: sns-\(severity.rawValue)",
        "    sns_configs:",
        "      - topic_arn: \(PrometheusText.quoted(topicArn))",
        "        sigv4:",
        "          region: \(PrometheusText.quoted(region))",
        "        subject: '{{ template \"infra.subject\" . }}'",
        "        message: '{{ template \"infra.message\" . }}'",
        "        attributes:",
        "          severity: \(severity.rawValue)",
      ]
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
