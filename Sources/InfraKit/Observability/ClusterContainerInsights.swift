extension Cluster {
  /// Container Insights for the cluster: the CloudWatch Observability addon, whose agent sends
  /// the nodes', pods' and containers' metrics and the containers' logs to CloudWatch, with a role
  /// of its own that only its service account gets, through EKS Pod Identity. Made after the node
  /// groups, whose nodes its pods run on. Nothing is added when the cluster lists the addon itself,
  /// or has no pod identity agent to hand the role to its pods.
  ///
  /// The agent writes to four log groups of its own naming; left to it, they would keep every
  /// event for ever, unencrypted by a key of the account's. infra makes them first, with a
  /// retention (three months in production, one elsewhere) and the cluster's logs key.
  func watchWithContainerInsights() {
    let name = "amazon-cloudwatch-observability"
    guard let eks, let oidcProvider, !addons.contains(where: { $0.name == name }),
      addons.contains(where: { $0.name == "eks-pod-identity-agent" })
    else { return }
    within {
      let retention: LogRetention = environment == .production ? .threeMonths : .oneMonth
      let logGroups: [any Referenceable] = ["application", "dataplane", "host", "performance"].map { kind in
        let group = placed(
          AwsCloudwatchLogGroup(
            "container-insights-\(kind)", name: Value("/aws/containerinsights/\(clusterName)/\(kind)"),
            retentionInDays: Value(retention.days), tags: tags("container-insights-\(kind)")))
        logsKey?.encrypt(group)
        return group
      }
      let addon = buildAddon(Addon(name), cluster: eks, oidcProvider: oidcProvider, volumeKeyArn: nil)
      addon.dependsOn.insert(contentsOf: nodeGroups.keys.sorted().map { nodeGroups[$0]! } as [any Referenceable] + logGroups, at: 0)
    }
  }
}
