import Foundation
import InfraKit
import InfraTestSupport
import Testing

/// `name` (promtool or amtool) on the PATH; nil, after a SKIPPED line naming `check`, when it is
/// not installed, so that a machine without it says what it did not check.
func prometheusTool(_ name: String, package: String, for check: String) -> String? {
  if let path = executableOnPath(name) { return path }
  print("SKIPPED: \(check): \(name) is not installed (Debian's \(package) package, which .ci/run installs)")
  return nil
}

/// The default alerts of a cluster: the groups its facts call for, each selecting the cluster's
/// series from jobs the scrape configuration defines, accepted by promtool and firing in
/// promtool's rule tests.
@Suite struct PrometheusRulesTests {
  /// Every combination of the facts the rules depend on.
  static let facts: [(gpu: Bool, autoscaler: Cluster.Autoscaling.Kind?)] = [
    (false, nil), (true, nil), (false, .karpenter), (true, .karpenter), (false, .clusterAutoscaler), (true, .clusterAutoscaler),
  ]

  static func scrape(gpu: Bool, autoscaler: Cluster.Autoscaling.Kind?) -> PrometheusScrapeConfiguration {
    let autoscaling: Cluster.Autoscaling? =
      switch autoscaler {
      case .karpenter: .karpenter()
      case .clusterAutoscaler: .clusterAutoscaler()
      case nil: nil
      }
    return PrometheusScrapeConfiguration(cluster: "main", hasGPUPools: gpu, autoscaling: autoscaling)
  }

  /// The text of the group `name` in `text`, from its `- name:` line to the next group's.
  static func group(_ name: String, in text: String) throws -> String {
    let start = try #require(text.range(of: "  - name: \(name)\n"))
    let end = text.range(of: "\n  - name: ", range: start.upperBound..<text.endIndex)?.lowerBound ?? text.index(before: text.endIndex)
    return String(text[start.lowerBound...end])
  }

  @Test func theScrapeTargetsGroupIsThisText() throws {
    let rules = PrometheusRules(cluster: "main", environment: .production)
    #expect(
      try Self.group("main-scrape-targets", in: rules.text) == """
          - name: main-scrape-targets
            rules:
              - alert: KubeAPIDown
                expr: |-
                  absent(up{cluster="main",job="apiserver"} == 1)
                for: 15m
                labels:
                  cluster: main
                  severity: critical
                annotations:
                  summary: "The API server of cluster main has not been scraped for 15 minutes."
                  description: "Either the API server is down, and nothing in the cluster can change, or the managed scraper cannot reach it, and no alert of this cluster can fire. Check the cluster's health in the EKS console; if it is healthy, check the scraper (aws amp describe-scraper) and that the cluster's security group admits it."
              - alert: KubeStateMetricsDown
                expr: |-
                  absent(up{cluster="main",job="kube-state-metrics"} == 1)
                for: 15m
                labels:
                  cluster: main
                  severity: warning
                annotations:
                  summary: "kube-state-metrics of cluster main has not been scraped for 15 minutes."
                  description: "The alerts on nodes, pods and volumes cannot fire without it. Check that its pod runs (kubectl get pods -A -l app.kubernetes.io/name=kube-state-metrics) and that its Service keeps the port named http."

        """)
  }

  @Test func theVolumeAlertsAreThisText() throws {
    let rules = PrometheusRules(cluster: "main", environment: .production)
    #expect(
      try Self.group("main-volumes", in: rules.text) == """
          - name: main-volumes
            rules:
              - alert: KubePersistentVolumeFillingUp
                expr: |-
                  (
                    kubelet_volume_stats_available_bytes{cluster="main",job="kubelet"}
                      /
                    kubelet_volume_stats_capacity_bytes{cluster="main",job="kubelet"}
                  ) < 0.15
                  and
                  kubelet_volume_stats_used_bytes{cluster="main",job="kubelet"} > 0
                  and
                  predict_linear(kubelet_volume_stats_available_bytes{cluster="main",job="kubelet"}[6h], 4 * 24 * 3600) < 0
                  unless on (namespace, persistentvolumeclaim)
                  kube_persistentvolumeclaim_access_mode{cluster="main",job="kube-state-metrics",access_mode="ReadOnlyMany"} == 1
                for: 1h
                labels:
                  cluster: main
                  severity: warning
                annotations:
                  summary: "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than 15% free and fills up within 4 days at its rate of the last 6 hours."
                  description: "Writes to it fail once it is full. Grow the claim (its storage class must allow volume expansion: raise spec.resources.requests.storage), or delete what fills it (logs, old data, a runaway job)."
              - alert: KubePersistentVolumeFillingUp
                expr: |-
                  (
                    kubelet_volume_stats_available_bytes{cluster="main",job="kubelet"}
                      /
                    kubelet_volume_stats_capacity_bytes{cluster="main",job="kubelet"}
                  ) < 0.03
                  and
                  kubelet_volume_stats_used_bytes{cluster="main",job="kubelet"} > 0
                  unless on (namespace, persistentvolumeclaim)
                  kube_persistentvolumeclaim_access_mode{cluster="main",job="kube-state-metrics",access_mode="ReadOnlyMany"} == 1
                for: 1m
                labels:
                  cluster: main
                  severity: critical
                annotations:
                  summary: "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than 3% free."
                  description: "Writes to it fail within minutes. Grow the claim now (raise spec.resources.requests.storage; its storage class must allow volume expansion), or free space on it, then find what filled it."

        """)
  }

  /// A pool of one generation and one replacing its nodes: the second alert counts both
  /// generations' node groups.
  static let pools: [PrometheusRules.NodePoolLimit] = [
    .init(name: "general", nodeGroupStems: ["general"], maxSize: 12),
    .init(name: "memory", nodeGroupStems: ["memory-green", "memory"], maxSize: 6),
  ]

  @Test func aNodePoolAtItsMostNodesIsCountedByItsNodeGroupsLabel() throws {
    let rules = PrometheusRules(cluster: "main", environment: .production, nodePools: Self.pools)
    #expect(rules.groups.map(\.name).contains("main-node-pools"))
    #expect(
      rules.groups.first { $0.name == "main-node-pools" }?.rules.map(\.expression) == [
        #"count(kube_node_labels{cluster="main",job="kube-state-metrics",label_eks_amazonaws_com_nodegroup=~"general-[0-9]+"}) >= 12"#,
        #"count(kube_node_labels{cluster="main",job="kube-state-metrics",label_eks_amazonaws_com_nodegroup=~"(memory-green|memory)-[0-9]+"}) >= 6"#,
      ])
  }

  @Test func theGroupsFollowTheClustersFacts() {
    func names(_ gpu: Bool, _ autoscaler: Cluster.Autoscaling.Kind?) -> [String] {
      PrometheusRules(cluster: "main", environment: .production, hasGPUPools: gpu, autoscaler: autoscaler).groups.map(\.name)
    }
    let always = ["main-nodes-and-pods", "main-volumes", "main-api-server", "main-scrape-targets"]
    #expect(names(false, nil) == always)
    #expect(names(true, nil) == always + ["main-gpus"])
    #expect(names(false, .karpenter) == always + ["main-karpenter"])
    #expect(names(true, .clusterAutoscaler) == always + ["main-gpus", "main-cluster-autoscaler"])
    let text = PrometheusRules(cluster: "main", environment: .production).text
    for absent in ["DCGM_", "karpenter_", "cluster_autoscaler_", "alert: GPU", "alert: Karpenter", "alert: ClusterAutoscaler"] {
      #expect(!text.contains(absent), "\(absent) in the rules of a cluster without GPUs or autoscaler")
    }
  }

  @Test func everyAlertHasTheseSeverityAndDuration() {
    let rules = PrometheusRules(cluster: "main", environment: .production, hasGPUPools: true, autoscaler: .karpenter)
    let alerts = rules.groups.flatMap(\.rules).map { "\($0.alert) \($0.severity.rawValue) \($0.forMinutes)m" }
    #expect(
      alerts == [
        "KubeNodeNotReady warning 15m", "KubePodCrashLooping warning 15m", "KubePersistentVolumeFillingUp warning 60m",
        "KubePersistentVolumeFillingUp critical 1m", "KubeAPIErrorsHigh critical 10m", "KubeAPILatencyHigh warning 10m",
        "KubeAPIDown critical 15m", "KubeStateMetricsDown warning 15m", "GPUNodeIdle info 60m", "GPUNodeSaturated warning 30m",
        "GPUXIDError warning 5m", "KarpenterCloudProviderErrors warning 15m", "KarpenterNodePoolNearLimit warning 15m",
        "KarpenterDown warning 15m",
      ])
    let autoscaler = PrometheusRules(cluster: "main", environment: .production, autoscaler: .clusterAutoscaler)
    #expect(
      autoscaler.groups.last?.rules.map { "\($0.alert) \($0.severity.rawValue) \($0.forMinutes)m" } == [
        "ClusterAutoscalerErrors warning 15m", "ClusterAutoscalerUnschedulablePods warning 15m", "ClusterAutoscalerDown warning 15m",
      ])
    for rule in rules.groups.flatMap(\.rules) + autoscaler.groups.flatMap(\.rules) {
      #expect(rule.summary.hasSuffix(".") && rule.description.hasSuffix("."), "\(rule.alert)")
    }
  }

  @Test func otherEnvironmentsWaitLongerAndThresholdsCanBeChanged() throws {
    let development = PrometheusRules(cluster: "main", environment: .development, autoscaler: .clusterAutoscaler)
    let minutes = Dictionary(development.groups.flatMap(\.rules).map { ($0.alert, $0.forMinutes) }, uniquingKeysWith: max)
    #expect(minutes["KubeNodeNotReady"] == 30)
    #expect(minutes["KubePodCrashLooping"] == 30)
    #expect(minutes["KubeAPIErrorsHigh"] == 30)
    #expect(minutes["ClusterAutoscalerUnschedulablePods"] == 30)
    #expect(development.text.contains("sum(rate(apiserver_request_total{cluster=\"main\",job=\"apiserver\"}[5m]))\n          > 0.1\n"))
    #expect(PrometheusRules(cluster: "main", environment: .staging).thresholds == development.thresholds)

    var thresholds = PrometheusRules.Thresholds(environment: .production)
    thresholds.volumeFreeWarningRatio = 0.2
    thresholds.nodeNotReadyMinutes = 90
    let changed = PrometheusRules(cluster: "main", environment: .production, thresholds: thresholds)
    let volumes = try Self.group("main-volumes", in: changed.text)
    #expect(volumes.contains("  ) < 0.2\n"))
    #expect(volumes.contains("has less than 20% free and fills up within 4 days"))
    #expect(changed.text.contains("        for: 90m\n"))
    #expect(changed.text.contains("has not been Ready for 90 minutes."))
  }

  @Test func everyJobTheRulesSelectIsScraped() throws {
    let job = try Regex(#"\{cluster="main",job="([^"]+)"[,}]"#)
    for (gpu, autoscaler) in Self.facts {
      let text = PrometheusRules(cluster: "main", environment: .production, hasGPUPools: gpu, autoscaler: autoscaler).text
      let scraped = Set(Self.scrape(gpu: gpu, autoscaler: autoscaler).jobs.map(\.rawValue))
      let selected = Set(text.matches(of: job).compactMap { $0.output[1].substring.map(String.init) })
      #expect(selected.isSubset(of: scraped), "\(gpu) \(String(describing: autoscaler)): \(selected.subtracting(scraped))")
      // Every selector names the cluster and the job, in that order, so none reads another
      // cluster's series or another job's.
      #expect(text.components(separatedBy: "job=\"").count - 1 == text.matches(of: job).count)
      #expect(text.components(separatedBy: "{").count - 1 == text.components(separatedBy: "{cluster=\"main\",job=\"").count - 1
        + text.components(separatedBy: "{{").count * 2 - 2)
    }
  }

  @Test func theTextIsTheSameEveryTimeAndTerraformLeavesItAlone() {
    for (gpu, autoscaler) in Self.facts {
      let text = PrometheusRules(cluster: "main", environment: .production, hasGPUPools: gpu, autoscaler: autoscaler).text
      #expect(text == PrometheusRules(cluster: "main", environment: .production, hasGPUPools: gpu, autoscaler: autoscaler).text)
      #expect(!text.contains("${") && !text.contains("%{"), "Terraform would read a template sequence in the rules")
    }
  }

  @Test func aClusterNameYAMLWouldReadAsABooleanIsQuoted() {
    let text = PrometheusRules(cluster: "no", environment: .production).text
    #expect(text.contains("  - name: no-nodes-and-pods\n"))
    #expect(text.contains("          cluster: \"no\"\n"))
    #expect(text.contains("kube_node_status_condition{cluster=\"no\",job=\"kube-state-metrics\","))
  }

  /// docs/prometheus-rules.md shows every alert's expression as cluster `main` in production has
  /// it, in a code block of its own.
  @Test func theDocumentationShowsEveryExpression() throws {
    let page = try String(contentsOfFile: repositoryRoot + "/docs/prometheus-rules.md", encoding: .utf8)
    let rules = ["karpenter", "cluster-autoscaler"].flatMap { autoscaler in
      PrometheusRules(
        cluster: "main", environment: .production, hasGPUPools: true, autoscaler: Cluster.Autoscaling.Kind(rawValue: autoscaler),
        nodePools: Self.pools
      ).groups.flatMap(\.rules)
    }
    for rule in rules {
      #expect(page.contains("```promql\n\(rule.expression)\n```\n"), "docs/prometheus-rules.md does not show the expression of \(rule.alert)")
      #expect(page.contains("`\(rule.alert)`"), "docs/prometheus-rules.md does not name \(rule.alert)")
    }
  }

  @Test func promtoolAcceptsTheRules() throws {
    guard let promtool = prometheusTool("promtool", package: "prometheus", for: "promtool check rules of the default alerts") else { return }
    let directory = try makeTemporaryDirectory()
    for (index, (gpu, autoscaler)) in Self.facts.enumerated() {
      let rules = PrometheusRules(
        cluster: "main", environment: .production, hasGPUPools: gpu, autoscaler: autoscaler, nodePools: Self.pools)
      let file = "\(directory)/rules-\(index).yml"
      try writeText(rules.text, to: file)
      let result = try runProcess(promtool, ["check", "rules", file])
      #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
      let count = rules.groups.flatMap(\.rules).count
      #expect(result.standardOutput.contains("SUCCESS: \(count) rules found"), "\(result.standardOutput)")
    }
  }

  /// promtool's rule tests: the alerts fire on the series the scrape configuration collects,
  /// with their labels and annotations filled in, and not before their `for`.
  @Test func promtoolSeesTheAlertsFire() throws {
    guard let promtool = prometheusTool("promtool", package: "prometheus", for: "promtool test rules of the default alerts") else { return }
    let rules = PrometheusRules(cluster: "main", environment: .production)
    let directory = try makeTemporaryDirectory()
    try writeText(rules.text, to: directory + "/rules.yml")
    func rule(_ alert: String, _ severity: PrometheusRules.Severity) throws -> PrometheusRules.Rule {
      try #require(rules.groups.flatMap(\.rules).first { $0.alert == alert && $0.severity == severity })
    }
    func filled(_ text: String, _ labels: [String: String]) -> String {
      labels.reduce(text) { $0.replacingOccurrences(of: "{{ $labels.\($1.key) }}", with: $1.value) }
    }
    let notReady = try rule("KubeNodeNotReady", .warning)
    let full = try rule("KubePersistentVolumeFillingUp", .critical)
    let apiDown = try rule("KubeAPIDown", .critical)
    let volume = ["namespace": "shop", "persistentvolumeclaim": "data-postgres-0"]
    let tests: [String: Any] = [
      "rule_files": ["rules.yml"],
      "evaluation_interval": "1m",
      "tests": [
        [
          "interval": "1m",
          "input_series": [
            [
              "series": #"kube_node_status_condition{cluster="main",job="kube-state-metrics",node="ip-10-0-1-17",condition="Ready",status="true"}"#,
              "values": "1 1 0x30",
            ],
            ["series": #"up{cluster="main",job="kube-state-metrics"}"#, "values": "1x30"],
            [
              "series": #"kubelet_volume_stats_available_bytes{cluster="main",job="kubelet",namespace="shop",persistentvolumeclaim="data-postgres-0"}"#,
              "values": "50x5 2x25",
            ],
            [
              "series": #"kubelet_volume_stats_capacity_bytes{cluster="main",job="kubelet",namespace="shop",persistentvolumeclaim="data-postgres-0"}"#,
              "values": "100x30",
            ],
            [
              "series": #"kubelet_volume_stats_used_bytes{cluster="main",job="kubelet",namespace="shop",persistentvolumeclaim="data-postgres-0"}"#,
              "values": "50x5 98x25",
            ],
          ],
          "alert_rule_test": [
            ["eval_time": "10m", "alertname": "KubeNodeNotReady", "exp_alerts": [] as [Any]],
            [
              "eval_time": "20m", "alertname": "KubeNodeNotReady",
              "exp_alerts": [
                [
                  "exp_labels": [
                    "severity": "warning", "cluster": "main", "job": "kube-state-metrics", "node": "ip-10-0-1-17", "condition": "Ready",
                    "status": "true",
                  ],
                  "exp_annotations": [
                    "summary": filled(notReady.summary, ["node": "ip-10-0-1-17"]),
                    "description": filled(notReady.description, ["node": "ip-10-0-1-17"]),
                  ],
                ]
              ],
            ],
            [
              "eval_time": "10m", "alertname": "KubePersistentVolumeFillingUp",
              "exp_alerts": [
                [
                  "exp_labels": ["severity": "critical", "cluster": "main", "job": "kubelet"].merging(volume) { $1 },
                  "exp_annotations": ["summary": filled(full.summary, volume), "description": filled(full.description, volume)],
                ]
              ],
            ],
            ["eval_time": "14m", "alertname": "KubeAPIDown", "exp_alerts": [] as [Any]],
            [
              "eval_time": "16m", "alertname": "KubeAPIDown",
              "exp_alerts": [
                [
                  "exp_labels": ["severity": "critical", "cluster": "main"],
                  "exp_annotations": ["summary": apiDown.summary, "description": apiDown.description],
                ]
              ],
            ],
            ["eval_time": "20m", "alertname": "KubeStateMetricsDown", "exp_alerts": [] as [Any]],
          ],
        ]
      ],
    ]
    // JSON is YAML, which promtool reads its tests in.
    let json = try JSONSerialization.data(withJSONObject: tests, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    try json.write(to: URL(fileURLWithPath: directory + "/tests.yml"))
    let result = try runProcess(promtool, ["test", "rules", "tests.yml"], in: directory)
    #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
    #expect(result.standardOutput.contains("SUCCESS"), "\(result.standardOutput)")
  }

  /// The GPU and Karpenter alerts fire on their exporters' series, and Karpenter's routine
  /// instance-already-gone error does not make one.
  @Test func promtoolSeesTheGPUAndKarpenterAlertsFire() throws {
    guard let promtool = prometheusTool("promtool", package: "prometheus", for: "promtool test rules of the GPU and Karpenter alerts") else {
      return
    }
    let rules = PrometheusRules(cluster: "main", environment: .production, hasGPUPools: true, autoscaler: .karpenter)
    let directory = try makeTemporaryDirectory()
    try writeText(rules.text, to: directory + "/rules.yml")
    func expected(_ alert: String, _ labels: [String: String], value: String? = nil) throws -> [String: Any] {
      let rule = try #require(rules.groups.flatMap(\.rules).first { $0.alert == alert })
      func filled(_ text: String) -> String {
        var text = labels.reduce(text) { $0.replacingOccurrences(of: "{{ $labels.\($1.key) }}", with: $1.value) }
        if let value { text = text.replacingOccurrences(of: "{{ $value | humanizePercentage }}", with: value) }
        return text
      }
      return [
        "exp_labels": labels.merging(["severity": rule.severity.rawValue, "cluster": "main"]) { $1 },
        "exp_annotations": ["summary": filled(rule.summary), "description": filled(rule.description)],
      ]
    }
    let gpu = ["node": "ip-10-0-2-5"]
    let pool = ["nodepool": "default", "resource_type": "cpu"]
    let capacity = ["controller": "nodeclaim.lifecycle", "method": "Create", "error": "InsufficientCapacityError"]
    let tests: [String: Any] = [
      "rule_files": ["rules.yml"],
      "evaluation_interval": "1m",
      "tests": [
        [
          "interval": "1m",
          "input_series": [
            ["series": #"DCGM_FI_DEV_GPU_UTIL{cluster="main",job="dcgm-exporter",node="ip-10-0-2-5",gpu="0"}"#, "values": "2x80"],
            ["series": #"DCGM_FI_DEV_GPU_UTIL{cluster="main",job="dcgm-exporter",node="ip-10-0-2-5",gpu="1"}"#, "values": "4x80"],
            ["series": #"up{cluster="main",job="karpenter"}"#, "values": "1x80"],
            ["series": #"karpenter_nodepools_usage{cluster="main",job="karpenter",nodepool="default",resource_type="cpu"}"#, "values": "95x40"],
            ["series": #"karpenter_nodepools_limit{cluster="main",job="karpenter",nodepool="default",resource_type="cpu"}"#, "values": "100x40"],
            ["series": #"karpenter_nodepools_usage{cluster="main",job="karpenter",nodepool="default",resource_type="memory"}"#, "values": "50x40"],
            ["series": #"karpenter_nodepools_limit{cluster="main",job="karpenter",nodepool="default",resource_type="memory"}"#, "values": "100x40"],
            [
              "series":
                #"karpenter_cloudprovider_errors_total{cluster="main",job="karpenter",controller="nodeclaim.lifecycle",method="Create",error="InsufficientCapacityError"}"#,
              "values": "0+1x40",
            ],
            [
              "series":
                #"karpenter_cloudprovider_errors_total{cluster="main",job="karpenter",controller="nodeclaim.lifecycle",method="Get",error="NodeClaimNotFoundError"}"#,
              "values": "0+5x40",
            ],
          ],
          "alert_rule_test": [
            ["eval_time": "50m", "alertname": "GPUNodeIdle", "exp_alerts": [] as [Any]],
            ["eval_time": "70m", "alertname": "GPUNodeIdle", "exp_alerts": [try expected("GPUNodeIdle", gpu)]],
            ["eval_time": "70m", "alertname": "GPUNodeSaturated", "exp_alerts": [] as [Any]],
            ["eval_time": "10m", "alertname": "KarpenterNodePoolNearLimit", "exp_alerts": [] as [Any]],
            [
              "eval_time": "20m", "alertname": "KarpenterNodePoolNearLimit",
              "exp_alerts": [try expected("KarpenterNodePoolNearLimit", pool, value: "95%")],
            ],
            [
              "eval_time": "30m", "alertname": "KarpenterCloudProviderErrors",
              "exp_alerts": [try expected("KarpenterCloudProviderErrors", capacity)],
            ],
            ["eval_time": "30m", "alertname": "KarpenterDown", "exp_alerts": [] as [Any]],
          ],
        ]
      ],
    ]
    let json = try JSONSerialization.data(withJSONObject: tests, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    try json.write(to: URL(fileURLWithPath: directory + "/tests.yml"))
    let result = try runProcess(promtool, ["test", "rules", "tests.yml"], in: directory)
    #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
    #expect(result.standardOutput.contains("SUCCESS"), "\(result.standardOutput)")
  }
}
