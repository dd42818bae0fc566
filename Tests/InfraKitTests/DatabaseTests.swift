import InfraKit
import Testing

@Suite struct DatabaseTests {
  private func synthesize(
    environment: Environment = .production, _ build: @escaping (Network) -> Void
  ) throws -> TerraformConfiguration {
    try Stack("platform", environment: environment, region: .euWest1) {
      build(Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"]))
    }.synthesize().configuration
  }

  @Test func keepsItsDataAndNoPassword() throws {
    let configuration = try synthesize { network in
      Database("orders", engine: .postgres("16"), network: network)
    }
    let instance = try #require(configuration.resources.first { $0.type == "aws_db_instance" })
    #expect(instance.body["storage_encrypted"] == true)
    #expect(instance.body["deletion_protection"] == true)
    #expect(instance.body["skip_final_snapshot"] == false)
    #expect(instance.body["final_snapshot_identifier"] == "platform-orders-final")
    #expect(instance.body["backup_retention_period"] == 14)
    #expect(instance.body["multi_az"] == true)
    #expect(instance.body["publicly_accessible"] == false)
    #expect(instance.body["manage_master_user_password"] == true)
    #expect(instance.body["password"] == nil)
    #expect(instance.meta.lifecycle.preventDestroy == true)
    let subnets = try #require(configuration.resources.first { $0.type == "aws_db_subnet_group" })
    #expect(subnets.body["subnet_ids"] == [
      .reference(.resource(type: "aws_subnet", name: "core_isolated_a").attribute("id")),
      .reference(.resource(type: "aws_subnet", name: "core_isolated_b").attribute("id")),
      .reference(.resource(type: "aws_subnet", name: "core_isolated_c").attribute("id")),
    ])
  }

  @Test func aDatabaseInThePublicTierOrWithoutBackupsIsALocatedError() {
    // Built outside #require: a macro's closure would give the construct the macro's line.
    let line = #line + 3
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      Database("orders", engine: .postgres("16"), network: network, tier: "public", backupRetentionDays: 0)
    }
    let error = #expect(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(error?.diagnostics.map(\.description) == [
      "Tests/InfraKitTests/DatabaseTests.swift:\(line):15: error: database 'orders' would sit in the public tier 'public'; use an isolated or private tier [database-public-subnets]",
      "Tests/InfraKitTests/DatabaseTests.swift:\(line):15: error: database 'orders' keeps automated backups 0 days; RDS allows 1 to 35; keep them 7 days or more (14 in production) [backup-retention]",
    ])
  }

  @Test func aBackupCopyIntoTheSameRegionIsALocatedError() {
    let line = #line + 5
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      let database = Database("orders", engine: .postgres("16"), network: network)
      let sameRegion = AWSProvider(region: .euWest1, alias: "copy")
      BackupPlan("databases", resources: [database.arn], copyTo: sameRegion)
    }
    let error = #expect(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(error?.diagnostics.map(\.description) == [
      "Tests/InfraKitTests/DatabaseTests.swift:\(line):17: error: backup plan 'databases' copies into eu-west-1, the region it backs up; copy into a second region, through an aliased AWSProvider [backup-copy-same-region]"
    ])
  }

  @Test func enhancedMonitoringSendsMetricsThroughARoleOnlyRDSMonitoringAssumes() throws {
    let configuration = try synthesize(environment: .staging) { network in
      Database("orders", engine: .postgres("16"), network: network, enhancedMonitoringInterval: 30)
    }
    #expect(resourceJSON(configuration) { $0.name.hasPrefix("orders_monitoring") } == Self.monitoringRole)
    let instance = try #require(configuration.resources.first { $0.type == "aws_db_instance" })
    #expect(instance.body["monitoring_interval"] == 30)
    #expect(instance.body["monitoring_role_arn"] == .reference(.resource(type: "aws_iam_role", name: "orders_monitoring_role").attribute("arn")))
    #expect(instance.meta.dependsOn == [.resource(type: "aws_iam_role_policy_attachment", name: "orders_monitoring_role_policy")])
  }

  /// Outside production, or with 0 in production, there is no enhanced monitoring and no role.
  @Test(arguments: [(Environment.staging, nil as Int?), (.production, 0)])
  func withoutEnhancedMonitoringThereIsNoRole(environment: Environment, interval: Int?) throws {
    let configuration = try synthesize(environment: environment) { network in
      Database("orders", engine: .postgres("16"), network: network, enhancedMonitoringInterval: interval)
    }
    #expect(!configuration.resources.contains { $0.name.hasPrefix("orders_monitoring") })
    let instance = try #require(configuration.resources.first { $0.type == "aws_db_instance" })
    #expect(instance.body["monitoring_interval"] == nil)
  }

  @Test func productionSendsTheOperatingSystemsMetricsEveryMinute() throws {
    let configuration = try synthesize { network in
      Database("orders", engine: .postgres("16"), network: network)
    }
    let instance = try #require(configuration.resources.first { $0.type == "aws_db_instance" })
    #expect(instance.body["monitoring_interval"] == 60)
    #expect(instance.body["monitoring_role_arn"] == .reference(.resource(type: "aws_iam_role", name: "orders_monitoring_role").attribute("arn")))
  }

  @Test func aDatabaseAllowingAClusterThatWasNotBuiltIsNotBuiltEither() {
    // The cluster's own error is the one to fix; the databases add none of their own.
    let line = #line + 3
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      let cluster = Cluster("main", version: "1.31", network: network, controlPlaneTier: "nowhere")
      Database("orders", engine: .postgres("16"), network: network, allowFrom: [.cluster(cluster)])
      AuroraCluster("ledger", engine: .postgres("16.4"), network: network, allowFrom: [.cluster(cluster)])
    }
    let error = #expect(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(error?.diagnostics.map(\.description) == [
      "Tests/InfraKitTests/DatabaseTests.swift:\(line):28: error: cluster 'main': the network has no tier 'nowhere'; use one of its tiers: public, private, isolated [unknown-tier]"
    ])
  }

  @Test func anEnhancedMonitoringIntervalRDSDoesNotOfferIsALocatedError() {
    let line = #line + 3
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      Database("orders", engine: .postgres("16"), network: network, enhancedMonitoringInterval: 20)
    }
    let error = #expect(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(error?.diagnostics.map(\.description) == [
      "Tests/InfraKitTests/DatabaseTests.swift:\(line):15: error: database 'orders' collects enhanced monitoring metrics every 20 seconds, which RDS does not offer; use one of 1, 5, 10, 15, 30, 60 seconds, or 0 for none [database-monitoring-interval]"
    ])
  }

  static let monitoringRole = #"""
{
  "resource": {
    "aws_iam_role": {
      "orders_monitoring_role": {
        "//": "platform/orders/monitoring-role",
        "assume_role_policy": "${jsonencode({\"Statement\" = [{\"Action\" = \"sts:AssumeRole\", \"Effect\" = \"Allow\", \"Principal\" = {\"Service\" = \"monitoring.rds.amazonaws.com\"}}], \"Version\" = \"2012-10-17\"})}",
        "name_prefix": "rds-monitoring-",
        "tags": {
          "Name": "platform-orders-monitoring"
        }
      }
    },
    "aws_iam_role_policy_attachment": {
      "orders_monitoring_role_policy": {
        "//": "platform/orders/monitoring-role-policy",
        "policy_arn": "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
        "role": "${aws_iam_role.orders_monitoring_role.name}"
      }
    }
  }
}

"""#
}
