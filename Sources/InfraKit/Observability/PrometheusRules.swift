import InfraCore
import Manifests

/// The default Prometheus alerts for one cluster, as the rules file an Amazon Managed Service for
/// Prometheus rule group namespace holds (`aws_prometheus_rule_group_namespace.data`).
///
/// Every cluster gets alerts on its nodes, pods, volumes, API server and scrape targets; a
/// cluster with GPU pools gets alerts on its GPUs, and one with Karpenter or the Cluster
/// Autoscaler alerts on that controller. Each alert carries a `severity` label (`critical`,
/// `warning` or `info`, which ``AlertManagerDefinition`` routes by), the label `cluster`, and a
/// `summary` and `description` that say what to do. Every expression selects the jobs of
/// ``PrometheusScrapeConfiguration`` and the series of this cluster only, so clusters can share
/// a workspace. docs/prometheus-rules.md lists the alerts and why they are set as they are.
///
/// ```swift
/// let rules = PrometheusRules(cluster: "main", environment: .production, hasGPUPools: true, autoscaler: .karpenter)
/// rules.text  // the YAML for aws_prometheus_rule_group_namespace.data
/// ```
public struct PrometheusRules: Sendable, Hashable {
  /// How urgent an alert is: critical and warning alerts reach the on-call topic, info alerts
  /// are only shown.
  public enum Severity: String, Sendable, Hashable, CaseIterable {
    case critical, warning, info
  }

  /// An alerting rule.
  public struct Rule: Sendable, Hashable {
    /// The alert's name, its `alertname` label.
    public let alert: String
    /// The PromQL expression: the alert fires for each series it returns.
    public let expression: String
    /// How many minutes the expression must hold before the alert fires.
    public let forMinutes: Int
    public let severity: Severity
    /// One line: what is wrong, with the labels of the series that fired.
    public let summary: String
    /// What to look at and what to do.
    public let description: String
    /// Labels besides `cluster` and `severity`, which tell apart the alerts one rule makes per
    /// part (`node_pool` for a node pool's).
    public var labels: [String: String] = [:]
  }

  /// A rule group: its rules are evaluated together, every minute.
  public struct Group: Sendable, Hashable {
    public let name: String
    public let rules: [Rule]
  }

  /// The thresholds of the default alerts. ``init(environment:)`` picks them for an
  /// environment; each can be changed after.
  public struct Thresholds: Sendable, Hashable {
    /// Minutes a node is NotReady before its alert: 15 in production, 30 elsewhere.
    public var nodeNotReadyMinutes: Int
    /// Minutes a container is crash-looping before its alert: 15 in production, 30 elsewhere.
    public var podCrashLoopingMinutes: Int
    /// The share of a volume free below which, when it is also predicted to fill up within
    /// ``volumeFullWithinDays``, a warning fires: 0.15.
    public var volumeFreeWarningRatio: Double
    /// Days within which a volume under ``volumeFreeWarningRatio`` must be predicted to fill: 4.
    public var volumeFullWithinDays: Int
    /// The share of a volume free below which a critical alert fires: 0.03.
    public var volumeFreeCriticalRatio: Double
    /// The share of API server requests answered with 5xx above which a critical alert fires:
    /// 0.05 in production, 0.10 elsewhere.
    public var apiServerErrorRatio: Double
    /// The 99th percentile of API server request latency, in seconds, per verb, above which a
    /// warning fires: 1.
    public var apiServerLatencySeconds: Double
    /// Minutes the API server errors or latency must hold: 10 in production, 30 elsewhere.
    public var apiServerMinutes: Int
    /// GPU utilisation, in percent, below which a node's GPUs count as idle: 5.
    public var gpuIdlePercent: Double
    /// Minutes a node's GPUs are idle before the info alert: 60.
    public var gpuIdleMinutes: Int
    /// GPU utilisation, in percent, above which a node's GPUs count as saturated: 95.
    public var gpuSaturatedPercent: Double
    /// The share of a Karpenter node pool's limit in use above which a warning fires: 0.9.
    public var nodePoolLimitRatio: Double
    /// Minutes pods are unschedulable for the Cluster Autoscaler before a warning: 15 in
    /// production, 30 elsewhere.
    public var unschedulablePodsMinutes: Int

    /// The defaults of `environment`: production alerts sooner and on fewer API server errors;
    /// the other environments wait longer, as their nodes and pods churn through tests and
    /// deployments, and nobody should be woken for them.
    public init(environment: Environment) {
      let production = environment == .production
      nodeNotReadyMinutes = production ? 15 : 30
      podCrashLoopingMinutes = production ? 15 : 30
      volumeFreeWarningRatio = 0.15
      volumeFullWithinDays = 4
      volumeFreeCriticalRatio = 0.03
      apiServerErrorRatio = production ? 0.05 : 0.10
      apiServerLatencySeconds = 1
      apiServerMinutes = production ? 10 : 30
      gpuIdlePercent = 5
      gpuIdleMinutes = 60
      gpuSaturatedPercent = 95
      nodePoolLimitRatio = 0.9
      unschedulablePodsMinutes = production ? 15 : 30
    }
  }

  /// The cluster's name: the `cluster` label the rules select and put on every alert.
  public let cluster: String
  /// Whether the cluster has NVIDIA GPU node pools: adds the GPU alerts.
  public let hasGPUPools: Bool
  /// The cluster's autoscaler, nil for none: adds the alerts on Karpenter or the Cluster
  /// Autoscaler.
  public let autoscaler: Cluster.Autoscaling.Kind?
  /// The cluster's node pools, each with the node groups that hold its nodes: adds an alert for
  /// each pool that has reached its maximum size.
  public let nodePools: [NodePoolLimit]
  public let thresholds: Thresholds

  /// A node pool's most nodes, and how to find its nodes: EKS labels each node of a managed node
  /// group `eks.amazonaws.com/nodegroup=<the group's name>`, and infra names a pool's groups
  /// `<stem>-<digits Terraform appends>`, one stem per generation (`general`, `general-green`).
  public struct NodePoolLimit: Sendable, Hashable {
    public let name: String
    public let nodeGroupStems: [String]
    public let maxSize: Int
    public init(name: String, nodeGroupStems: [String], maxSize: Int) {
      self.name = name
      self.nodeGroupStems = nodeGroupStems
      self.maxSize = maxSize
    }
  }

  /// - Parameters:
  ///   - cluster: the cluster's name, as ``PrometheusScrapeConfiguration`` labels its series.
  ///   - environment: picks the thresholds when `thresholds` is nil.
  ///   - thresholds: the thresholds, `Thresholds(environment: environment)` when nil.
  public init(
    cluster: String, environment: Environment, hasGPUPools: Bool = false, autoscaler: Cluster.Autoscaling.Kind? = nil,
    nodePools: [NodePoolLimit] = [], thresholds: Thresholds? = nil
  ) {
    self.cluster = cluster
    self.hasGPUPools = hasGPUPools
    self.autoscaler = autoscaler
    self.nodePools = nodePools
    self.thresholds = thresholds ?? Thresholds(environment: environment)
  }

  /// The rules file, as `aws_prometheus_rule_group_namespace.data` takes it.
  public var text: String {
    var lines = ["groups:"]
    for group in groups {
      lines.append("  - name: \(PrometheusText.scalar(group.name))")
      lines.append("    rules:")
      for rule in group.rules {
        lines.append("      - alert: \(rule.alert)")
        lines.append("        expr: |-")
        for line in rule.expression.split(separator: "\n", omittingEmptySubsequences: false) {
          lines.append(line.isEmpty ? "" : "          \(line)")
        }
        lines.append("        for: \(PrometheusText.duration(minutes: rule.forMinutes))")
        lines.append("        labels:")
        lines.append("          cluster: \(PrometheusText.scalar(cluster))")
        for (name, value) in rule.labels.sorted(by: { $0.key < $1.key }) {
          lines.append("          \(name): \(PrometheusText.scalar(value))")
        }
        lines.append("          severity: \(rule.severity.rawValue)")
        lines.append("        annotations:")
        lines.append("          summary: \(PrometheusText.quoted(rule.summary))")
        lines.append("          description: \(PrometheusText.quoted(rule.description))")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The rule groups, in the order they are written; a group's name starts with the cluster's.
  public var groups: [Group] {
    var groups = [nodesAndPods, volumes, apiServer, scrapeTargets]
    if !nodePools.isEmpty { groups.append(nodePoolLimits) }
    if hasGPUPools { groups.append(gpus) }
    switch autoscaler {
    case .karpenter: groups.append(karpenter)
    case .clusterAutoscaler: groups.append(clusterAutoscaler)
    case nil: break
    }
    return groups
  }

  // MARK: - Groups

  /// A pool at its maximum size: pods that need another node stay Pending. Managed node groups
  /// publish no Auto Scaling group metrics to CloudWatch, so the nodes are counted here, by the
  /// label EKS gives them (kube-state-metrics exports it, as infra installs it).
  private var nodePoolLimits: Group {
    Group(
      name: "\(cluster)-node-pools",
      rules: nodePools.map { pool in
        let groups = pool.nodeGroupStems.count == 1 ? pool.nodeGroupStems[0] : "(\(pool.nodeGroupStems.joined(separator: "|")))"
        return Rule(
          alert: "NodePoolAtMaximum",
          expression:
            #"count(\#(series("kube_node_labels", .kubeStateMetrics, #"label_eks_amazonaws_com_nodegroup=~"\#(groups)-[0-9]+""#))) >= \#(pool.maxSize)"#,
          forMinutes: 30, severity: .warning,
          summary: "Node pool \(pool.name) of cluster \(cluster) has had its most nodes, \(pool.maxSize), for 30 minutes.",
          description:
            "Pods that need another node stay Pending. Look at what the nodes run (kubectl top nodes, and pods Pending with kubectl get pods -A --field-selector=status.phase=Pending), and raise the pool's maxSize in the stack if the load is real. A pool replacing its nodes (a new generation) has both generations' nodes for a while, and may fire this briefly.",
          labels: ["node_pool": pool.name]
        )
      })
  }

  private var nodesAndPods: Group {
    Group(
      name: "\(cluster)-nodes-and-pods",
      rules: [
        Rule(
          alert: "KubeNodeNotReady",
          expression: #"\#(series("kube_node_status_condition", .kubeStateMetrics, #"condition="Ready""#, #"status="true""#)) == 0"#,
          forMinutes: thresholds.nodeNotReadyMinutes, severity: .warning,
          summary: "Node {{ $labels.node }} of cluster \(cluster) has not been Ready for \(minutes(thresholds.nodeNotReadyMinutes)).",
          description:
            "Kubernetes evicts its pods after 5 minutes, and they need room on the other nodes. Run kubectl describe node {{ $labels.node }} for the reason (kubelet stopped, memory, disk or PID pressure, network). If it does not recover, cordon and drain it and terminate its instance: its node pool, or Karpenter, launches a new one."
        ),
        Rule(
          alert: "KubePodCrashLooping",
          expression: """
            max_over_time(\(series("kube_pod_container_status_waiting_reason", .kubeStateMetrics, #"reason="CrashLoopBackOff""#))[5m]) >= 1
            """,
          forMinutes: thresholds.podCrashLoopingMinutes, severity: .warning,
          summary:
            "Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} has been crash-looping for \(minutes(thresholds.podCrashLoopingMinutes)).",
          description:
            "Kubernetes restarts it and it exits again. Read why with kubectl logs --previous -n {{ $labels.namespace }} {{ $labels.pod }} -c {{ $labels.container }} and kubectl describe pod (OOMKilled, a failing probe, a missing Secret or ConfigMap, a bad image or configuration). Roll back the last deployment of it if that started it."
        ),
      ])
  }

  private var volumes: Group {
    let available = series("kubelet_volume_stats_available_bytes", .kubelet)
    let capacity = series("kubelet_volume_stats_capacity_bytes", .kubelet)
    let used = series("kubelet_volume_stats_used_bytes", .kubelet)
    let readOnly = series("kube_persistentvolumeclaim_access_mode", .kubeStateMetrics, #"access_mode="ReadOnlyMany""#)
    let warningPercent = percent(thresholds.volumeFreeWarningRatio)
    let criticalPercent = percent(thresholds.volumeFreeCriticalRatio)
    return Group(
      name: "\(cluster)-volumes",
      rules: [
        Rule(
          alert: "KubePersistentVolumeFillingUp",
          expression: """
            (
              \(available)
                /
              \(capacity)
            ) < \(number(thresholds.volumeFreeWarningRatio))
            and
            \(used) > 0
            and
            predict_linear(\(available)[6h], \(thresholds.volumeFullWithinDays) * 24 * 3600) < 0
            unless on (namespace, persistentvolumeclaim)
            \(readOnly) == 1
            """,
          forMinutes: 60, severity: .warning,
          summary:
            "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than \(warningPercent)% free and fills up within \(thresholds.volumeFullWithinDays) days at its rate of the last 6 hours.",
          description:
            "Writes to it fail once it is full. Grow the claim (its storage class must allow volume expansion: raise spec.resources.requests.storage), or delete what fills it (logs, old data, a runaway job)."
        ),
        Rule(
          alert: "KubePersistentVolumeFillingUp",
          expression: """
            (
              \(available)
                /
              \(capacity)
            ) < \(number(thresholds.volumeFreeCriticalRatio))
            and
            \(used) > 0
            unless on (namespace, persistentvolumeclaim)
            \(readOnly) == 1
            """,
          forMinutes: 1, severity: .critical,
          summary: "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than \(criticalPercent)% free.",
          description:
            "Writes to it fail within minutes. Grow the claim now (raise spec.resources.requests.storage; its storage class must allow volume expansion), or free space on it, then find what filled it."
        ),
      ])
  }

  private var apiServer: Group {
    let requests = series("apiserver_request_total", .apiserver)
    let errors = series("apiserver_request_total", .apiserver, #"code=~"5..""#)
    let buckets = series(
      "apiserver_request_duration_seconds_bucket", .apiserver, #"verb!~"LIST|WATCH|WATCHLIST|PROXY|CONNECT""#, #"subresource!="log""#)
    return Group(
      name: "\(cluster)-api-server",
      rules: [
        Rule(
          alert: "KubeAPIErrorsHigh",
          expression: """
            sum(rate(\(errors)[5m]))
              /
            sum(rate(\(requests)[5m]))
            > \(number(thresholds.apiServerErrorRatio))
            """,
          forMinutes: thresholds.apiServerMinutes, severity: .critical,
          summary:
            "The API server of cluster \(cluster) answers {{ $value | humanizePercentage }} of its requests with a 5xx error.",
          description:
            "Deployments, scaling and controllers fail while it does. A failing admission webhook is the usual cause: kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations, and check the service each calls. Otherwise read the control plane's logs in CloudWatch, and open an AWS support case if the cause is not in the cluster."
        ),
        Rule(
          alert: "KubeAPILatencyHigh",
          expression: """
            histogram_quantile(0.99, sum by (le, verb) (rate(\(buckets)[5m])))
            > \(number(thresholds.apiServerLatencySeconds))
            """,
          forMinutes: thresholds.apiServerMinutes, severity: .warning,
          summary:
            "The API server of cluster \(cluster) takes {{ $value | humanizeDuration }} for 1 in 100 {{ $labels.verb }} requests.",
          description:
            "Controllers and kubectl slow down with it. Look for a client listing large collections over and over (the control plane's audit log names it), a slow admission webhook, or a very large number of objects of one kind."
        ),
      ])
  }

  private var scrapeTargets: Group {
    Group(
      name: "\(cluster)-scrape-targets",
      rules: [
        Rule(
          alert: "KubeAPIDown",
          expression: "absent(\(series("up", .apiserver)) == 1)",
          forMinutes: 15, severity: .critical,
          summary: "The API server of cluster \(cluster) has not been scraped for 15 minutes.",
          description:
            "Either the API server is down, and nothing in the cluster can change, or the managed scraper cannot reach it, and no alert of this cluster can fire. Check the cluster's health in the EKS console; if it is healthy, check the scraper (aws amp describe-scraper) and that the cluster's security group admits it."
        ),
        Rule(
          alert: "KubeStateMetricsDown",
          expression: "absent(\(series("up", .kubeStateMetrics)) == 1)",
          forMinutes: 15, severity: .warning,
          summary: "kube-state-metrics of cluster \(cluster) has not been scraped for 15 minutes.",
          description:
            "The alerts on nodes, pods and volumes cannot fire without it. Check that its pod runs (kubectl get pods -A -l app.kubernetes.io/name=kube-state-metrics) and that its Service keeps the port named http."
        ),
      ])
  }

  private var gpus: Group {
    let utilisation = series("DCGM_FI_DEV_GPU_UTIL", .dcgmExporter)
    return Group(
      name: "\(cluster)-gpus",
      rules: [
        Rule(
          alert: "GPUNodeIdle",
          expression: "avg by (node) (\(utilisation)) < \(number(thresholds.gpuIdlePercent))",
          forMinutes: thresholds.gpuIdleMinutes, severity: .info,
          summary:
            "The GPUs of node {{ $labels.node }} have been under \(number(thresholds.gpuIdlePercent))% busy for \(minutes(thresholds.gpuIdleMinutes)).",
          description:
            "The node costs a GPU instance's price for work a CPU node could do, or none. If nothing needs it, lower its pool's minimum size so it can scale in; if pods run on it without using the GPU, keep them off with the pool's nvidia.com/gpu taint."
        ),
        Rule(
          alert: "GPUNodeSaturated",
          expression: "avg by (node) (\(utilisation)) > \(number(thresholds.gpuSaturatedPercent))",
          forMinutes: 30, severity: .warning,
          summary:
            "The GPUs of node {{ $labels.node }} have been over \(number(thresholds.gpuSaturatedPercent))% busy for 30 minutes.",
          description:
            "Work on it queues and slows down. If that is not what its jobs expect, raise the GPU pool's maximum size so more nodes share the work, or check the GPUs' temperature and power (DCGM_FI_DEV_GPU_TEMP, DCGM_FI_DEV_POWER_USAGE) for throttling."
        ),
        Rule(
          alert: "GPUXIDError",
          expression: "max by (node, gpu) (\(series("DCGM_FI_DEV_XID_ERRORS", .dcgmExporter))) > 0",
          forMinutes: 5, severity: .warning,
          summary: "GPU {{ $labels.gpu }} of node {{ $labels.node }} reported XID error {{ $value }}.",
          description:
            "The driver reported a GPU fault; look the code up in NVIDIA's XID error list. Application faults (13, 31, 43) are the workload's to fix; for hardware or driver faults (48, 63, 64, 74, 79, 92, 94, 95) cordon and drain the node and terminate its instance, so that its pool replaces it."
        ),
      ])
  }

  private var karpenter: Group {
    let usage = series("karpenter_nodepools_usage", .karpenter)
    let limit = series("karpenter_nodepools_limit", .karpenter)
    return Group(
      name: "\(cluster)-karpenter",
      rules: [
        Rule(
          alert: "KarpenterCloudProviderErrors",
          expression: """
            sum by (controller, method, error) (increase(\(series("karpenter_cloudprovider_errors_total", .karpenter, #"error!="NodeClaimNotFoundError""#))[10m])) > 0
            """,
          forMinutes: 15, severity: .warning,
          summary: "Karpenter's calls to EC2 ({{ $labels.method }}) in cluster \(cluster) keep failing: {{ $labels.error }}.",
          description:
            "Pending pods may get no node. Read Karpenter's logs (kubectl logs -l app.kubernetes.io/name=karpenter in its namespace, kube-system unless installed elsewhere) for the EC2 error: insufficient capacity for every instance type allowed (allow more types or zones), a service quota reached (raise it), or an IAM or launch template problem in its node class."
        ),
        Rule(
          alert: "KarpenterNodePoolNearLimit",
          expression: """
            sum by (nodepool, resource_type) (\(usage))
              /
            (sum by (nodepool, resource_type) (\(limit)) > 0)
            > \(number(thresholds.nodePoolLimitRatio))
            """,
          forMinutes: 15, severity: .warning,
          summary:
            "Karpenter node pool {{ $labels.nodepool }} uses {{ $value | humanizePercentage }} of its {{ $labels.resource_type }} limit.",
          description:
            "At its limit Karpenter launches no more nodes for it, and pods stay pending. Raise the node pool's spec.limits if the growth is expected, or find what grew."
        ),
        Rule(
          alert: "KarpenterDown",
          expression: "absent(\(series("up", .karpenter)) == 1)",
          forMinutes: 15, severity: .warning,
          summary: "Karpenter in cluster \(cluster) has not been scraped for 15 minutes.",
          description:
            "Without it no node is launched for pending pods and none is consolidated or replaced. Check its pods (kubectl get pods -A -l app.kubernetes.io/name=karpenter) and their events and logs."
        ),
      ])
  }

  private var clusterAutoscaler: Group {
    Group(
      name: "\(cluster)-cluster-autoscaler",
      rules: [
        Rule(
          alert: "ClusterAutoscalerErrors",
          expression: """
            sum by (type) (increase(\(series("cluster_autoscaler_errors_total", .clusterAutoscaler))[10m])) > 0
            """,
          forMinutes: 15, severity: .warning,
          summary: "The Cluster Autoscaler of cluster \(cluster) keeps failing ({{ $labels.type }}).",
          description:
            "Node pools may not grow for pending pods or shrink when idle. Read its logs (kubectl logs -l app.kubernetes.io/name=aws-cluster-autoscaler in its namespace, kube-system unless installed elsewhere): usually its IAM permissions, an Auto Scaling group it cannot describe, or the EC2 API throttling it."
        ),
        Rule(
          alert: "ClusterAutoscalerUnschedulablePods",
          expression: "sum(\(series("cluster_autoscaler_unschedulable_pods_count", .clusterAutoscaler))) > 0",
          forMinutes: thresholds.unschedulablePodsMinutes, severity: .warning,
          summary:
            "{{ $value }} pods of cluster \(cluster) have been unschedulable for \(minutes(thresholds.unschedulablePodsMinutes)).",
          description:
            "No node pool can take them: the pools are at their maximum size, or no pool has the instance type, zone, labels or taints the pods ask for. kubectl get events --field-selector reason=NotTriggerScaleUp -A says why; raise a pool's maximum size or add a pool that fits."
        ),
        Rule(
          alert: "ClusterAutoscalerDown",
          expression: "absent(\(series("up", .clusterAutoscaler)) == 1)",
          forMinutes: 15, severity: .warning,
          summary: "The Cluster Autoscaler of cluster \(cluster) has not been scraped for 15 minutes.",
          description:
            "Without it node pools neither grow for pending pods nor shrink. Check its pods (kubectl get pods -A -l app.kubernetes.io/name=aws-cluster-autoscaler) and their events and logs."
        ),
      ])
  }

  // MARK: - Writing expressions

  /// `metric{cluster="…",job="…",matchers…}`: the series of this cluster from `job`.
  private func series(_ metric: String, _ job: PrometheusScrapeConfiguration.Job, _ matchers: String...) -> String {
    let all = ["cluster=\(PrometheusText.promQLString(cluster))", "job=\"\(job.rawValue)\""] + matchers
    return "\(metric){\(all.joined(separator: ","))}"
  }

  private func number(_ value: Double) -> String { PrometheusText.number(value) }

  private func percent(_ ratio: Double) -> String { PrometheusText.number((ratio * 10_000).rounded() / 100) }

  private func minutes(_ count: Int) -> String {
    if count % 60 == 0 { return count == 60 ? "an hour" : "\(count / 60) hours" }
    return count == 1 ? "a minute" : "\(count) minutes"
  }
}

/// Text written into the Prometheus and Alertmanager YAML files.
enum PrometheusText {
  /// `string` plain when YAML reads it back as that string (a name of letters, digits and
  /// `-_./;:` that is no YAML keyword or number), double-quoted otherwise.
  static func scalar(_ string: String) -> String {
    let plain = string.unicodeScalars.allSatisfy { scalar in
      switch scalar {
      case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", "/", ";": true
      default: false
      }
    }
    guard plain, let first = string.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first) else {
      return quoted(string)
    }
    let keywords: Set<String> = ["null", "true", "false", "yes", "no", "on", "off", "y", "n"]
    return keywords.contains(string.lowercased()) ? quoted(string) : string
  }

  /// A double-quoted YAML string, with JSON's escapes, which YAML's double-quoted style shares.
  static func quoted(_ string: String) -> String { YAMLWriter.quoted(string) }

  /// A PromQL string literal: double-quoted, with Go's escapes, which are JSON's too.
  static func promQLString(_ string: String) -> String { YAMLWriter.quoted(string) }

  /// A number as PromQL and YAML read it: whole numbers without a fraction, others in the
  /// shortest form that reads back as the same value.
  static func number(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(value)
  }

  /// A Prometheus duration: `90m`, `2h`.
  static func duration(minutes: Int) -> String {
    minutes % 60 == 0 ? "\(minutes / 60)h" : "\(minutes)m"
  }
}
