/// Every lint rule infra runs, in the order they are listed in documentation and SARIF. A new
/// rule goes here, with a page `docs/rules/<id>.md`.
public enum LintRules {
  public static let all: [any LintRule.Type] = [
    // Clusters and nodes
    EKSEndpointNotPublicRule.self,
    EKSSecretsEncryptionRule.self,
    EKSControlPlaneLoggingRule.self,
    EKSClusterAdminRule.self,
    NodesPrivateRule.self,
    NodePoolCreateBeforeDestroyRule.self,
    NodePoolDesiredSizeIgnoredRule.self,
    GPUNodePoolRule.self,
    LaunchTemplateIMDSv2Rule.self,
    LaunchTemplateIMDSHopLimitRule.self,
    EKSAddonIdentityRule.self,
    EKSVersionPastStandardSupportRule.self,
    NodeGroupVersionSkewRule.self,
    // Networks
    ZoneSpreadRule.self,
    NATGatewayPerZoneRule.self,
    VPCFlowLogsRule.self,
    // Load balancers
    LoadBalancerPublicSubnetsRule.self,
    ListenerHTTPSRedirectRule.self,
    ListenerTLSPolicyRule.self,
    LoadBalancerAccessLogsRule.self,
    LoadBalancerDeletionProtectionRule.self,
    LoadBalancerDropsInvalidHeadersRule.self,
    LoadBalancerReachesClusterTargetsRule.self,
    LoadBalancerDomainCertificateRule.self,
    // Databases
    DatabaseEncryptedRule.self,
    DatabaseNotPubliclyAccessibleRule.self,
    DatabaseSubnetsRule.self,
    DatabaseDeletionProtectionRule.self,
    DatabaseBackupRetentionRule.self,
    DatabaseFinalSnapshotRule.self,
    DatabaseMultiAZRule.self,
    DatabasePasswordRule.self,
    DatabaseCrossRegionBackupRule.self,
    TenantDatabaseOpenToClusterRule.self,
    // Kubernetes manifests
    KubernetesNamespaceWithoutQuotaRule.self,
    KubernetesNamespaceWithoutDefaultDenyRule.self,
    KubernetesPrivilegedPodSecurityRule.self,
    KubernetesBindingWithoutControllerRule.self,
    KubernetesKarpenterWithoutNodePoolRule.self,
    // Alarms and on-call
    ProductionResourceWithoutAlarmRule.self,
    AlarmWithoutDestinationRule.self,
    PagerDutyURLLiteralRule.self,
    // Security and hygiene
    SecurityGroupIngressRule.self,
    KMSKeyRotationRule.self,
    RequiredTagsRule.self,
    LogGroupRetentionRule.self,
    BucketPublicAccessBlockRule.self,
  ]

  /// The descriptions of every rule, in the order of `all`.
  public static var rules: [RuleDescription] { all.map { $0.description } }

  /// The rule with `id`.
  public static func rule(_ id: String) -> (any LintRule.Type)? {
    all.first { $0.description.id == id }
  }
}
