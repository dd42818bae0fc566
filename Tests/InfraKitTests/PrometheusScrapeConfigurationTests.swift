import Foundation
import InfraKit
import InfraTestSupport
import Testing

/// The managed scraper's configuration: the jobs the cluster's facts call for, in the form the
/// managed collector accepts, and what promtool says of it.
@Suite struct PrometheusScrapeConfigurationTests {
  @Test func aClusterWithoutGPUsOrAutoscalerIsScrapedSo() {
    #expect(
      PrometheusScrapeConfiguration(cluster: "main").text == """
        global:
          scrape_interval: 30s
        scrape_configs:
          - job_name: apiserver
            scheme: https
            authorization:
              credentials_file: /var/run/secrets/kubernetes.io/serviceaccount/token
            kubernetes_sd_configs:
              - role: endpoints
            relabel_configs:
              - source_labels: [__meta_kubernetes_namespace, __meta_kubernetes_service_name, __meta_kubernetes_endpoint_port_name]
                regex: default;kubernetes;https
                action: keep
              - target_label: cluster
                replacement: main
          - job_name: kubelet
            scheme: https
            authorization:
              credentials_file: /var/run/secrets/kubernetes.io/serviceaccount/token
            kubernetes_sd_configs:
              - role: node
            relabel_configs:
              - source_labels: [__meta_kubernetes_node_name]
                target_label: node
              - target_label: __address__
                replacement: kubernetes.default.svc:443
              - source_labels: [__meta_kubernetes_node_name]
                regex: (.+)
                target_label: __metrics_path__
                replacement: /api/v1/nodes/$1/proxy/metrics
              - target_label: cluster
                replacement: main
          - job_name: cadvisor
            scheme: https
            authorization:
              credentials_file: /var/run/secrets/kubernetes.io/serviceaccount/token
            kubernetes_sd_configs:
              - role: node
            relabel_configs:
              - source_labels: [__meta_kubernetes_node_name]
                target_label: node
              - target_label: __address__
                replacement: kubernetes.default.svc:443
              - source_labels: [__meta_kubernetes_node_name]
                regex: (.+)
                target_label: __metrics_path__
                replacement: /api/v1/nodes/$1/proxy/metrics/cadvisor
              - target_label: cluster
                replacement: main
          - job_name: kube-state-metrics
            honor_labels: true
            kubernetes_sd_configs:
              - role: endpoints
            relabel_configs:
              - source_labels: [__meta_kubernetes_service_label_app_kubernetes_io_name, __meta_kubernetes_endpoint_port_name]
                regex: kube-state-metrics;http
                action: keep
              - target_label: cluster
                replacement: main
          - job_name: node-exporter
            kubernetes_sd_configs:
              - role: endpoints
            relabel_configs:
              - source_labels: [__meta_kubernetes_service_label_app_kubernetes_io_name, __meta_kubernetes_endpoint_port_name]
                regex: prometheus-node-exporter;metrics
                action: keep
              - source_labels: [__meta_kubernetes_endpoint_node_name]
                target_label: node
              - target_label: cluster
                replacement: main

        """)
  }

  @Test func gpuPoolsAndAnAutoscalerAddTheirJobs() throws {
    let karpenter = PrometheusScrapeConfiguration(cluster: "main", hasGPUPools: true, autoscaling: .karpenter(namespace: "karpenter"))
    #expect(
      karpenter.jobs == [.apiserver, .kubelet, .cadvisor, .kubeStateMetrics, .nodeExporter, .dcgmExporter, .karpenter])
    let start = try #require(karpenter.text.range(of: "  - job_name: dcgm-exporter\n"))
    #expect(
      karpenter.text[start.lowerBound...] == """
          - job_name: dcgm-exporter
            honor_labels: true
            kubernetes_sd_configs:
              - role: endpoints
            relabel_configs:
              - source_labels: [__meta_kubernetes_service_label_app_kubernetes_io_name, __meta_kubernetes_endpoint_port_name]
                regex: dcgm-exporter;metrics
                action: keep
              - source_labels: [__meta_kubernetes_endpoint_node_name]
                target_label: node
              - target_label: cluster
                replacement: main
          - job_name: karpenter
            kubernetes_sd_configs:
              - role: endpoints
            relabel_configs:
              - source_labels: [__meta_kubernetes_namespace, __meta_kubernetes_service_label_app_kubernetes_io_name, __meta_kubernetes_endpoint_port_name]
                regex: karpenter;karpenter;http-metrics
                action: keep
              - target_label: cluster
                replacement: main

        """)
    let autoscaler = PrometheusScrapeConfiguration(cluster: "main", autoscaling: .clusterAutoscaler())
    #expect(autoscaler.jobs == [.apiserver, .kubelet, .cadvisor, .kubeStateMetrics, .nodeExporter, .clusterAutoscaler])
    #expect(autoscaler.text.hasSuffix("""
          - job_name: cluster-autoscaler
            kubernetes_sd_configs:
              - role: endpoints
            relabel_configs:
              - source_labels: [__meta_kubernetes_namespace, __meta_kubernetes_service_label_app_kubernetes_io_name, __meta_kubernetes_endpoint_port_name]
                regex: kube-system;aws-cluster-autoscaler;http
                action: keep
              - target_label: cluster
                replacement: main

        """))
  }

  @Test func theTextIsTheSameEveryTimeAndTerraformLeavesItAlone() {
    for (gpu, autoscaler) in PrometheusRulesTests.facts {
      let text = PrometheusRulesTests.scrape(gpu: gpu, autoscaler: autoscaler).text
      #expect(text == PrometheusRulesTests.scrape(gpu: gpu, autoscaler: autoscaler).text)
      // Relabelling's `$1` is no Terraform interpolation; `${1}` would be.
      #expect(!text.contains("${") && !text.contains("%{"), "Terraform would read a template sequence in the scrape configuration")
    }
  }

  @Test func aClusterNameYAMLWouldReadAsANumberIsQuoted() {
    #expect(PrometheusScrapeConfiguration(cluster: "2026").text.contains("      - target_label: cluster\n        replacement: \"2026\"\n"))
  }

  /// The configuration with each `kubernetes_sd_configs` entry replaced by an empty
  /// `static_configs`, for a promtool built without Kubernetes discovery.
  static func withoutKubernetesDiscovery(_ text: String) throws -> String {
    let discovery = try Regex(#"kubernetes_sd_configs:\n( +)- role: [a-z]+\n"#)
    return text.replacing(discovery) { match in "static_configs:\n\(match.output[1].substring ?? "")- targets: []\n" }
  }

  /// promtool checks the configuration as Prometheus reads it. The token file is the managed
  /// collector's, so only the syntax is checked (`--syntax-only` does not look for the file).
  /// Debian's promtool is built without Kubernetes service discovery and rejects
  /// `kubernetes_sd_configs`: with it, the rest is checked with empty static targets in their
  /// place, and the SKIPPED line says what was not.
  @Test func promtoolAcceptsTheScrapeConfiguration() throws {
    guard let promtool = prometheusTool("promtool", package: "prometheus", for: "promtool check config of the scrape configuration") else {
      return
    }
    let directory = try makeTemporaryDirectory()
    var skippedDiscovery = false
    for (index, (gpu, autoscaler)) in PrometheusRulesTests.facts.enumerated() {
      let file = "\(directory)/prometheus-\(index).yml"
      let text = PrometheusRulesTests.scrape(gpu: gpu, autoscaler: autoscaler).text
      try writeText(text, to: file)
      var result = try runProcess(promtool, ["check", "config", "--syntax-only", file])
      if result.status != 0, result.standardError.contains("field kubernetes_sd_configs not found in type config.ScrapeConfig") {
        skippedDiscovery = true
        try writeText(try Self.withoutKubernetesDiscovery(text), to: file)
        result = try runProcess(promtool, ["check", "config", "--syntax-only", file])
      }
      #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
      #expect(result.standardOutput.contains("SUCCESS: \(file) is valid prometheus config file syntax"), "\(result.standardOutput)")
    }
    if skippedDiscovery {
      print(
        "SKIPPED: promtool check config of the scrape configuration's kubernetes_sd_configs: this promtool is built without Kubernetes discovery (Debian's is); the rest of it was checked with static_configs in their place"
      )
    }
  }
}
