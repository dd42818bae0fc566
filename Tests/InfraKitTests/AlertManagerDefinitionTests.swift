import Foundation
import InfraKit
import InfraTestSupport
import Testing

/// The alert manager definition: critical and warning alerts to the SNS topic, info alerts
/// nowhere, a Terraform interpolation for the topic left as it is, and amtool's word on it.
@Suite struct AlertManagerDefinitionTests {
  static let definition = AlertManagerDefinition(
    topicArn: "${aws_sns_topic.alerts.arn}", region: "eu-west-1", environment: .production)

  @Test func theDefinitionIsThisText() {
    #expect(
      Self.definition.text == """
        template_files:
          default_template: |
            {{ define "infra.subject" }}{{ printf "[%s] %s: %s" (.Status | toUpper) .GroupLabels.cluster .GroupLabels.alertname | reReplaceAll "^(.{0,99}).*$" "$1" }}{{ end }}
            {{ define "infra.message" }}{{ .Status | toUpper }}: {{ .GroupLabels.alertname }} in cluster {{ .GroupLabels.cluster }}
            {{ range .Alerts }}
            [{{ .Labels.severity }}] {{ .Annotations.summary }}
            {{ .Annotations.description }}
            Labels: {{ range .Labels.SortedPairs }}{{ .Name }}={{ .Value }} {{ end }}
            Since: {{ .StartsAt.Format "2006-01-02 15:04:05 MST" }}
            {{ end }}{{ end }}
        alertmanager_config: |
          templates:
            - default_template
          route:
            receiver: none
            group_by: [alertname, cluster]
            group_wait: 30s
            group_interval: 5m
            repeat_interval: 4h
            routes:
              - receiver: sns-critical
                matchers: ['severity="critical"']
              - receiver: sns-warning
                matchers: ['severity="warning"']
          inhibit_rules:
            - source_matchers: ['severity="critical"']
              target_matchers: ['severity="warning"']
              equal: [alertname, cluster, namespace, persistentvolumeclaim]
          receivers:
            - name: none
            - name: sns-critical
              sns_configs:
                - topic_arn: "${aws_sns_topic.alerts.arn}"
                  sigv4:
                    region: "eu-west-1"
                  subject: '{{ template "infra.subject" . }}'
                  message: '{{ template "infra.message" . }}'
                  attributes:
                    severity: critical
            - name: sns-warning
              sns_configs:
                - topic_arn: "${aws_sns_topic.alerts.arn}"
                  sigv4:
                    region: "eu-west-1"
                  subject: '{{ template "infra.subject" . }}'
                  message: '{{ template "infra.message" . }}'
                  attributes:
                    severity: warning

        """)
  }

  /// The two blocks of the definition, read back as YAML reads a literal block: each is the
  /// text amtool is given below.
  @Test func theBlocksReadBackAsTheConfigurationAndTheTemplate() throws {
    func block(_ key: String, indent: Int) throws -> String {
      let lines = Self.definition.text.split(separator: "\n", omittingEmptySubsequences: false)
      let start = try #require(lines.firstIndex { $0.hasSuffix("\(key): |") }) + 1
      let prefix = String(repeating: " ", count: indent)
      let body = lines[start...].prefix { $0.hasPrefix(prefix) || $0.isEmpty }
      return body.map { $0.isEmpty ? "" : String($0.dropFirst(indent)) }.joined(separator: "\n").trimmingCharacters(in: .newlines) + "\n"
    }
    #expect(try block("alertmanager_config", indent: 2) == Self.definition.alertmanagerConfig)
    #expect(try block("default_template", indent: 4) == Self.definition.template)
  }

  @Test func otherEnvironmentsRepeatDailyAndNoneBeyondFiveDays() {
    for environment in Environment.allCases {
      let definition = AlertManagerDefinition(topicArn: "arn", region: "eu-west-1", environment: environment)
      #expect(definition.repeatIntervalHours <= 5 * 24, "Managed Prometheus refuses a repeat interval over 5 days")
      #expect(definition.alertmanagerConfig.contains("  repeat_interval: \(environment == .production ? 4 : 24)h\n"))
    }
  }

  /// Terraform reads `${…}` and `%{…}` in a string as its own: the topic's interpolation is the
  /// only one in the text, and the templates' `{{ }}` are none.
  @Test func theTopicsInterpolationIsTheOnlyTemplateSequenceForTerraform() {
    let text = Self.definition.text
    #expect(text.components(separatedBy: "${").count - 1 == 2)
    #expect(text.components(separatedBy: "\"${aws_sns_topic.alerts.arn}\"").count - 1 == 2)
    #expect(!text.contains("%{"))
    #expect(text.contains("{{ define \"infra.subject\" }}"))
    let plain = AlertManagerDefinition(topicArn: "arn:aws:sns:eu-west-1:111122223333:alerts", region: "eu-west-1", environment: .development)
    #expect(!plain.text.contains("${") && !plain.text.contains("%{"))
    #expect(plain.text == AlertManagerDefinition(topicArn: "arn:aws:sns:eu-west-1:111122223333:alerts", region: "eu-west-1", environment: .development).text)
  }

  /// Terraform reads the three texts as templates when they are its arguments: it fills in the
  /// topic's ARN and leaves every other character as written.
  @Test func terraformFillsInTheTopicAndLeavesTheRestAlone() throws {
    guard let terraform = terraformExecutable else {
      print("SKIPPED: Terraform reading back the Prometheus rules, scrape configuration and alert manager definition: terraform is not installed")
      return
    }
    let arn = "arn:aws:sns:eu-west-1:111122223333:alerts"
    let definition = AlertManagerDefinition(topicArn: "${var.topic}", region: "eu-west-1", environment: .production)
    let rules = PrometheusRules(cluster: "main", environment: .production, hasGPUPools: true, autoscaler: .karpenter)
    let scrape = PrometheusScrapeConfiguration(cluster: "main", hasGPUPools: true, autoscaling: .karpenter())
    let configuration: [String: Any] = [
      "variable": ["topic": ["type": "string", "default": arn]],
      "output": ["definition": ["value": definition.text], "rules": ["value": rules.text], "scrape": ["value": scrape.text]],
    ]
    let directory = try makeTemporaryDirectory()
    try JSONSerialization.data(withJSONObject: configuration, options: [.sortedKeys]).write(to: URL(fileURLWithPath: directory + "/main.tf.json"))
    for arguments in [["init", "-input=false"], ["apply", "-auto-approve", "-input=false"]] {
      let result = try runProcess(terraform, arguments, in: directory)
      try #require(result.status == 0, "terraform \(arguments[0]): \(result.standardError)")
    }
    let output = try runProcess(terraform, ["output", "-json"], in: directory)
    let values = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: [String: Any]])
    #expect(values["definition"]?["value"] as? String == definition.text.replacingOccurrences(of: "${var.topic}", with: arn))
    #expect(values["rules"]?["value"] as? String == rules.text)
    #expect(values["scrape"]?["value"] as? String == scrape.text)
  }

  /// amtool checks the configuration with the topic's interpolation replaced by an ARN, as
  /// Terraform replaces it, and the template file beside it, where `templates` finds it.
  @Test func amtoolAcceptsTheConfiguration() throws {
    guard let amtool = prometheusTool("amtool", package: "prometheus-alertmanager", for: "amtool check-config of the alert manager definition") else {
      return
    }
    let directory = try makeTemporaryDirectory()
    let configuration = Self.definition.alertmanagerConfig.replacingOccurrences(
      of: "${aws_sns_topic.alerts.arn}", with: "arn:aws:sns:eu-west-1:111122223333:alerts")
    try writeText(configuration, to: directory + "/alertmanager.yml")
    try writeText(Self.definition.template, to: directory + "/" + AlertManagerDefinition.templateName)
    let result = try runProcess(amtool, ["check-config", directory + "/alertmanager.yml"])
    #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
    #expect(
      result.standardOutput.contains(" - route\n - 1 inhibit rules\n - 3 receivers\n - 1 templates\n  SUCCESS"), "\(result.standardOutput)")
    // A configuration amtool refuses fails the test: a route to a receiver that is not defined.
    try writeText(configuration.replacingOccurrences(of: "  - name: sns-warning\n", with: "  - name: sns-other\n"), to: directory + "/alertmanager.yml")
    let broken = try runProcess(amtool, ["check-config", directory + "/alertmanager.yml"])
    #expect(broken.status != 0)
    #expect(broken.standardOutput.contains("undefined receiver \"sns-warning\" used in route"), "\(broken.standardOutput)")
  }

  /// The subject renders to one short line, and the pattern that caps it cuts a long one to 99
  /// characters, under SNS's limit of 100.
  @Test func amtoolRendersAShortSubject() throws {
    guard let amtool = prometheusTool("amtool", package: "prometheus-alertmanager", for: "amtool template render of the SNS subject") else {
      return
    }
    let directory = try makeTemporaryDirectory()
    let templateFile = directory + "/" + AlertManagerDefinition.templateName
    try writeText(Self.definition.template, to: templateFile)
    let subject = try runProcess(
      amtool, ["template", "render", "--template.glob=\(templateFile)", "--template.text={{ template \"infra.subject\" . }}"])
    #expect(subject.status == 0, "\(subject.standardError)")
    #expect(subject.standardOutput == "[ALERTSTATUS] : ", "amtool's example data has a status and no group labels")
    let cap = try #require(Self.definition.template.firstRange(of: #"reReplaceAll "^(.{0,99}).*$" "$1""#))
    let long = String(repeating: "x", count: 150)
    let capped = try runProcess(
      amtool, ["template", "render", "--template.glob=\(templateFile)", "--template.text={{ \"\(long)\" | \(Self.definition.template[cap]) }}"])
    #expect(capped.status == 0, "\(capped.standardError)")
    #expect(capped.standardOutput == String(repeating: "x", count: 99))
    let message = try runProcess(
      amtool, ["template", "render", "--template.glob=\(templateFile)", "--template.text={{ template \"infra.message\" . }}"])
    #expect(message.status == 0, "\(message.standardError)")
    #expect(message.standardOutput.hasPrefix("ALERTSTATUS:  in cluster \n"))
    #expect(message.standardOutput.contains("\nSince: 20"), "the start as a date and time: \(message.standardOutput)")
    #expect(!message.standardOutput.contains(" m=-"), "no Go monotonic clock reading in the message")
  }
}
