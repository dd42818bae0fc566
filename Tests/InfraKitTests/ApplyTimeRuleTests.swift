import Foundation
import InfraTestSupport
@testable import InfraKit
import Testing

/// One failing case per entry of docs/apply-time-rules.md: a value Terraform's validate and plan
/// accept and AWS refuses at apply time, reported before synthesis at the line that wrote it.
@Suite struct ApplyTimeRuleTests {
  private static let file = "Tests/InfraKitTests/ApplyTimeRuleTests.swift"
  private static let zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  private static let readOnly = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
  private static let certificate = "arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-1234-5678-9abc-def012345678"

  private func at(_ line: Int, _ column: Int) -> String { "\(Self.file):\(line):\(column): error:" }

  /// The errors of a production stack named `name` in eu-west-1 whose body is `body`.
  private func errors(_ name: String = "platform", _ body: @escaping (Network) -> Void) -> [String] {
    synthesisErrors(
      Stack(name, environment: .production, region: .euWest1) {
        body(Network("core", cidr: "10.0.0.0/16", zones: Self.zones))
      })
  }

  // MARK: - CloudWatch Logs

  /// Retention is a type: a number of days CloudWatch Logs does not offer cannot be written in
  /// Swift (stack files: ApplyTimeRuleStackFileTests).
  @Test func logRetentionIsOneOfTheOfferedPeriods() {
    #expect(LogRetention(days: 45) == nil)
    #expect(LogRetention(days: 30) == .oneMonth)
    #expect(LogRetention.offeredDays == "1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653")
  }

  // MARK: - Names

  @Test func rdsIdentifier() {
    let line = #line + 1
    let found = errors { Database("Orders", engine: .postgres("16"), network: $0) }
    #expect(found == [
      "\(at(line, 34)) 'platform/Orders' would give AWS the RDS identifier 'platform-Orders', which has 'O'; RDS identifiers have only lowercase letters, digits and hyphens; rename it or its stack (the name is '<stack>-<id>') so that AWS accepts it [rds-identifier]"
    ])
  }

  @Test func s3BucketName() {
    let line = #line + 2
    let found = errors("xn--shop") {
      LoadBalancer("web", scheme: .internetFacing, network: $0, certificateArn: Self.certificate)
    }
    #expect(found == [
      "\(at(line, 19)) 'xn--shop/web' would give AWS the S3 bucket name prefix 'xn--shop-web-logs-', which starts with 'xn--', which AWS reserves; rename it or its stack (the name is '<stack>-<id>') so that AWS accepts it [s3-bucket-name]"
    ])
  }

  @Test func eksClusterNameAndKMSAlias() {
    let line = #line + 1
    let found = errors("shop.eu") { Cluster("main", network: $0) }
    #expect(found == [
      "\(at(line, 44)) 'shop.eu/main' would give AWS the EKS cluster name 'shop.eu-main', which has '.'; EKS cluster names have only letters, digits, hyphens and underscores; rename it or its stack (the name is '<stack>-<id>') so that AWS accepts it [eks-cluster-name]",
      "\(at(line, 44)) 'shop.eu/main' would give AWS the KMS alias 'alias/eks/shop.eu-main', which has '.'; KMS aliases have only letters, digits, '/', '_' and '-'; rename it or its stack (the name is '<stack>-<id>') so that AWS accepts it [kms-alias-name]",
    ])
  }

  @Test func nodeGroupName() {
    let line = #line + 2
    let found = errors { network in
      Cluster("main", network: network) { NodePool("gpu.a100", instanceTypes: ["p4d.24xlarge"], size: 0...2) }
    }
    #expect(found == [
      "\(at(line, 51)) 'platform/main' would give AWS the EKS node group name prefix 'gpu.a100-', which has '.'; node group names have only letters, digits, hyphens and underscores; rename the pool or the cluster (the node group is named '<pool>-', its launch template '<stack>-<cluster>-<pool>-') so that AWS accepts it [node-group-name]"
    ])
  }

  @Test func launchTemplateName() {
    let cluster = String(repeating: "c", count: 66)
    let pool = String(repeating: "p", count: 30)
    let line = #line + 1
    let found = errors { network in Cluster(cluster, network: network) { NodePool(pool, instanceTypes: ["m7i.large"], size: 1...3) } }
    #expect(found == [
      "\(at(line, 82)) 'platform/\(cluster)' would give AWS the launch template name prefix 'platform-\(cluster)-\(pool)-', which is 107 characters long; the prefix may have at most 102 (AWS's 128 less Terraform's 26-character suffix); rename the pool or the cluster (the node group is named '<pool>-', its launch template '<stack>-<cluster>-<pool>-') so that AWS accepts it [launch-template-name]"
    ])
  }

  @Test func iamRoleName() {
    let line = #line + 4
    let found = errors { network in
      let cluster = Cluster(
        "main", network: network, addons: [Cluster.Addon("eks-pod-identity-agent")]) { NodePool("general", instanceTypes: ["m7i.large"], size: 1...3) }
      WorkloadIdentity("billing api", cluster: cluster, namespace: "billing", serviceAccount: "api", policies: [Self.readOnly])
    }
    #expect(found == [
      "\(at(line, 23)) 'platform/billing api' would give AWS the IAM role name prefix 'platform-billing api-', which has ' '; IAM role names have only letters, digits and + = , . @ _ -; rename it or its stack (the name is '<stack>-<id>') so that AWS accepts it [iam-role-name]"
    ])
  }

  @Test func securityGroupName() {
    let line = #line + 1
    let found = errors("sg") { Database("orders", engine: .postgres("16"), network: $0) }
    #expect(found == [
      "\(at(line, 40)) 'sg/orders' would give AWS the security group name prefix 'sg-orders-', which starts with 'sg-', which AWS reserves; rename it or its stack (the name is '<stack>-<id>') so that AWS accepts it [security-group-name]"
    ])
  }

  @Test func loadBalancerName() {
    let line = #line + 1
    let found = errors { LoadBalancer("_web", scheme: .internetFacing, network: $0, certificateArn: Self.certificate) }
    #expect(found == [
      "\(at(line, 38)) 'platform/_web' would give AWS the load balancer name prefix '_web', which has '_'; load balancer names have only letters, digits and hyphens; rename it or its stack (the name is '<stack>-<id>') so that AWS accepts it [load-balancer-name]"
    ])
  }

  @Test func targetGroupName() {
    let line = #line + 2
    let found = errors {
      LoadBalancer("web", scheme: .internetFacing, network: $0, certificateArn: Self.certificate, targets: [.init("v2.api", port: 8080)])
    }
    #expect(found == [
      "\(at(line, 19)) 'platform/web' would give AWS the target group name prefix 'v2.api', which has '.'; target group names have only letters, digits and hyphens; rename it or its stack (the name is '<stack>-<id>') so that AWS accepts it [target-group-name]"
    ])
  }

  @Test func backupVaultAndPlanNames() {
    let line = #line + 3
    let found = errors { network in
      let orders = Database("orders", engine: .postgres("16"), network: network)
      BackupPlan("nightly-snapshots-of-the-orders-db", resources: [orders.arn])
      BackupPlan("nightly-snapshots-of-every-orders-database", resources: [orders.arn])
    }
    #expect(found == [
      "\(at(line, 17)) 'platform/nightly-snapshots-of-the-orders-db' would give AWS the backup vault name 'platform-nightly-snapshots-of-the-orders-db-primary', which is 51 characters long; the name may have at most 50; rename it or its stack (the name is '<stack>-<id>') so that AWS accepts it [backup-vault-name]",
      "\(at(line + 1, 17)) 'platform/nightly-snapshots-of-every-orders-database' would give AWS the backup plan name 'platform-nightly-snapshots-of-every-orders-database', which is 51 characters long; the name may have at most 50; rename it or its stack (the name is '<stack>-<id>') so that AWS accepts it [backup-plan-name]",
      "\(at(line + 1, 17)) 'platform/nightly-snapshots-of-every-orders-database' would give AWS the backup vault name 'platform-nightly-snapshots-of-every-orders-database-primary', which is 59 characters long; the name may have at most 50; rename it or its stack (the name is '<stack>-<id>') so that AWS accepts it [backup-vault-name]",
    ])
  }

  // MARK: - RDS

  @Test func postgresMajorVersion() {
    let line = #line + 1
    let found = errors { Database("orders", engine: .postgres("11"), network: $0) }
    #expect(found == [
      "\(at(line, 34)) database 'orders' runs PostgreSQL '11', which is not a major version RDS offers (12, 13, 14, 15, 16, 17, 18); give one of them, e.g. \"16\" or \"17.2\" [database-engine-version]"
    ])
  }

  @Test func instanceClassThatDoesNotExist() {
    let line = #line + 1
    let found = errors { Database("orders", engine: .postgres("16"), network: $0, instanceClass: "db.m6i.larg") }
    #expect(found == [
      "\(at(line, 34)) database 'orders': db.m6i.larg is not an RDS instance class infra knows; did you mean db.m6i.large?; use a class such as db.t4g.medium, db.m7g.large or db.r6g.xlarge (docs/apply-time-rules.md lists the families) [database-instance-class]"
    ])
  }

  @Test func instanceClassNewerThanTheMajorVersion() {
    let line = #line + 1
    let found = errors { Database("orders", engine: .postgres("12"), network: $0, instanceClass: "db.m7g.large") }
    #expect(found == [
      "\(at(line, 34)) database 'orders': db.m7g.large runs PostgreSQL 12 on db.m7g, which RDS offers from PostgreSQL 13; use PostgreSQL 13 or later, or an older family such as db.m6g [database-instance-class]"
    ])
  }

  @Test func storagePastWhatGP3Holds() {
    let line = #line + 1
    let found = errors { Database("orders", engine: .postgres("16"), network: $0, maxStorageGiB: 70_000) }
    #expect(found == [
      "\(at(line, 34)) database 'orders' has 20 GiB growing to 70000 GiB; keep within RDS's 65536 GiB of gp3 storage [database-storage]"
    ])
  }

  @Test func backupAndMaintenanceWindows() {
    let line = #line + 2
    let found = errors { network in
      Database("a", engine: .postgres("16"), network: network, backupWindow: "2:00-3:00", maintenanceWindow: "sunday:03:30-sun:04:30")
      Database("b", engine: .postgres("16"), network: network, backupWindow: "02:00-02:15")
      Database("c", engine: .postgres("16"), network: network, backupWindow: "23:30-00:30", maintenanceWindow: "mon:00:00-mon:01:00")
    }
    #expect(found == [
      "\(at(line, 15)) database 'a' has the backup window '2:00-3:00', which is not hh24:mi-hh24:mi in UTC; write it as 02:00-03:00 [database-window]",
      "\(at(line, 15)) database 'a' has the maintenance window 'sunday:03:30-sun:04:30', which is not ddd:hh24:mi-ddd:hh24:mi in UTC; write it as sun:03:30-sun:04:30 [database-window]",
      "\(at(line + 1, 15)) database 'b' has the backup window '02:00-02:15', 15 minutes long; RDS needs at least 30; make it 30 minutes or longer [database-window]",
      "\(at(line + 2, 15)) database 'c' has the backup window '23:30-00:30' overlapping its maintenance window 'mon:00:00-mon:01:00'; move one of them; the defaults are 02:00-03:00 and sun:03:30-sun:04:30 [database-window]",
    ])
  }

  /// Already checked before this catalogue: kept as the one check.
  @Test func backupRetentionAndMonitoringInterval() {
    let line = #line + 1
    let found = errors { Database("orders", engine: .postgres("16"), network: $0, backupRetentionDays: 40, enhancedMonitoringInterval: 20) }
    #expect(found == [
      "\(at(line, 34)) database 'orders' keeps automated backups 40 days; RDS allows 1 to 35; keep them 7 days or more (14 in production) [backup-retention]",
      "\(at(line, 34)) database 'orders' collects enhanced monitoring metrics every 20 seconds, which RDS does not offer; use one of 1, 5, 10, 15, 30, 60 seconds, or 0 for none [database-monitoring-interval]",
    ])
  }

  // MARK: - EKS

  @Test func kubernetesVersionEKSNoLongerRuns() {
    let line = #line + 1
    let found = errors { Cluster("main", version: "1.25", network: $0) }
    #expect(found == [
      "\(at(line, 33)) cluster 'main' runs Kubernetes 1.25, older than every version EKS still runs (1.27 left extended support on 2025-07-24); use a version of EKS's release calendar, such as 1.35 [kubernetes-version-unavailable]"
    ])
  }

  @Test func unknownInstanceType() {
    let line = #line + 2
    let found = errors { network in
      Cluster("main", network: network) { NodePool("gpu", instanceTypes: ["g5x.xlarge"], size: 0...2) }
    }
    #expect(found == [
      "\(at(line, 51)) node pool 'gpu': g5x.xlarge is not an EC2 instance type infra knows; did you mean g5.xlarge?; use a type of a current EC2 family, such as m7i.large, m7g.large or g6.xlarge (docs/apply-time-rules.md lists them) [unknown-instance-type]"
    ])
  }

  /// Already checked before this catalogue: kept as the one check.
  @Test func amiTypeFitsTheArchitectureAndAccelerator() {
    let line = #line + 3
    let found = errors { network in
      Cluster("main", network: network) {
        NodePool("arm", instanceTypes: ["m7g.large"], size: 1...3, amiType: .al2023x86)
        NodePool("gpu", instanceTypes: ["m7i.large"], size: 0...2, amiType: .al2023x86NVIDIA)
      }
    }
    #expect(found == [
      "\(at(line, 17)) node pool 'arm' runs the AMI type AL2023_x86_64_STANDARD, built for x86_64, but m7g.large is arm64 (AWS Graviton); use the AMI type AL2023_ARM_64_STANDARD for arm64 instance types, or give x86_64 instance types [ami-architecture]",
      "\(at(line + 1, 17)) node pool 'gpu' runs the AMI type AL2023_x86_64_NVIDIA, built for NVIDIA GPUs, but m7i.large has none; use AL2023_x86_64_STANDARD for instance types without them, or give instance types with them, such as g5.xlarge [ami-accelerator]",
    ])
  }

  // MARK: - CIDR sizes

  @Test func vpcAndSubnetSizes() {
    let line = #line + 2
    let found = synthesisErrors(Stack("platform", environment: .production, region: .euWest1) {
        Network("wide", cidr: "10.0.0.0/12", zones: Self.zones)
        Network(
          "tiny", cidr: "10.1.0.0/16", zones: Self.zones, nat: .disabled,
          tiers: [SubnetTier("private", routing: .private, cidrs: ["10.1.0.0/29", "10.1.0.8/29", "10.1.0.16/29"])])
      })
    #expect(found == [
        "\(at(line, 16)) network 'wide': a VPC block must be from /16 to /24 in AWS, 10.0.0.0/12 is not; choose a block from /16 to /24 [vpc-size]",
        "\(at(line + 1, 16)) network 'tiny': tier 'private': 10.1.0.0/29 is a /29 subnet; AWS allows /16 to /28; give blocks from /16 to /28 [subnet-size]",
      ])
  }

  // MARK: - The page

  /// docs/apply-time-rules.md has a row for every name rule, with its id and its source as the
  /// table in the code names them, and every other id this suite expects.
  @Test func everyRuleIsOnThePage() throws {
    let page = try String(contentsOfFile: repositoryRoot + "/docs/apply-time-rules.md", encoding: .utf8)
    let rows = page.split(separator: "\n").filter { $0.hasPrefix("| ") }
    for rule in AWSNameRule.all {
      #expect(rows.contains { $0.contains("| `\(rule.id)` | \(rule.source) |") }, "\(rule.id)")
    }
    let ids = [
      "database-engine-version", "database-instance-class", "database-storage", "database-window", "backup-retention",
      "database-monitoring-interval", "kubernetes-version-unavailable", "unknown-instance-type", "ami-architecture",
      "ami-accelerator", "efa-instance-type", "vpc-size", "subnet-size", "stack-invalid-value",
    ]
    for id in ids { #expect(rows.contains { $0.contains("`\(id)`") }, "\(id)") }
  }
}
