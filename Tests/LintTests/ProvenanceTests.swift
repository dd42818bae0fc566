import InfraKit
import InfraLint
import Testing

/// Findings point at the line the author wrote: a raw resource's own line, a production
/// construct's call site, a node pool's line inside its cluster.
@Suite struct ProvenanceTests {
  static let file = #filePath

  private func findings(_ stack: Stack, rules: [any LintRule.Type] = LintRules.all) throws -> [LintFinding] {
    try Linter(rules: rules).lint(stack.synthesize()).findings
  }

  @Test func aRawResourceIsFoundAtItsOwnLine() throws {
    let line = #line + 2
    let stack = Stack("raw", environment: .production, region: .euWest1, defaultTags: ["Environment": "production"]) {
      AwsKmsKey("key", description: "orders")
    }
    let found = try findings(stack, rules: [KMSKeyRotationRule.self])
    #expect(found.map(\.diagnostic.description) == [
      "\(SourceLocation(file: Self.file, line: line, column: 16)): error: aws_kms_key.key does not rotate (enable_key_rotation is not true); set enable_key_rotation = true [kms-key-rotation]"
    ])
    #expect(found.first?.path == "raw/key")
  }

  @Test func aProductionConstructsResourcesAreFoundAtItsCallSite() throws {
    let line = #line + 4
    let stack = Stack("databases", environment: .production, region: .euWest1, defaultTags: ["Environment": "production"]) {
      let network = Network(
        "core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      Database("orders", engine: .postgres("16"), network: network, multiAZ: false)
    }
    let found = try findings(stack, rules: [DatabaseMultiAZRule.self])
    #expect(found.map(\.location) == [SourceLocation(file: Self.file, line: line, column: 15)])
    #expect(found.map(\.address) == ["aws_db_instance.orders_instance"])
    #expect(found.map(\.path) == ["databases/orders/instance"])
  }

  @Test func aNodePoolsResourcesAreFoundAtThePoolsLine() throws {
    let poolLine = #line + 5
    let stack = Stack("cluster", environment: .production, region: .euWest1, defaultTags: ["Environment": "production"]) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      Cluster("main", version: "1.31", network: network) {
        NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
        NodePool("batch", instanceTypes: ["m6i.large"], size: 0...9)
      }
    }
    let found = try findings(stack, rules: [ZoneSpreadRule.self]).filter { $0.address.hasPrefix("aws_eks_node_group") }
    #expect(found.map(\.address) == ["aws_eks_node_group.main_pool_general", "aws_eks_node_group.main_pool_batch"])
    #expect(found.map(\.location) == [
      SourceLocation(file: Self.file, line: poolLine - 1, column: 17), SourceLocation(file: Self.file, line: poolLine, column: 17),
    ])
    #expect(found.first?.message == "aws_eks_node_group.main_pool_general puts nodes in 2 zones (eu-west-1a, eu-west-1b); production needs at least 3")
  }

  @Test func theShippedProductionConstructsLintCleanInProduction() throws {
    let stack = Stack("platform", environment: .production, region: .euWest1, defaultTags: ["Environment": "production"]) {
      let network = Network(
        "core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      let cluster = Cluster("main", network: network) {
        Access.admins(["arn:aws:iam::111122223333:role/platform-admins"])
        NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
        NodePool("gpu", instanceTypes: ["g5.xlarge"], size: 0...4, accelerator: .nvidia)
      }
      LoadBalancer(
        "web", scheme: .internetFacing, network: network,
        certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/abc")
      let database = Database(
        "orders", engine: .postgres("16"), network: network, allowFrom: [.cluster(cluster)])
      BackupPlan(
        "databases", resources: [database.arn],
        copyTo: AWSProvider(region: .euCentral1, alias: "recovery"))
      Observability(pagerDuty: .variable("pagerduty_url"))
    }
    #expect(try findings(stack).map(\.diagnostic.description) == [])
  }
}

/// Rules over the Kubernetes manifests find a tenant's namespace at the tenant's call, and a
/// suppression on the tenant covers them.
extension ProvenanceTests {
  private func tenantStack(podSecurity: Tenant.PodSecurity, suppress: Bool = false) -> (Stack, line: Int) {
    var line = 0
    let stack = Stack("tenants", environment: .production, region: .euWest1, defaultTags: ["Environment": "production"]) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      let cluster = Cluster("main", network: network, podSecurityGroups: true) {
        NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
      }
      let database = Database("tenant-acme", engine: .postgres("16"), network: network)
      line = #line + 1
      let acme = Tenant("acme", cluster: cluster, database: database, podSecurity: podSecurity)
      if suppress { acme.node.suppress("kubernetes-privileged-pod-security", reason: "runs the GPU driver's installer") }
    }
    return (stack, line)
  }

  private static let kubernetesRules: [any LintRule.Type] = [
    KubernetesNamespaceWithoutQuotaRule.self, KubernetesNamespaceWithoutDefaultDenyRule.self,
    KubernetesPrivilegedPodSecurityRule.self,
  ]

  @Test func aTenantsNamespaceIsFoundAtTheTenantsCall() throws {
    let (restricted, _) = tenantStack(podSecurity: .restricted)
    #expect(try findings(restricted, rules: Self.kubernetesRules).isEmpty)
    let (privileged, line) = tenantStack(podSecurity: .privileged)
    let found = try findings(privileged, rules: Self.kubernetesRules)
    #expect(found.map(\.diagnostic.description) == [
      "\(SourceLocation(file: Self.file, line: line, column: 24)): error: Namespace/acme enforces the privileged Pod Security Standard: its pods may run privileged and take over their node; \(KubernetesPrivilegedPodSecurityRule.description.fix) [kubernetes-privileged-pod-security]"
    ])
    #expect(found.map(\.address) == ["Namespace/acme"])
    #expect(found.map(\.path) == ["tenants/acme/kubernetes"])
    #expect(found.first?.isSuppressed == false)
  }

  @Test func aSuppressionOnTheTenantCoversItsNamespace() throws {
    let (stack, _) = tenantStack(podSecurity: .privileged, suppress: true)
    let found = try findings(stack, rules: Self.kubernetesRules)
    #expect(found.map(\.rule.id) == ["kubernetes-privileged-pod-security"])
    #expect(found.first?.suppression?.reason == "runs the GPU driver's installer")
  }
}
