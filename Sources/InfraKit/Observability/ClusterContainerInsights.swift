extension Cluster {
  /// Container Insights for the cluster: the CloudWatch Observability addon, whose agent sends
  /// the nodes', pods' and containers' metrics and the containers' logs to CloudWatch, with a role
  /// of its own that only its service account gets, through EKS Pod Identity. Made after the node
  /// groups, whose nodes its pods run on. Nothing is added when the cluster lists the addon itself,
  /// or has no pod identity agent to hand the role to its pods.
  func watchWithContainerInsights() {
    let name = "amazon-cloudwatch-observability"
    guard let eks, let oidcProvider, !addons.contains(where: { $0.name == name }),
      addons.contains(where: { $0.name == "eks-pod-identity-agent" })
    else { return }
    within {
      let addon = buildAddon(Addon(name), cluster: eks, oidcProvider: oidcProvider, volumeKeyArn: nil)
      addon.dependsOn.insert(contentsOf: nodeGroups.keys.sorted().map { nodeGroups[$0]! } as [any Referenceable], at: 0)
    }
  }
}
