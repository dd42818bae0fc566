/// The scrape configuration of an Amazon Managed Service for Prometheus scraper
/// (`aws_prometheus_scraper.scrape_configuration`) for one cluster: which metrics the managed
/// collector pulls, under job names the default alerts (``PrometheusRules``) select.
///
/// The collector runs outside the cluster. It resolves only `kubernetes.default.svc`, discovers
/// its targets through the Kubernetes API (`kubernetes_sd_configs`), authenticates with the bearer
/// token file AWS mounts for it, and scrapes every 30 seconds, its shortest interval. What it
/// scrapes:
///
/// | job | what | from |
/// |---|---|---|
/// | `apiserver` | `apiserver_*` | the API server's endpoints (`default/kubernetes`, port `https`) |
/// | `kubelet` | `kubelet_*`, volume statistics | each node's `/metrics`, through the API server's node proxy |
/// | `cadvisor` | `container_*` | each node's `/metrics/cadvisor`, through the node proxy |
/// | `kube-state-metrics` | `kube_*` | the kube-state-metrics chart's Service, port `http` |
/// | `node-exporter` | `node_*` | the prometheus-node-exporter chart's Service, port `metrics` |
/// | `dcgm-exporter` | `DCGM_FI_*` (GPU pools only) | the dcgm-exporter chart's Service, port `metrics` |
/// | `karpenter` | `karpenter_*` (Karpenter only) | the Karpenter chart's Service in its namespace, port `http-metrics` |
/// | `cluster-autoscaler` | `cluster_autoscaler_*` (Cluster Autoscaler only) | the chart's Service in its namespace, port `http` |
///
/// The exporters are found by their Service's `app.kubernetes.io/name` label, which their Helm
/// charts set; they must be installed in the cluster. Every series gets the label
/// `cluster=<name>`, and those from nodes and node exporters the label `node`.
///
/// ```swift
/// let scrape = PrometheusScrapeConfiguration(cluster: "main", hasGPUPools: true, autoscaling: .karpenter())
/// scrape.text  // the YAML for aws_prometheus_scraper.scrape_configuration
/// ```
public struct PrometheusScrapeConfiguration: Sendable, Hashable {
  /// A scrape job: its name is the `job` label of every series it collects.
  public enum Job: String, Sendable, Hashable, CaseIterable {
    case apiserver
    case kubelet
    case cadvisor
    case kubeStateMetrics = "kube-state-metrics"
    case nodeExporter = "node-exporter"
    case dcgmExporter = "dcgm-exporter"
    case karpenter
    case clusterAutoscaler = "cluster-autoscaler"
  }

  /// The cluster's name, the `cluster` label of every series.
  public let cluster: String
  /// Whether the cluster has NVIDIA GPU node pools, whose dcgm-exporter is scraped.
  public let hasGPUPools: Bool
  /// The cluster's autoscaler, whose controller is scraped in its namespace; nil for none.
  public let autoscaling: Cluster.Autoscaling?

  /// The seconds between two scrapes of a target: 30, the shortest the managed collector allows.
  public static let scrapeIntervalSeconds = 30
  /// Where the managed collector finds its bearer token for the Kubernetes API.
  public static let tokenFile = "/var/run/secrets/kubernetes.io/serviceaccount/token"

  public init(cluster: String, hasGPUPools: Bool = false, autoscaling: Cluster.Autoscaling? = nil) {
    self.cluster = cluster
    self.hasGPUPools = hasGPUPools
    self.autoscaling = autoscaling
  }

  /// The jobs scraped, in the order they are written.
  public var jobs: [Job] {
    var jobs: [Job] = [.apiserver, .kubelet, .cadvisor, .kubeStateMetrics, .nodeExporter]
    if hasGPUPools { jobs.append(.dcgmExporter) }
    switch autoscaling?.kind {
    case .karpenter: jobs.append(.karpenter)
    case .clusterAutoscaler: jobs.append(.clusterAutoscaler)
    case nil: break
    }
    return jobs
  }

  /// The scrape configuration, as `aws_prometheus_scraper.scrape_configuration` takes it.
  public var text: String {
    var lines = ["global:", "  scrape_interval: \(Self.scrapeIntervalSeconds)s", "scrape_configs:"]
    for job in jobs { lines += self.lines(of: job) }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A Service an exporter's chart creates: found by its `app.kubernetes.io/name` label and the
  /// name of its metrics port, in `namespace` when one is given.
  struct ExporterService: Hashable {
    let name: String
    let port: String
    let namespace: String?
  }

  /// The Service each in-cluster exporter is scraped through; nil for the jobs that go through
  /// the API server.
  func service(of job: Job) -> ExporterService? {
    switch job {
    case .apiserver, .kubelet, .cadvisor: nil
    case .kubeStateMetrics: ExporterService(name: "kube-state-metrics", port: "http", namespace: nil)
    case .nodeExporter: ExporterService(name: "prometheus-node-exporter", port: "metrics", namespace: nil)
    case .dcgmExporter: ExporterService(name: "dcgm-exporter", port: "metrics", namespace: nil)
    case .karpenter: ExporterService(name: "karpenter", port: "http-metrics", namespace: autoscaling?.namespace ?? "kube-system")
    case .clusterAutoscaler:
      // The chart names itself after the cloud provider: `aws-cluster-autoscaler`.
      ExporterService(name: "aws-cluster-autoscaler", port: "http", namespace: autoscaling?.namespace ?? "kube-system")
    }
  }

  private func lines(of job: Job) -> [String] {
    var lines = ["  - job_name: \(job.rawValue)"]
    let clusterLabel = [
      "      - target_label: cluster",
      "        replacement: \(PrometheusText.scalar(cluster))",
    ]
    switch job {
    case .apiserver:
      lines += [
        "    scheme: https",
        "    authorization:",
        "      credentials_file: \(Self.tokenFile)",
        "    kubernetes_sd_configs:",
        "      - role: endpoints",
        "    relabel_configs:",
        "      - source_labels: [__meta_kubernetes_namespace, __meta_kubernetes_service_name, __meta_kubernetes_endpoint_port_name]",
        "        regex: default;kubernetes;https",
        "        action: keep",
      ]
    case .kubelet, .cadvisor:
      let path = job == .kubelet ? "/metrics" : "/metrics/cadvisor"
      lines += [
        "    scheme: https",
        "    authorization:",
        "      credentials_file: \(Self.tokenFile)",
        "    kubernetes_sd_configs:",
        "      - role: node",
        "    relabel_configs:",
        "      - source_labels: [__meta_kubernetes_node_name]",
        "        target_label: node",
        "      - target_label: __address__",
        "        replacement: kubernetes.default.svc:443",
        "      - source_labels: [__meta_kubernetes_node_name]",
        "        regex: (.+)",
        "        target_label: __metrics_path__",
        "        replacement: /api/v1/nodes/$1/proxy\(path)",
      ]
    case .kubeStateMetrics, .nodeExporter, .dcgmExporter, .karpenter, .clusterAutoscaler:
      guard let service = service(of: job) else { return lines }
      // kube-state-metrics and dcgm-exporter describe other objects: their namespace, pod and
      // container labels are the workload's, kept as they are.
      if job == .kubeStateMetrics || job == .dcgmExporter { lines.append("    honor_labels: true") }
      lines += [
        "    kubernetes_sd_configs:",
        "      - role: endpoints",
        "    relabel_configs:",
      ]
      if let namespace = service.namespace {
        lines += [
          "      - source_labels: [__meta_kubernetes_namespace, __meta_kubernetes_service_label_app_kubernetes_io_name, __meta_kubernetes_endpoint_port_name]",
          "        regex: \(PrometheusText.scalar("\(namespace);\(service.name);\(service.port)"))",
        ]
      } else {
        lines += [
          "      - source_labels: [__meta_kubernetes_service_label_app_kubernetes_io_name, __meta_kubernetes_endpoint_port_name]",
          "        regex: \(PrometheusText.scalar("\(service.name);\(service.port)"))",
        ]
      }
      lines.append("        action: keep")
      if job == .nodeExporter || job == .dcgmExporter {
        lines += [
          "      - source_labels: [__meta_kubernetes_endpoint_node_name]",
          "        target_label: node",
        ]
      }
    }
    return lines + clusterLabel
  }
}
