import InfraKit
import Testing

/// A construct whose settings are rejected creates nothing, and every output it has can still be
/// read: the stack reports the construct's own error at the line that created it, and a note at
/// each line that used one of its outputs. Nothing traps.
@Suite struct RejectedConstructTests {
  private static let file = "Tests/InfraKitTests/RejectedConstructTests.swift"

  /// The errors and notes of `stack`, as printed.
  private func diagnostics(_ stack: Stack) -> [String] {
    do {
      _ = try stack.synthesize()
      return []
    } catch {
      return error.diagnostics.map(\.description)
    }
  }

  private func note(_ line: Int, _ output: String, _ reference: String, of construct: String, at constructLine: Int, column: Int)
    -> String
  {
    "\(Self.file):\(line):13: note: 'probe/\(output)' refers to '\(reference)', which 'probe/\(construct)' (at \(Self.file):\(constructLine):\(column)) did not create: its settings, or those of what it builds on, were rejected; fix the errors above [reference-to-rejected-construct]"
  }

  @Test func aNetworkWithABadBlock() {
    let line = #line + 2
    let stack = Stack("probe", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/33", zones: ["eu-west-1a", "eu-west-1b"])
      Output("vpc_id", value: network.vpcID)
      Output("private_subnet_ids", value: Value<[String]>(network.subnetIDs(.private)))
    }
    #expect(diagnostics(stack) == [
      "\(Self.file):\(line):28: error: network 'core': '10.0.0.0/33' is not an IPv4 CIDR block such as 10.0.0.0/16; write the VPC block as 10.0.0.0/16 [invalid-cidr]",
      note(line + 1, "vpc_id", "aws_vpc.core_vpc", of: "core", at: line, column: 28),
    ])
  }

  @Test func aClusterOfAVersionEKSDoesNotName() {
    let line = #line + 3
    let stack = Stack("probe", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      let cluster = Cluster("main", version: "v1.31", network: network)
      Output("name", value: cluster.name)
      Output("arn", value: cluster.arn)
      Output("endpoint", value: cluster.endpoint)
      Output("security_group", value: cluster.securityGroupID)
      Output("oidc", value: cluster.oidcProviderArn)
    }
    #expect(diagnostics(stack) == [
      "\(Self.file):\(line):28: error: cluster 'main': 'v1.31' is not a Kubernetes version as EKS names them; write the major and minor version, e.g. \"1.31\" [invalid-kubernetes-version]",
      note(line + 1, "name", "aws_eks_cluster.main_cluster", of: "main", at: line, column: 28),
      note(line + 2, "arn", "aws_eks_cluster.main_cluster", of: "main", at: line, column: 28),
      note(line + 3, "endpoint", "aws_eks_cluster.main_cluster", of: "main", at: line, column: 28),
      note(line + 4, "security_group", "aws_eks_cluster.main_cluster", of: "main", at: line, column: 28),
      note(line + 5, "oidc", "aws_iam_openid_connect_provider.main_oidc_provider", of: "main", at: line, column: 28),
    ])
  }

  @Test func aDatabaseTooSmallAndOneThatAllowsARejectedCluster() {
    let line = #line + 3
    let stack = Stack("probe", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      let small = Database("small", engine: .postgres("16"), network: network, storageGiB: 10)
      let cluster = Cluster("main", version: "1.31", network: network, publicAccessCIDRs: ["0.0.0.0/0"])
      let orders = Database("orders", engine: .postgres("16"), network: network, allowFrom: [.cluster(cluster)])
      Output("arn", value: small.arn)
      Output("endpoint", value: small.endpoint)
      Output("address", value: small.address)
      Output("secret", value: small.masterUserSecretArn)
      Output("security_group", value: small.securityGroupID)
      Output("orders_endpoint", value: orders.endpoint)
      BackupPlan("databases", resources: [small.arn, orders.arn])
    }
    #expect(diagnostics(stack) == [
      "\(Self.file):\(line):27: error: database 'small' has 10 GiB growing to 50 GiB; give at least 20 GiB, and a maximum no smaller than the start [database-storage]",
      "\(Self.file):\(line + 1):28: error: cluster 'main' opens its API endpoint to the whole internet (0.0.0.0/0); allow-list your offices' and CI's addresses, or keep the endpoint private [public-endpoint-open]",
      note(line + 3, "arn", "aws_db_instance.small_instance", of: "small", at: line, column: 27),
      note(line + 4, "endpoint", "aws_db_instance.small_instance", of: "small", at: line, column: 27),
      note(line + 5, "address", "aws_db_instance.small_instance", of: "small", at: line, column: 27),
      note(line + 6, "secret", "aws_db_instance.small_instance", of: "small", at: line, column: 27),
      note(line + 7, "security_group", "aws_security_group.small_security_group", of: "small", at: line, column: 27),
      note(line + 8, "orders_endpoint", "aws_db_instance.orders_instance", of: "orders", at: line + 2, column: 28),
      "\(Self.file):\(line + 9):17: note: 'probe/databases/selection' refers to 'aws_db_instance.small_instance', which 'probe/small' (at \(Self.file):\(line):27) did not create: its settings, or those of what it builds on, were rejected; fix the errors above [reference-to-rejected-construct]",
      "\(Self.file):\(line + 9):17: note: 'probe/databases/selection' refers to 'aws_db_instance.orders_instance', which 'probe/orders' (at \(Self.file):\(line + 2):28) did not create: its settings, or those of what it builds on, were rejected; fix the errors above [reference-to-rejected-construct]",
    ])
  }

  @Test func anAuroraClusterWithNoInstances() {
    let line = #line + 3
    let stack = Stack("probe", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      let aurora = AuroraCluster("ledger", engine: .postgres("16.4"), network: network, instances: 0)
      Output("arn", value: aurora.arn)
      Output("endpoint", value: aurora.endpoint)
      Output("readers", value: aurora.readerEndpoint)
      Output("security_group", value: aurora.securityGroupID)
    }
    #expect(diagnostics(stack) == [
      "\(Self.file):\(line):33: error: Aurora cluster 'ledger' has 0 instances; Aurora allows 1 to 16; use 2 or more in production [aurora-instances]",
      note(line + 1, "arn", "aws_rds_cluster.ledger_cluster", of: "ledger", at: line, column: 33),
      note(line + 2, "endpoint", "aws_rds_cluster.ledger_cluster", of: "ledger", at: line, column: 33),
      note(line + 3, "readers", "aws_rds_cluster.ledger_cluster", of: "ledger", at: line, column: 33),
      note(line + 4, "security_group", "aws_security_group.ledger_security_group", of: "ledger", at: line, column: 33),
    ])
  }

  @Test func loadBalancersThatCannotWork() {
    let line = #line + 3
    let stack = Stack("probe", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      let web = LoadBalancer(
        "web", scheme: .internetFacing, network: network, certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/x",
        targets: [.init("app", port: 0)])
      let ingest = NetworkLoadBalancer("ingest", scheme: .internal, network: network, listeners: [])
      for (name, balancer) in [("web", (web.dnsName, web.zoneID, web.arn, web.securityGroupID)), ("ingest", (ingest.dnsName, ingest.zoneID, ingest.arn, ingest.securityGroupID))] {
        Output("\(name)_dns", value: balancer.0)
        Output("\(name)_zone", value: balancer.1)
        Output("\(name)_arn", value: balancer.2)
        Output("\(name)_security_group", value: balancer.3)
      }
    }
    let found = diagnostics(stack)
    #expect(found.filter { $0.contains(": error: ") } == [
      "\(Self.file):\(line):29: error: target 'app' has port 0; use a port from 1 to 65535 [target-port]",
      "\(Self.file):\(line + 3):39: error: network load balancer 'ingest' has no listeners; add one, e.g. listeners: [.init(\"app\", port: 443)] [load-balancer-listeners]",
    ])
    #expect(found.filter { $0.contains(": note: ") }.count == 8)
  }

  @Test func aBackupPlanOfNothing() {
    let line = #line + 2
    let stack = Stack("probe", environment: .production, region: .euWest1) {
      let plan = BackupPlan("databases", resources: [])
      Output("vault", value: plan.vaultArn)
    }
    #expect(diagnostics(stack) == [
      "\(Self.file):\(line):28: error: backup plan 'databases' names no resources; pass the ARNs of what to back up [backup-nothing-selected]",
      note(line + 1, "vault", "aws_backup_vault.databases_primary_vault", of: "databases", at: line, column: 28),
    ])
  }

  @Test func aConstructInAStackThatSaysNoEnvironment() {
    let line = #line + 3
    let stack = Stack("probe", terraform: .aws()) {
      AWSProvider(region: .euWest1)
      Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
    }
    #expect(diagnostics(stack) == [
      "\(Self.file):\(line):14: error: 'probe/core' is in the stack 'probe', which says no environment; create the stack with one, e.g. Stack(\"probe\", environment: .production, region: .euWest1) [stack-without-environment]"
    ])
  }

  @Test func endpointsNeedTheRegion() {
    let line = #line + 3
    let stack = Stack("probe", environment: .staging, terraform: .aws()) {
      Provider("aws", ["region": "ap-southeast-2"])
      Network("core", cidr: "10.0.0.0/16", zones: ["ap-southeast-2a", "ap-southeast-2b"], endpoints: [.s3])
    }
    #expect(diagnostics(stack) == [
      "\(Self.file):\(line):14: error: network 'core' has VPC endpoints, whose service names need the region, but its provider configuration names none; create the stack with Stack(_:environment:region:), or give the network an AWSProvider [unknown-region]"
    ])
  }

  @Test func aReferenceIntoAnEmptyGroupOfYourOwnIsStillAnUnknownReference() {
    let line = #line + 3
    let stack = Stack("probe", environment: .production, region: .euWest1) {
      Construct("apps")
      Output("vpc_id", value: Value<String>(Reference.resource(type: "aws_vpc", name: "apps_vpc").attribute("id")))
    }
    #expect(diagnostics(stack) == [
      "\(Self.file):\(line):13: error: 'probe/vpc_id' refers to 'aws_vpc.apps_vpc', which is not part of the stack 'probe'; create it in this stack, or pass its value in through a variable [unknown-reference]"
    ])
  }
}
