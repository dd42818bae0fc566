extension Cluster {
  /// Amazon Managed Service for Prometheus for the cluster: a workspace; a managed scraper,
  /// agentless, in the control plane's subnets and the cluster's security group (which reaches the
  /// nodes, the kubelets and the API server), that EKS gives an access entry of its own; infra's
  /// default alerts; an alert manager that sends critical and warning alerts to `topic`; and the
  /// exporters the alerts read, installed by the cluster's GitOps tool.
  func watchWithPrometheus(topic: AwsSnsTopic, environment: Environment) {
    guard let eks else { return }
    let gpu = !gpuPools.isEmpty
    let workspace = placed(AwsPrometheusWorkspace("prometheus", alias: Value(clusterName), tags: tags("prometheus"), in: self))
    let scrape = PrometheusScrapeConfiguration(cluster: clusterName, hasGPUPools: gpu, autoscaling: autoscaling)
    placed(
      AwsPrometheusScraper(
        "prometheus-scraper", destination: .init(amp: .init(workspaceArn: workspace.arn)),
        scrapeConfiguration: Value(scrape.text),
        source: .init(
          eks: .init(
            clusterArn: eks.arn, subnetIds: Value(reference(of: eks, type: "aws_eks_cluster", id: "cluster").attribute("vpc_config")[0].attribute("subnet_ids")),
            securityGroupIds: Value([securityGroupID]))),
        alias: Value(clusterName), tags: tags("prometheus-scraper"), in: self))
    // A pool of fixed size is always at its maximum: it gets no alert for it.
    let limits = pools.filter { $0.size.lowerBound < $0.size.upperBound }.map { pool in
      PrometheusRules.NodePoolLimit(
        name: pool.name, nodeGroupStems: pool.generations.map { $0.stem(of: pool) }, maxSize: pool.size.upperBound)
    }
    let rules = PrometheusRules(
      cluster: clusterName, environment: environment, hasGPUPools: gpu, autoscaler: autoscaling?.kind, nodePools: limits)
    placed(
      AwsPrometheusRuleGroupNamespace(
        "prometheus-rules", data: Value(rules.text), name: "infra", workspaceId: workspace.id, tags: tags("prometheus-rules"),
        in: self))
    // The definition names the topic, whose ARN Terraform knows after apply: the text around it
    // stays literal, so nothing else in it is read as an interpolation.
    let marker = "arn:infra:alert-topic"
    let definition = AlertManagerDefinition(topicArn: marker, region: region?.code ?? "", environment: environment).text
    var parts: [Expr] = []
    for (index, piece) in definition.components(separatedBy: marker).enumerated() {
      if index > 0 { parts.append(topic.arn.expression) }
      parts.append(.string(piece))
    }
    placed(
      AwsPrometheusAlertManagerDefinition(
        "prometheus-alert-manager", definition: Value(expression: .template(parts)), workspaceId: workspace.id, in: self))

    // The node group label, for the node pools' alerts.
    install(.kubeStateMetrics, namespace: "kube-system") { _ in
      .map(["metricLabelsAllowlist": ["nodes=[eks.amazonaws.com/nodegroup]"]])
    }
    install(.nodeExporter, namespace: "kube-system")
    if gpu {
      let tolerations = Self.tolerations(of: gpuPools.flatMap(\.taints))
      // The chart makes a ServiceMonitor by default, whose CRD (the Prometheus Operator's) the
      // cluster does not have: the managed scraper finds the exporter by its Service instead.
      install(.dcgmExporter, namespace: "kube-system") { _ in
        .map([
          "nodeSelector": .sorted(["accelerator": "nvidia"]), "tolerations": .list(tolerations),
          "serviceMonitor": .map(["enabled": false]),
        ])
      }
    }
  }
}
