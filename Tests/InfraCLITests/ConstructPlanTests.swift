import Foundation
@testable import InfraCLI
import InfraKit
@testable import CheckPlan
import InfraTestSupport
import Testing

/// Each production construct, in a stack of its own, planned by Terraform with the AWS provider
/// and mock credentials: the plan must succeed and create exactly the resources synthesized.
@Suite struct ConstructPlanTests {
  static let stacks: [String: @Sendable () -> Stack] = [
    "network-production": {
      Stack("network-production", environment: .production, region: .euWest1) {
        Network(
          "core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
          endpoints: [.s3, .ecr, .sts, .logs])
      }
    },
    "network-development": {
      Stack("network-development", environment: .development, region: .euWest1) {
        Network(
          "core", cidr: "10.10.0.0/20", zones: ["eu-west-1a", "eu-west-1b"],
          tiers: [.public, .private, SubnetTier("payments", routing: .isolated, prefixLength: 27)])
      }
    },
    "network-dual-stack": {
      Stack("network-dual-stack", environment: .staging, region: .euWest1) {
        // docs/constructs/network.md shows these lines.
        Network("core", cidr: "10.40.0.0/16", zones: ["eu-west-1a", "eu-west-1b"], ipv6: true)
      }
    },
    "cluster-production": {
      Stack("cluster-production", environment: .production, region: .euWest1) {
        // docs/constructs/cluster.md shows these lines.
        let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
        Cluster("main", network: network) {
          Access.admins(["arn:aws:iam::111122223333:role/platform-admins"])
          Access.viewers(["arn:aws:iam::111122223333:role/support"])
          Access.namespace("payments", edit: ["arn:aws:iam::111122223333:role/payments-devs"])
          NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
          NodePool("memory", instanceTypes: ["r6i.xlarge"], size: 0...6, capacity: .spot)
          NodePool("gpu", instanceTypes: ["g5.xlarge"], size: 0...4, accelerator: .nvidia)
        }
      }
    },
    "cluster-rotation": {
      Stack("cluster-rotation", environment: .staging, region: .euWest1) {
        let network = Network("core", cidr: "10.30.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
        Cluster("main", network: network) {
          // docs/constructs/cluster.md shows these lines: the first change of a rotation.
          NodePool(
            "general", instanceTypes: ["m7i.large"], size: 3...9, generation: "green",
            retiring: .original(instanceTypes: ["m6i.large"]))
          NodePool(
            "gpu", instanceTypes: ["g6.xlarge"], size: 0...4, accelerator: .nvidia, generation: "blue",
            retiring: .generation("green", instanceTypes: ["g5.xlarge"]))
        }
      }
    },
    "cluster-training": {
      Stack("cluster-training", environment: .production, region: .euWest1) {
        let network = Network("core", cidr: "10.60.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
        let volumeKey = AwsKmsKey("volume-key", description: "EBS volumes", enableKeyRotation: true)
        Cluster("main", version: "1.31", network: network, volumeKeyArn: volumeKey.arn) {
          Access.admins(["arn:aws:iam::111122223333:role/platform-admins"])
          NodePool("system", instanceTypes: ["m7g.large"], size: 3...6, amiType: .bottlerocketARM)
          // docs/constructs/cluster.md shows these lines.
          NodePool(
            "training", instanceTypes: ["p5.48xlarge"], size: 0...4, accelerator: .nvidia, efa: true,
            zone: "eu-west-1b")
          NodePool(
            "burst", instanceTypes: ["p5.48xlarge"], size: 0...2, amiType: .bottlerocketx86NVIDIA, accelerator: .nvidia, efa: true,
            zone: "eu-west-1c", reservation: .capacityBlock("cr-0123456789abcdef0"))
          NodePool(
            "inference", instanceTypes: ["g6.xlarge"], size: 0...4, accelerator: .nvidia,
            reservation: .reservationGroup("arn:aws:resource-groups:eu-west-1:111122223333:group/inference"))
        }
      }
    },
    "cluster-addons": {
      Stack("cluster-addons", environment: .production, region: .euWest1) {
        let network = Network("core", cidr: "10.50.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
        // docs/constructs/cluster.md shows these lines.
        Cluster("main", network: network, addons: [
          .init("vpc-cni", prefixDelegation: .init(warmPrefixTarget: 1), securityGroupsForPods: true),
          .init("coredns", version: "v1.11.3-eksbuild.2", replicas: 3),
          .init("kube-proxy"), .init("eks-pod-identity-agent"),
          .init("aws-ebs-csi-driver", configuration: ["controller": ["replicaCount": 3]]),
        ]) {
          NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
        }
        // A customer key for node and PersistentVolume volumes: the EBS CSI driver's role may use it.
        let volumeKey = AwsKmsKey("volume-key", description: "EBS volumes", enableKeyRotation: true)
        Cluster("volumes", network: network, volumeKeyArn: volumeKey.arn) {
          NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
        }
      }
    },
    "cluster-autoscaling": {
      Stack("cluster-autoscaling", environment: .production, region: .euWest1) {
        let network = Network("core", cidr: "10.60.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
        // docs/constructs/cluster.md shows these lines.
        Cluster("main", network: network, autoscaling: .karpenter()) {
          NodePool("system", instanceTypes: ["m6i.large"], size: 2...3)
        }
        Cluster("batch", network: network, autoscaling: .clusterAutoscaler()) {
          NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
          NodePool("gpu", instanceTypes: ["g5.xlarge"], size: 0...4, accelerator: .nvidia)
        }
        // A cluster without pools: Karpenter's controller gets two nodes of its own.
        Cluster("bare", network: network, autoscaling: .karpenter())
      }
    },
    "edge-production": {
      Stack("edge-production", environment: .production, region: .euWest1) {
        let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
        let certificate: Value<String> = "arn:aws:acm:eu-west-1:111122223333:certificate/0e5b9f4c-3f4a-4c55-9a7e-7d1c2f6a1b2c"
        // docs/constructs/load-balancer.md shows these lines.
        LoadBalancer(
          "web", scheme: .internetFacing, network: network, certificateArn: certificate,
          targets: [.init("app", port: 8080, healthCheckPath: "/healthz")],
          firewall: WebFirewall(
            managedRules: WebFirewall.ManagedRuleGroup.standard + [.sqlDatabase], rateLimit: 2000,
            blocked: ["198.51.100.0/24"]))
        NetworkLoadBalancer(
          "ingest", scheme: .internetFacing, network: network,
          listeners: [.init("mqtt", port: 8883, protocol: .tls(certificateArn: certificate), targetPort: 1883)],
          allow: ["203.0.113.0/24"])
        NetworkLoadBalancer(
          "postgres-proxy", scheme: .internal, network: network,
          listeners: [.init("postgres", port: 5432)])
      }
    },
    "load-balancer-to-pods": {
      Stack("load-balancer-to-pods", environment: .production, region: .euWest1) {
        let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
        let cluster = Cluster("main", network: network) {
          NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
        }
        // docs/constructs/load-balancer.md shows these lines.
        let web = LoadBalancer(
          "web", scheme: .internetFacing, network: network, cluster: cluster,
          domain: .zone("dev.example.com"),
          allow: ["203.0.113.0/24"],
          targets: [.init("app", port: 8080, healthCheckPath: "/healthz", hosts: ["app.dev.example.com"])])
        Output("app_target_group_arn", value: web.targetGroupArn("app"))
      }
    },
    "load-balancer-domains": {
      Stack("load-balancer-domains", environment: .staging, region: .euWest1) {
        let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
        let cluster = Cluster("main", network: network) {
          NodePool("general", instanceTypes: ["m6i.large"], size: 2...4)
        }
        // docs/constructs/load-balancer.md shows these lines.
        LoadBalancer("dev", scheme: .internetFacing, network: network, cluster: cluster,
                     domain: .zone("dev.example.com"),
                     targets: [.init("app", port: 8080, hosts: ["app.dev.example.com"])])
        LoadBalancer("prod", scheme: .internetFacing, network: network, cluster: cluster,
                     domain: .existingZone(id: "Z0123456789ABCDEFGHIJ", name: "example.com", names: ["*.example.com"]),
                     targets: [.init("app", port: 8080, hosts: ["app.example.com"])])
      }
    },
    "databases-staging": {
      Stack("databases-staging", environment: .staging, region: .euWest1) {
        let network = Network("core", cidr: "10.20.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
        let cluster = Cluster("main", network: network, podSecurityGroups: true) {
          NodePool("general", instanceTypes: ["m6i.large"], size: 2...4)
        }
        // docs/constructs/database.md shows this loop.
        for tenant in ["acme", "globex"] {
          let database = Database("tenant-\(tenant)", engine: .postgres("16"), network: network)
          Tenant(tenant, cluster: cluster, database: database)
        }
        Database("ledger", engine: .mysql("8.0"), network: network, multiAZ: true)
      }
    },
    "tenants-production": {
      Stack("tenants-production", environment: .production, region: .euWest1) {
        // docs/constructs/tenants.md shows these lines.
        let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"], endpoints: [.s3, .ecr, .sts, .logs])
        let cluster = Cluster("main", network: network, podSecurityGroups: true) {
          Access.namespace("acme", edit: ["arn:aws:iam::111122223333:role/acme-developers"])
          Access.namespace("acme", group: "acme-deployers", clusterRole: "edit", to: ["arn:aws:iam::111122223333:role/acme-ci"])
          NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
        }
        WorkloadIdentity.externalSecrets(cluster: cluster)   // optional: the database secret as a Kubernetes Secret
        let database = Database("tenant-acme", engine: .postgres("16"), network: network)   // allowFrom: nobody
        let acme = Tenant("acme", cluster: cluster, database: database)
        Output("acme_pod_security_group_id", value: acme.podSecurityGroupID)
        Output("acme_role_arn", value: acme.roleArn)
      }
    },
    "aurora-production": {
      Stack("aurora-production", environment: .production, region: .euWest1) {
        let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
        // docs/constructs/database.md shows these lines.
        AuroraCluster("ledger", engine: .postgres("16.4"), network: network)
        AuroraCluster("sessions", engine: .mysql("8.0.mysql_aurora.3.08.0"), network: network)
        let recovery = AWSProvider(region: .euCentral1, alias: "recovery")
        Database("orders", engine: .postgres("16"), network: network, replicateBackupsTo: recovery)
      }
    },
    "databases-monitored": {
      Stack("databases-monitored", environment: .production, region: .euWest1) {
        let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
        // docs/constructs/database.md shows these lines.
        Database("orders", engine: .postgres("16"), network: network, enhancedMonitoringInterval: 60)
        AuroraCluster("ledger", engine: .postgres("16.4"), network: network, enhancedMonitoringInterval: 30)
      }
    },
    "platform-production": {
      Stack("platform-production", environment: .production, region: .euWest1) {
        let network = Network(
          "core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
          endpoints: [.s3, .ecr, .sts])
        let cluster = Cluster("main", network: network) {
          Access.admins(["arn:aws:iam::111122223333:role/platform-admins"])
          NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
          NodePool("gpu", instanceTypes: ["g5.xlarge"], size: 0...4, accelerator: .nvidia)
        }
        // docs/constructs/load-balancer.md shows these lines.
        LoadBalancer(
          "web", scheme: .internetFacing, network: network,
          certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/0e5b9f4c-3f4a-4c55-9a7e-7d1c2f6a1b2c",
          allow: ["203.0.113.0/24"],
          targets: [.init("app", port: 8080, healthCheckPath: "/healthz", hosts: ["app.example.com"])])
        let databases = ["acme", "globex", "initech"].map { tenant in
          Database("tenant-\(tenant)", engine: .postgres("16"), network: network, allowFrom: [.cluster(cluster)])
        }
        // docs/constructs/database.md shows these lines.
        let recovery = AWSProvider(region: .euCentral1, alias: "recovery")
        BackupPlan("databases", resources: databases.map(\.arn), copyTo: recovery)
      }
    },
  ]

  static let names = [
    "network-production", "network-development", "network-dual-stack", "cluster-production", "cluster-rotation", "cluster-training", "cluster-addons", "cluster-autoscaling", "edge-production", "databases-staging",
    "tenants-production", "aurora-production", "databases-monitored", "platform-production", "load-balancer-to-pods",
    "load-balancer-domains",
  ]

  @Test(arguments: names)
  func matchesItsReviewedSnapshot(name: String) throws {
    let synthesized = try Self.stacks[name]!().synthesize()
    assertSnapshot(synthesized.configuration.json(), named: "\(name).tf.json")
  }

  @Test(
    .enabled(
      if: terraformExecutable != nil && providerMirror != nil,
      "Terraform or the provider mirror is missing: SKIPPED planning each construct with Terraform"),
    arguments: names)
  func plansWithTerraform(name: String) throws {
    let synthesized = try Self.stacks[name]!().synthesize()
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    _ = try StackWriter(outputDirectory: directory).write([(name, synthesized.configuration.json())])
    let runner = TerraformRunner(executable: terraformExecutable!, pluginDirectory: providerMirror)
    let outcome = try runner.check(synthesized, plan: true, in: "\(directory)/\(name)")
    #expect(outcome.passed, "\(outcome.failureOutput ?? "")")
    let count = synthesized.configuration.resources.count
    #expect(outcome.summary.last == "terraform plan: Plan: \(count) to add, 0 to change, 0 to destroy.")
  }

  /// The retiring generation's taint is the mark check-plan accepts the later removal by.
  @Test func checkPlanKnowsTheTaintOfARetiringGeneration() throws {
    let configuration = try Self.stacks["cluster-rotation"]!().synthesize().configuration
    let retiring = try #require(configuration.resources.first { $0.name == "main_pool_general" })
    #expect(retiring.body.blocks("taint").map { $0["key"] } == [.string(NodePoolRetiredCheck.retiringTaintKey)])
  }

  @Test(arguments: ["cluster", "database", "load-balancer", "tenants"])
  func theConstructPageShowsTheStackPlannedHere(page name: String) throws {
    let page = try String(contentsOfFile: repositoryRoot + "/docs/constructs/\(name).md", encoding: .utf8)
    let source = try String(contentsOfFile: #filePath, encoding: .utf8)
    let examples = page.components(separatedBy: "```swift\n").dropFirst().compactMap { $0.components(separatedBy: "```").first }
    #expect(!examples.isEmpty)
    for line in examples.flatMap({ $0.split(separator: "\n") }) where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
      #expect(source.contains(line.trimmingCharacters(in: .whitespaces)), "docs/constructs/\(name).md line not in this test: \(line)")
    }
  }
}
