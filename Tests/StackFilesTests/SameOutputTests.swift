import InfraKit
import InfraTestSupport
import StackFiles
import Testing

/// A stack file and the Swift stack that describe the same platform compile to the same bytes:
/// the YAML front end creates the very constructs a Swift stack creates.
@Suite struct SameOutputTests {
  /// stacks/prod-eu-west-1.yaml (with the bases it extends) written in Swift.
  static func productionInIreland() -> Stack {
    Stack("prod-eu-west-1", environment: .production, region: .euWest1, account: "111122223333",
      backend: .s3(bucket: "example-platform-terraform-state", key: "prod-eu-west-1/terraform.tfstate", region: "eu-west-1"),
      defaultTags: ["Environment": "production"]
    ) {
      let network = Network(
        "core", cidr: "10.20.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
        tiers: SubnetTier.standard + [SubnetTier("payments", routing: .isolated)], endpoints: [.s3, .ecr, .sts, .logs])
      let tenants = ["acme", "globex", "initech"]
      let addons: [Cluster.Addon] = [
        .init("vpc-cni", prefixDelegation: .init()), .init("coredns", replicas: 3), .init("kube-proxy"),
        .init("eks-pod-identity-agent"), .init("aws-ebs-csi-driver"),
      ]
      let cluster = Cluster(
        "main", version: "1.35", network: network, addons: addons, podSecurityGroups: true, autoscaling: .karpenter()
      ) {
        Access.admins(["arn:aws:iam::111122223333:role/platform-admins"])
        Access.viewers(["arn:aws:iam::111122223333:role/platform-support"])
        Access.namespace("acme", edit: ["arn:aws:iam::111122223333:role/acme-developers"])
        Access.namespace("globex", edit: ["arn:aws:iam::111122223333:role/globex-developers"])
        Access.namespace("globex", view: ["arn:aws:iam::111122223333:role/globex-auditors"])
        Access.namespace("globex", group: "globex-deployers", clusterRole: "edit", to: ["arn:aws:iam::111122223333:role/globex-deploy"])
        Access.namespace("initech", edit: ["arn:aws:iam::111122223333:role/initech-developers"])
        NodePool("general", instanceTypes: ["m6i.xlarge"], size: 3...12)
        NodePool("memory", instanceTypes: ["r6i.xlarge"], size: 1...6, labels: ["workload": "memory"])
        NodePool("gpu", instanceTypes: ["g5.xlarge"], size: 0...4, accelerator: .nvidia)
      }
      Output(
        "karpenter-controller-role-arn", value: cluster.autoscalerRoleArn,
        description: "The role kube-system/karpenter gets through EKS Pod Identity")
      Output("karpenter-queue-name", value: cluster.karpenterQueueName, description: "Karpenter's interruption queue, its settings.interruptionQueue")
      Output("karpenter-node-role-name", value: cluster.karpenterNodeRoleName, description: "The role of Karpenter's nodes, an EC2NodeClass's role")
      Output("karpenter-node-role-arn", value: cluster.karpenterNodeRoleArn, description: "The ARN of the role of Karpenter's nodes")
      Output(
        "karpenter-instance-profile-name", value: cluster.karpenterInstanceProfileName,
        description: "The instance profile of Karpenter's nodes, an EC2NodeClass's instanceProfile")
      let web = LoadBalancer(
        "web", scheme: .internetFacing, network: network, cluster: cluster,
        domain: .existingZone(id: "Z04517273EXAMPLE0PROD", name: "example.com"),
        allow: ["203.0.113.0/24", "198.51.100.0/24"],
        targets: [.init("app", port: 8080, healthCheckPath: "/healthz", hosts: ["app.eu-west-1.example.com"])])
      Output(
        "web-app-target-group-arn", value: web.targetGroupArn("app"),
        description: "The target group of app behind load balancer web, for a TargetGroupBinding")
      WorkloadIdentity.loadBalancerController(cluster: cluster, targetGroupArns: [web.targetGroupArn("app")])
      WorkloadIdentity.certManager(cluster: cluster, zoneIDs: [web.hostedZoneID].compactMap { $0 })
      let ledger = Database(
        "ledger", engine: .postgres("16"), network: network, instanceClass: "db.r6g.large",
        tier: "payments", allowFrom: [.cluster(cluster)])
      let tenantDatabases = tenants.map { tenant in
        let database = Database(
          "tenant-\(tenant)", engine: .postgres("16"), network: network,
          instanceClass: "db.t4g.medium", storageGiB: tenant == "initech" ? 100 : 20)
        let built = Tenant(tenant, cluster: cluster, database: database, serviceAccount: tenant == "globex" ? "globex-api" : "app")
        _ = Output("tenant-\(tenant)-pod-security-group-id", value: built.podSecurityGroupID, description: "The security group of tenant \(tenant)'s pods, for its SecurityGroupPolicy")
        _ = Output("tenant-\(tenant)-role-arn", value: built.roleArn, description: "The role the pods of \(tenant)/\(built.serviceAccount) get through EKS Pod Identity")
        _ = Output("tenant-\(tenant)-database-endpoint", value: built.databaseEndpoint, description: "Where tenant \(tenant)'s applications connect to its database")
        _ = Output("tenant-\(tenant)-database-secret-arn", value: built.databaseSecretArn, description: "The secret of the master user of tenant \(tenant)'s database")
        return database
      }
      let frankfurt = AWSProvider(region: .euCentral1, alias: "eu_central_1")
      BackupPlan(
        "databases", resources: ([ledger] + tenantDatabases).map(\.arn),
        retentionDays: 35, copyTo: frankfurt)
      Observability(pagerDuty: .variable("pagerduty_url"))
    }
  }

  @Test func theShippedProductionStackFileAndItsSwiftTwinWriteTheSameBytes() throws {
    let fromYAML = try #require(try StackFiles.stacks(files: [repositoryRoot + "/stacks/prod-eu-west-1.yaml"]).first)
    let yamlBytes = try fromYAML.synthesize().json()
    let swiftBytes = try Self.productionInIreland().synthesize().json()
    #expect(yamlBytes == swiftBytes, "\(firstDifference(String(decoding: swiftBytes, as: UTF8.self), String(decoding: yamlBytes, as: UTF8.self)))")
    #expect(yamlBytes.count > 60_000, "the whole platform was compiled")
  }

  /// examples/stack-files/edge-services.yaml written in Swift: IPv6, a firewall, a network load
  /// balancer, and an Aurora cluster with enhanced monitoring and AWS Backup.
  static func edgeServices() -> Stack {
    Stack("edge-services", environment: .production, region: .euWest1, defaultTags: ["Environment": "production"]) {
      let network = Network(
        "core", cidr: "10.80.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"], ipv6: true)
      let cluster = Cluster("main", network: network) {
        Access.admins(["arn:aws:iam::111122223333:role/platform-admins"])
        NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
      }
      let certificate: Value<String> = "arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
      let web = LoadBalancer(
        "web", scheme: .internetFacing, network: network, cluster: cluster, certificateArn: certificate,
        targets: [.init("app", port: 8080, healthCheckPath: "/healthz")],
        firewall: WebFirewall(
          managedRules: WebFirewall.ManagedRuleGroup.standard + [.init("AWSManagedRulesSQLiRuleSet", countOnly: ["SQLi_BODY"])],
          rateLimit: 2000))
      Output(
        "web-app-target-group-arn", value: web.targetGroupArn("app"),
        description: "The target group of app behind load balancer web, for a TargetGroupBinding")
      let devices = NetworkLoadBalancer(
        "devices", scheme: .internetFacing, network: network, cluster: cluster,
        listeners: [.init("mqtt", port: 8883, protocol: .tls(certificateArn: certificate), targetPort: 1883)])
      Output(
        "devices-mqtt-target-group-arn", value: devices.targetGroupArn("mqtt"),
        description: "The target group of mqtt behind load balancer devices, for a TargetGroupBinding")
      WorkloadIdentity.loadBalancerController(cluster: cluster, targetGroupArns: [web.targetGroupArn("app"), devices.targetGroupArn("mqtt")])
      let telemetry = AuroraCluster(
        "telemetry", engine: .postgres("16.4"), network: network, allowFrom: [.cluster(cluster)],
        enhancedMonitoringInterval: 30)
      let frankfurt = AWSProvider(region: .euCentral1, alias: "eu_central_1")
      BackupPlan("databases", resources: [telemetry.arn], copyTo: frankfurt)
      Observability(email: ["platform-team@example.com"])
    }
  }

  /// examples/stack-files/rotating-node-pool.yaml written in Swift.
  static func rotatingNodePool() -> Stack {
    Stack("rotating-node-pool", environment: .production, region: .euWest1, defaultTags: ["Environment": "production"]) {
      let network = Network("core", cidr: "10.90.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      Cluster("main", network: network) {
        Access.admins(["arn:aws:iam::111122223333:role/platform-admins"])
        NodePool(
          "general", instanceTypes: ["m7i.large"], size: 3...9, generation: "green", retiring: .original(instanceTypes: ["m6i.large"]))
      }
      Observability(email: ["platform-team@example.com"])
    }
  }

  @Test(arguments: [("edge-services", edgeServices), ("rotating-node-pool", rotatingNodePool)])
  func anExampleStackFileAndItsSwiftTwinWriteTheSameBytes(name: String, twin: @Sendable () -> Stack) throws {
    let fromYAML = try #require(try StackFiles.stacks(files: [repositoryRoot + "/examples/stack-files/\(name).yaml"]).first)
    let yamlBytes = try fromYAML.synthesize().json()
    let swiftBytes = try twin().synthesize().json()
    #expect(yamlBytes == swiftBytes, "\(firstDifference(String(decoding: swiftBytes, as: UTF8.self), String(decoding: yamlBytes, as: UTF8.self)))")
  }

  @Test func aDatabaseReplicatingItsBackupsAndTheBackupCopyShareTheSecondRegionsProvider() throws {
    let folder = try StackFolder([
      "stack.yaml": minimalStack + """
        databases:
          - name: orders
            engine: postgres
            version: "16"
            replicateBackupsTo: eu-central-1
            enhancedMonitoringInterval: 60
        backup:
          copyTo: eu-central-1

        """
    ])
    let fromYAML = try #require(try folder.stacks().first)
    let twin = Stack("stack", environment: .production, region: .euWest1, defaultTags: ["Environment": "production"]) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      let frankfurt = AWSProvider(region: .euCentral1, alias: "eu_central_1")
      let orders = Database(
        "orders", engine: .postgres("16"), network: network, enhancedMonitoringInterval: 60,
        replicateBackupsTo: frankfurt)
      BackupPlan("databases", resources: [orders.arn], copyTo: frankfurt)
      // A production stack file is watched without saying so.
      Observability()
    }
    let yamlBytes = try fromYAML.synthesize().json()
    let swiftBytes = try twin.synthesize().json()
    #expect(yamlBytes == swiftBytes, "\(firstDifference(String(decoding: swiftBytes, as: UTF8.self), String(decoding: yamlBytes, as: UTF8.self)))")
    #expect(String(decoding: yamlBytes, as: UTF8.self).contains(#""aws_db_instance_automated_backups_replication""#))
  }
}
