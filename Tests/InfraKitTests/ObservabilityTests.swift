import Foundation
import InfraCore
import InfraKit
import Terraform
import Testing

/// What ``Observability`` makes of a stack: an alarm for each part that can fail, each watching
/// the resource it names, each sending to the alert topic of its own region, and nothing secret
/// in the output.
@Suite struct ObservabilityTests {
  /// A production platform: three zones with a NAT gateway each, a cluster, a load balancer with
  /// one target, a database, its backups copied to a second region, and `observability` made
  /// before any of them.
  private static func synthesized(
    environment: Environment = .production, gpu: Bool = false,
    extra: @escaping (Network, Observability) -> Void = { _, _ in },
    observability: @escaping () -> Observability = { Observability(pagerDuty: .variable("pagerduty_url"), email: ["oncall@example.com"]) }
  ) throws -> SynthesizedStack {
    try Stack("platform", environment: environment, region: .euWest1) {
      let watcher = observability()
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      let cluster = Cluster("main", version: "1.35", network: network) {
        NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
        if gpu { NodePool("gpu", instanceTypes: ["g5.xlarge"], size: 0...4, accelerator: .nvidia) }
      }
      LoadBalancer(
        "web", scheme: .internetFacing, network: network, cluster: cluster,
        certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d", targets: [.init("app", port: 8080)])
      let ledger = Database("ledger", engine: .postgres("16"), network: network, storageGiB: 100)
      BackupPlan("databases", resources: [ledger.arn], copyTo: AWSProvider(region: .euCentral1, alias: "recovery"))
      extra(network, watcher)
    }.synthesize()
  }

  private static func resources(_ stack: SynthesizedStack) throws -> [String: [String: [String: Any]]] {
    let json = try #require(try JSONSerialization.jsonObject(with: Data(stack.json())) as? [String: Any])
    return try #require(json["resource"] as? [String: [String: [String: Any]]])
  }

  private static func stack(
    extra: @escaping (Network, Observability) -> Void = { _, _ in },
    observability: @escaping () -> Observability = { Observability(pagerDuty: .variable("pagerduty_url"), email: ["oncall@example.com"]) }
  ) throws -> [String: [String: [String: Any]]] {
    try resources(synthesized(extra: extra, observability: observability))
  }

  /// Which dimension of which namespace names which attribute of which resource type.
  private static let dimensions: [String: (type: String, attribute: String)] = [
    "AWS/RDS DBInstanceIdentifier": ("aws_db_instance", "identifier"),
    "AWS/ApplicationELB LoadBalancer": ("aws_lb", "arn_suffix"),
    "AWS/ApplicationELB TargetGroup": ("aws_lb_target_group", "arn_suffix"),
    "AWS/NATGateway NatGatewayId": ("aws_nat_gateway", "id"),
  ]

  /// The resource `${type.name.attribute}` names, checked to exist.
  private static func follow(_ text: Any?, in resources: [String: [String: [String: Any]]]) -> (type: String, name: String, attribute: String)? {
    guard let text = text as? String, text.hasPrefix("${"), text.hasSuffix("}") else { return nil }
    let parts = text.dropFirst(2).dropLast().split(separator: ".").map(String.init)
    guard parts.count == 3, resources[parts[0]]?[parts[1]] != nil else { return nil }
    return (parts[0], parts[1], parts[2])
  }

  @Test func everyAlarmWatchesAResourceOfTheStackByTheAttributeCloudWatchKnowsItBy() throws {
    let resources = try Self.stack()
    let alarms = try #require(resources["aws_cloudwatch_metric_alarm"])
    var watched: [String: Set<String>] = [:]
    for (name, alarm) in alarms {
      // A single metric, or the metrics of an expression: each with its namespace and dimensions.
      var metrics: [(namespace: String, dimensions: [String: Any])] = []
      if let namespace = alarm["namespace"] as? String {
        metrics.append((namespace, try #require(alarm["dimensions"] as? [String: Any], "\(name)")))
      }
      for query in alarm["metric_query"] as? [[String: Any]] ?? [] {
        guard let metric = query["metric"] as? [String: Any] else { continue }
        metrics.append((try #require(metric["namespace"] as? String), try #require(metric["dimensions"] as? [String: Any])))
      }
      #expect(!metrics.isEmpty, "\(name)")
      for (namespace, dimensions) in metrics {
        for (dimension, value) in dimensions {
          let expected = try #require(Self.dimensions["\(namespace) \(dimension)"], "\(name): \(namespace) \(dimension)")
          let target = try #require(Self.follow(value, in: resources), "\(name): \(dimension) = \(value)")
          #expect(target.type == expected.type && target.attribute == expected.attribute, "\(name): \(dimension) = \(value)")
          watched[target.type, default: []].insert(target.name)
        }
      }
      // Each alarm sends to the topic when it fires and when it clears.
      #expect(alarm["alarm_actions"] as? [String] == ["${aws_sns_topic.observability_alerts.arn}"], "\(name)")
      #expect(alarm["ok_actions"] as? [String] == ["${aws_sns_topic.observability_alerts.arn}"], "\(name)")
    }
    // Every resource that can fail is watched: the database, each NAT gateway, the load
    // balancer and its target group.
    #expect(watched["aws_db_instance"] == Set(resources["aws_db_instance"]!.keys))
    #expect(watched["aws_nat_gateway"] == Set(resources["aws_nat_gateway"]!.keys))
    #expect(watched["aws_nat_gateway"]?.count == 3)
    #expect(watched["aws_lb"] == Set(resources["aws_lb"]!.keys))
    #expect(watched["aws_lb_target_group"] == Set(resources["aws_lb_target_group"]!.keys))
    // The database's 3, 2 for each NAT gateway, the load balancer's 2, and its target group's 2.
    let expected: Int = 3 + 3 * 2 + 2 + 2
    #expect(alarms.count == expected)
  }

  @Test func aDatabasesCPUAlarmIsWrittenWhole() throws {
    let alarm = try #require(try Self.stack()["aws_cloudwatch_metric_alarm"]?["ledger_alarm_cpu"])
    let json = try JSONSerialization.data(withJSONObject: alarm, options: [.sortedKeys])
    #expect(
      String(decoding: json, as: UTF8.self)
        == #"{"\/\/":"platform\/ledger\/alarm-cpu","alarm_actions":["${aws_sns_topic.observability_alerts.arn}"],"alarm_description":"Database ledger has averaged over 80% CPU for 15 minutes: look for slow queries in Performance Insights, or give it a larger instance class.","alarm_name":"platform-ledger-cpu","comparison_operator":"GreaterThanThreshold","dimensions":{"DBInstanceIdentifier":"${aws_db_instance.ledger_instance.identifier}"},"evaluation_periods":3,"metric_name":"CPUUtilization","namespace":"AWS\/RDS","ok_actions":["${aws_sns_topic.observability_alerts.arn}"],"period":300,"statistic":"Average","tags":{"Name":"platform-ledger-alarm-cpu"},"threshold":80,"treat_missing_data":"missing"}"#
    )
    // 80% of the 422 connections Postgres accepts on a db.t4g.medium's 4 GiB, less RDS's own 256 MiB.
    let connections = try #require(try Self.stack()["aws_cloudwatch_metric_alarm"]?["ledger_alarm_connections"])
    #expect(connections["threshold"] as? Double == 337)
    #expect(connections["metric_name"] as? String == "DatabaseConnections")
    // 5% of the 100 GiB it was created with.
    let storage = try #require(try Self.stack()["aws_cloudwatch_metric_alarm"]?["ledger_alarm_free_storage"])
    #expect(storage["threshold"] as? Double == 5_368_709_120)
  }

  @Test func theTopicIsEncryptedWithItsOwnKeyAndOnlyAWSServicesOfTheAccountPublish() throws {
    let resources = try Self.stack()
    let topic = try #require(resources["aws_sns_topic"]?["observability_alerts"])
    #expect(topic["kms_master_key_id"] as? String == "${aws_kms_key.observability_alerts_key.arn}")
    #expect(topic["name"] as? String == "platform-alerts")
    let keyPolicy = try #require(resources["aws_kms_key_policy"]?["observability_alerts_key_policy"]?["policy"] as? String)
    for service in ["cloudwatch.amazonaws.com", "events.amazonaws.com", "aps.amazonaws.com"] {
      #expect(keyPolicy.contains(#""Service" = "\#(service)""#), "\(service)")
    }
    let topicPolicy = try #require(resources["aws_sns_topic_policy"]?["observability_alerts_policy"]?["policy"] as? String)
    #expect(topicPolicy.contains(#""aws:SecureTransport" = "false""#))
    #expect(topicPolicy.contains(#"alarm:*"#))
  }

  @Test func thePagerDutyURLComesFromASensitiveVariableAndEmailIsSubscribedToo() throws {
    let resources = try Self.stack()
    let subscriptions = try #require(resources["aws_sns_topic_subscription"])
    #expect(subscriptions.keys.sorted() == ["observability_alerts_email_1", "observability_alerts_pagerduty"])
    let pager = try #require(subscriptions["observability_alerts_pagerduty"])
    #expect(pager["endpoint"] as? String == "${var.pagerduty_url}")
    #expect(pager["protocol"] as? String == "https")
    #expect(pager["endpoint_auto_confirms"] as? Bool == true)
    // Alarms and failed backups carry no severity; of Prometheus's alerts only the critical page.
    #expect(pager["filter_policy"] as? String == #"${jsonencode({"severity" = ["critical", {"exists" = false}]})}"#)
    #expect(subscriptions["observability_alerts_email_1"]?["filter_policy"] == nil)
    #expect(subscriptions["observability_alerts_email_1"]?["endpoint"] as? String == "oncall@example.com")
    #expect(subscriptions["observability_alerts_email_1"]?["endpoint_auto_confirms"] == nil)
  }

  @Test func failedBackupJobsOfTheRegionReachTheTopicWithoutARole() throws {
    let resources = try Self.stack()
    let rule = try #require(resources["aws_cloudwatch_event_rule"]?["observability_backup_failures"])
    let pattern = try #require(rule["event_pattern"] as? String)
    #expect(pattern.contains(#""source" = ["aws.backup"]"#))
    #expect(pattern.contains(#""state" = ["FAILED", "ABORTED", "EXPIRED"]"#))
    let target = try #require(resources["aws_cloudwatch_event_target"]?["observability_backup_failures_target"])
    #expect(target["arn"] as? String == "${aws_sns_topic.observability_alerts.arn}")
    #expect(target["rule"] as? String == "${aws_cloudwatch_event_rule.observability_backup_failures.name}")
    #expect(target["role_arn"] == nil)
  }

  @Test func theMostConnectionsComeFromTheParameterOrTheClassesMemory() throws {
    let resources = try Self.stack { network, _ in
      Database("given", engine: .postgres("16"), network: network, parameters: ["max_connections": "1000"])
      // A formula RDS evaluates is not a number: the class's default stands.
      Database("formula", engine: .postgres("16"), network: network, parameters: ["max_connections": "{DBInstanceClassMemory/9531392}"])
      Database("large", engine: .mysql("8.0"), network: network, instanceClass: "db.r6g.large")
      Database("unknown", engine: .postgres("16"), network: network, instanceClass: "db.x2g.large")
    }
    let alarms = try #require(resources["aws_cloudwatch_metric_alarm"])
    #expect(alarms["given_alarm_connections"]?["threshold"] as? Double == 800)
    #expect(alarms["formula_alarm_connections"]?["threshold"] as? Double == 337)
    // (16 GiB - 256 MiB) / 12,582,880 = 1,344 for MySQL; 80% of it.
    #expect(alarms["large_alarm_connections"]?["threshold"] as? Double == 1075)
    #expect(alarms["unknown_alarm_connections"] == nil)
    #expect(alarms["unknown_alarm_cpu"] != nil)
  }

  @Test func aConstructsOwnThresholdsOverrideTheStacks() throws {
    let resources = try Self.stack { network, observability in
      let reports = Database("reports", engine: .postgres("16"), network: network)
      observability.override(reports) { $0.databaseCPUPercent = 95 }
    }
    #expect(resources["aws_cloudwatch_metric_alarm"]?["reports_alarm_cpu"]?["threshold"] as? Int == 95)
    #expect(resources["aws_cloudwatch_metric_alarm"]?["ledger_alarm_cpu"]?["threshold"] as? Int == 80)
  }

  @Test func aNetworkInASecondRegionAlarmsToATopicInThatRegion() throws {
    let resources = try Self.stack { _, _ in
      let dublin = AWSProvider(region: .usEast1, alias: "virginia")
      Network("east", cidr: "10.1.0.0/16", zones: ["us-east-1a", "us-east-1b"], provider: dublin)
    }
    #expect(resources["aws_sns_topic"]?.keys.sorted() == ["observability_alerts", "observability_alerts_virginia"])
    let east = try #require(resources["aws_sns_topic"]?["observability_alerts_virginia"])
    #expect(east["provider"] as? String == "aws.virginia")
    let alarm = try #require(resources["aws_cloudwatch_metric_alarm"]?["east_alarm_nat_a_port_allocation"])
    #expect(alarm["provider"] as? String == "aws.virginia")
    #expect(alarm["alarm_actions"] as? [String] == ["${aws_sns_topic.observability_alerts_virginia.arn}"])
  }

  @Test func badSettingsAreErrorsWhereTheyAreWritten() throws {
    let line = #line + 4
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      var thresholds = AlarmThresholds.defaults(for: .production)
      thresholds.databaseCPUPercent = 0
      Observability(pagerDuty: .variable("1pager"), email: ["oncall"], thresholds: thresholds)
      Observability("second")
    }
    let error = try #require(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(
      error.diagnostics.map(\.description) == [
        "Tests/InfraKitTests/ObservabilityTests.swift:\(line):20: error: observability 'observability': databaseCPU is 0%, not 1 to 100; give a threshold in that range [invalid-alarm-threshold]",
        "Tests/InfraKitTests/ObservabilityTests.swift:\(line):20: error: observability 'observability': 'oncall' is not an email address; write it as name@example.com [invalid-email]",
        "Tests/InfraKitTests/ObservabilityTests.swift:\(line):20: error: observability 'observability': '1pager' cannot be a Terraform variable name; use letters, digits, '_' and '-', starting with a letter [invalid-variable-name]",
        "Tests/InfraKitTests/ObservabilityTests.swift:\(line + 1):20: error: stack 'platform' has observability 'observability' already; keep one Observability per stack: two would make every alarm twice [duplicate-observability]",
      ])
  }

  @Test func eachClusterIsScrapedIntoAWorkspaceWhoseAlertsReachTheTopic() throws {
    let stack = try Self.synthesized()
    let resources = try Self.resources(stack)
    #expect(resources["aws_prometheus_workspace"]?.keys.sorted() == ["main_prometheus"])
    let scraper = try #require(resources["aws_prometheus_scraper"]?["main_prometheus_scraper"])
    let eks = try #require((scraper["source"] as? [String: Any])?["eks"] as? [String: Any])
    #expect(eks["cluster_arn"] as? String == "${aws_eks_cluster.main_cluster.arn}")
    #expect(eks["subnet_ids"] as? String == "${aws_eks_cluster.main_cluster.vpc_config[0].subnet_ids}")
    #expect(eks["security_group_ids"] as? [String] == ["${aws_eks_cluster.main_cluster.vpc_config[0].cluster_security_group_id}"])
    #expect(
      ((scraper["destination"] as? [String: Any])?["amp"] as? [String: Any])?["workspace_arn"] as? String
        == "${aws_prometheus_workspace.main_prometheus.arn}")
    #expect(scraper["scrape_configuration"] as? String == PrometheusScrapeConfiguration(cluster: "platform-main").text)

    let rules = try #require(resources["aws_prometheus_rule_group_namespace"]?["main_prometheus_rules"])
    #expect(rules["workspace_id"] as? String == "${aws_prometheus_workspace.main_prometheus.id}")
    #expect(
      rules["data"] as? String
        == PrometheusRules(
          cluster: "platform-main", environment: .production,
          nodePools: [.init(name: "general", nodeGroupStems: ["general"], maxSize: 9)]
        ).text)
    #expect(!(rules["data"] as? String ?? "").contains("DCGM"))

    // The alert manager's text is the definition with the topic's ARN interpolated, and nothing
    // else for Terraform to read.
    let alerts = try #require(resources["aws_prometheus_alert_manager_definition"]?["main_prometheus_alert_manager"])
    #expect(alerts["workspace_id"] as? String == "${aws_prometheus_workspace.main_prometheus.id}")
    #expect(
      alerts["definition"] as? String
        == AlertManagerDefinition(topicArn: "${aws_sns_topic.observability_alerts.arn}", region: "eu-west-1", environment: .production).text)

    // The exporters the alerts read are installed; the GPU exporter only with GPU pools.
    let releases = stack.manifests.filter { $0.folder == "clusters/main/charts" }.flatMap(\.manifests.objects)
      .filter { $0.kind == "HelmRelease" }.map(\.name)
    #expect(releases.contains("kube-state-metrics") && releases.contains("prometheus-node-exporter"))
    #expect(!releases.contains("dcgm-exporter"))
  }

  @Test func aClusterWithGPUPoolsRunsTheGPUExporterWhereTheGPUsAreAndAlertsOnThem() throws {
    let stack = try Self.synthesized(gpu: true)
    let release = try #require(
      stack.manifests.filter { $0.folder == "clusters/main/charts" }.flatMap(\.manifests.objects)
        .first { $0.kind == "HelmRelease" && $0.name == "dcgm-exporter" })
    #expect(release["spec"]?["values"]?["nodeSelector"] == .map([.init("accelerator", "nvidia")]))
    // No ServiceMonitor: the cluster has no Prometheus Operator CRDs, and the scraper finds the Service.
    #expect(release["spec"]?["values"]?["serviceMonitor"] == .map([.init("enabled", false)]))
    #expect(
      release["spec"]?["values"]?["tolerations"]
        == .list([.map([.init("key", "nvidia.com/gpu"), .init("operator", "Equal"), .init("value", "true"), .init("effect", "NoSchedule")])]))
    let rules = try #require(try Self.resources(stack)["aws_prometheus_rule_group_namespace"]?["main_prometheus_rules"]?["data"] as? String)
    #expect(
      rules
        == PrometheusRules(
          cluster: "platform-main", environment: .production, hasGPUPools: true,
          nodePools: [
            .init(name: "general", nodeGroupStems: ["general"], maxSize: 9), .init(name: "gpu", nodeGroupStems: ["gpu"], maxSize: 4),
          ]
        ).text)
    #expect(rules.contains("DCGM_FI_DEV_GPU_UTIL"))
  }

  @Test func prometheusIsForProductionUnlessAskedFor() throws {
    let staging = try Self.resources(Self.synthesized(environment: .staging, observability: { Observability() }))
    #expect(staging["aws_prometheus_workspace"] == nil)
    #expect(staging["aws_cloudwatch_metric_alarm"] != nil)
    let asked = try Self.resources(Self.synthesized(environment: .staging, observability: { Observability(prometheus: true) }))
    #expect(asked["aws_prometheus_workspace"]?.keys.sorted() == ["main_prometheus"])
    let off = try Self.resources(Self.synthesized(observability: { Observability(prometheus: false) }))
    #expect(off["aws_prometheus_workspace"] == nil)
  }

  @Test func eachProductionClusterSendsContainerInsightsThroughTheAddonWithARoleOfItsOwn() throws {
    let resources = try Self.resources(Self.synthesized())
    let addon = try #require(resources["aws_eks_addon"]?["main_addon_amazon_cloudwatch_observability"])
    #expect(
      addon["pod_identity_association"] as? [[String: String]]
        == [["role_arn": "${aws_iam_role.main_addon_amazon_cloudwatch_observability_role.arn}", "service_account": "cloudwatch-agent"]])
    // Its pods need nodes, and its role's policy, before the addon can become active; its log
    // groups exist first, with a retention, so the agent does not make them to keep for ever.
    let logGroups = ["application", "dataplane", "host", "performance"]
    #expect(
      addon["depends_on"] as? [String]
        == ["aws_eks_node_group.main_pool_general"] + logGroups.map { "aws_cloudwatch_log_group.main_container_insights_\($0)" }
        + ["aws_iam_role_policy_attachment.main_addon_amazon_cloudwatch_observability_policy"])
    for kind in logGroups {
      let group = try #require(resources["aws_cloudwatch_log_group"]?["main_container_insights_\(kind)"])
      #expect(group["name"] as? String == "/aws/containerinsights/platform-main/\(kind)")
      #expect(group["retention_in_days"] as? Int == 90)
    }
    let attachment = try #require(resources["aws_iam_role_policy_attachment"]?["main_addon_amazon_cloudwatch_observability_policy"])
    #expect(attachment["policy_arn"] as? String == "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy")
    let role = try #require(resources["aws_iam_role"]?["main_addon_amazon_cloudwatch_observability_role"])
    #expect((role["assume_role_policy"] as? String)?.contains("pods.eks.amazonaws.com") == true)

    let staging = try Self.resources(Self.synthesized(environment: .staging, observability: { Observability() }))
    #expect(staging["aws_eks_addon"]?["main_addon_amazon_cloudwatch_observability"] == nil)
  }

  @Test func grafanaIsAskedForAndReadsOnlyMetricsThroughItsOwnRole() throws {
    #expect(try Self.stack()["aws_grafana_workspace"] == nil)
    let resources = try Self.stack(observability: { Observability(grafana: true) })
    let workspace = try #require(resources["aws_grafana_workspace"]?["observability_grafana"])
    #expect(workspace["authentication_providers"] as? [String] == ["AWS_SSO"])
    #expect(workspace["permission_type"] as? String == "CUSTOMER_MANAGED")
    #expect(workspace["data_sources"] as? [String] == ["CLOUDWATCH", "PROMETHEUS"])
    #expect(workspace["role_arn"] as? String == "${aws_iam_role.observability_grafana_role.arn}")
    let role = try #require(resources["aws_iam_role"]?["observability_grafana_role"])
    #expect((role["assume_role_policy"] as? String)?.contains(#""Service" = "grafana.amazonaws.com""#) == true)
    #expect(
      resources["aws_iam_role_policy_attachment"]?["observability_grafana_prometheus"]?["policy_arn"] as? String
        == "arn:aws:iam::aws:policy/AmazonPrometheusQueryAccess")
  }

  @Test func aPoolOfFixedSizeIsNeverAlertedForBeingAtItsMaximum() throws {
    let stack = try Stack("platform", environment: .production, region: .euWest1) {
      Observability(email: ["oncall@example.com"])
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      Cluster("main", version: "1.35", network: network) {
        NodePool("fixed", instanceTypes: ["m6i.large"], size: 3...3)
        NodePool("elastic", instanceTypes: ["m6i.large"], size: 1...6)
      }
    }.synthesize()
    let rules = try #require(
      stack.configuration.resources.first { $0.type == "aws_prometheus_rule_group_namespace" }?.body["data"])
    guard case .string(let text) = rules else { throw TestFailure("the rules are not a literal") }
    #expect(text.contains(#"label_eks_amazonaws_com_nodegroup=~"elastic-[0-9]+""#))
    #expect(!text.contains("fixed-"))
  }
}

private struct TestFailure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
