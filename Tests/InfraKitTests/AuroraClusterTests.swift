import InfraKit
import Testing

@Suite struct AuroraClusterTests {
  private func synthesize(
    environment: Environment = .production, _ build: @escaping (Network) -> Void
  ) throws -> TerraformConfiguration {
    try Stack("platform", environment: environment, region: .euWest1) {
      build(Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"]))
    }.synthesize().configuration
  }

  @Test func aProductionClusterKeepsItsDataWithAReaderToFailOverTo() throws {
    let configuration = try synthesize { network in
      AuroraCluster("ledger", engine: .postgres("16.4"), network: network)
    }
    let types = ["aws_rds_cluster", "aws_rds_cluster_instance", "aws_rds_cluster_parameter_group"]
    #expect(resourceJSON(configuration) { types.contains($0.type) } == Self.productionLedger)
    #expect(configuration.resources.first { $0.type == "aws_db_subnet_group" }?.body["subnet_ids"] == [
      .reference(.resource(type: "aws_subnet", name: "core_isolated_a").attribute("id")),
      .reference(.resource(type: "aws_subnet", name: "core_isolated_b").attribute("id")),
    ])
  }

  @Test func aMySQLClusterOutsideProductionHasOneInstanceAndRequiresTLS() throws {
    var aurora: AuroraCluster!
    let configuration = try synthesize(environment: .staging) { network in
      aurora = AuroraCluster("sessions", engine: .mysql("8.0.mysql_aurora.3.08.0"), network: network)
    }
    #expect(aurora.instances.count == 1)
    #expect(aurora.cluster?.lifecycle.preventDestroy == nil)
    let cluster = try #require(configuration.resources.first { $0.type == "aws_rds_cluster" })
    #expect(cluster.body["engine"] == "aurora-mysql")
    #expect(cluster.body["enabled_cloudwatch_logs_exports"] == ["audit", "error", "slowquery"])
    #expect(cluster.body["backup_retention_period"] == 7)
    #expect(cluster.body["deletion_protection"] == true)
    let parameters = try #require(configuration.resources.first { $0.type == "aws_rds_cluster_parameter_group" })
    #expect(parameters.body["family"] == "aurora-mysql8.0")
    #expect(parameters.body.blocks("parameter") == [["name": "require_secure_transport", "value": "ON"]])
  }

  @Test func enhancedMonitoringCoversEveryInstanceThroughOneRole() throws {
    var aurora: AuroraCluster!
    let configuration = try synthesize { network in
      aurora = AuroraCluster(
        "ledger", engine: .postgres("16.4"), network: network, enhancedMonitoringInterval: 60)
    }
    #expect(configuration.resources.filter { $0.type == "aws_iam_role" && $0.name.hasPrefix("ledger") }.map(\.name) == ["ledger_monitoring_role"])
    for instance in aurora.instances {
      let block = try #require(configuration.resources.first { $0.name == instance.logicalID })
      #expect(block.body["monitoring_interval"] == 60)
      #expect(block.body["monitoring_role_arn"] == .reference(.resource(type: "aws_iam_role", name: "ledger_monitoring_role").attribute("arn")))
      #expect(block.meta.dependsOn == [.resource(type: "aws_iam_role_policy_attachment", name: "ledger_monitoring_role_policy")])
    }
  }

  @Test func aClusterThatCannotKeepItsDataIsALocatedError() {
    let line = #line + 3
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      AuroraCluster("ledger", engine: .postgres("16.4"), network: network, instances: 0, tier: "public", backupRetentionDays: 40)
    }
    let error = #expect(throws: SynthesisError.self) { try stack.synthesize() }
    let file = "Tests/InfraKitTests/AuroraClusterTests.swift"
    #expect(error?.diagnostics.map(\.description) == [
      "\(file):\(line):20: error: database 'ledger' would sit in the public tier 'public'; use an isolated or private tier [database-public-subnets]",
      "\(file):\(line):20: error: database 'ledger' keeps automated backups 40 days; RDS allows 1 to 35; keep them 7 days or more (14 in production) [backup-retention]",
      "\(file):\(line):20: error: Aurora cluster 'ledger' has 0 instances; Aurora allows 1 to 16; use 2 or more in production [aurora-instances]",
    ])
  }

  @Test func aDatabaseReplicatesItsBackupsUnderAKeyOfTheSecondRegion() throws {
    let configuration = try synthesize { network in
      let recovery = AWSProvider(region: .euCentral1, alias: "recovery")
      Database("orders", engine: .postgres("16"), network: network, replicateBackupsTo: recovery)
    }
    // The key's policy is written out, in the key's region.
    #expect(resourceJSON(configuration) { $0.name.hasPrefix("orders_backup") } == Self.replication)
  }

  @Test func replicatingBackupsIntoTheSameRegionIsALocatedError() {
    let line = #line + 4
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      let sameRegion = AWSProvider(region: .euWest1, alias: "copy")
      Database("orders", engine: .postgres("16"), network: network, replicateBackupsTo: sameRegion)
    }
    let error = #expect(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(error?.diagnostics.map(\.description) == [
      "Tests/InfraKitTests/AuroraClusterTests.swift:\(line):15: error: database 'orders' replicates its backups into eu-west-1, the region it is in; replicate into a second region, through an aliased AWSProvider [backup-copy-same-region]"
    ])
  }

  /// A production Aurora PostgreSQL cluster, as infra writes it.
  static let productionLedger = #"""
{
  "resource": {
    "aws_rds_cluster": {
      "ledger_cluster": {
        "//": "platform/ledger/cluster",
        "backup_retention_period": 14,
        "cluster_identifier": "platform-ledger",
        "copy_tags_to_snapshot": true,
        "db_cluster_parameter_group_name": "${aws_rds_cluster_parameter_group.ledger_parameters.name}",
        "db_subnet_group_name": "${aws_db_subnet_group.ledger_subnets.name}",
        "deletion_protection": true,
        "enabled_cloudwatch_logs_exports": [
          "postgresql"
        ],
        "engine": "aurora-postgresql",
        "engine_version": "16.4",
        "final_snapshot_identifier": "platform-ledger-final",
        "iam_database_authentication_enabled": true,
        "kms_key_id": "${aws_kms_key.ledger_key.arn}",
        "lifecycle": {
          "prevent_destroy": true
        },
        "manage_master_user_password": true,
        "master_user_secret_kms_key_id": "${aws_kms_key.ledger_key.arn}",
        "master_username": "app_admin",
        "preferred_backup_window": "02:00-03:00",
        "preferred_maintenance_window": "sun:03:30-sun:04:30",
        "skip_final_snapshot": false,
        "storage_encrypted": true,
        "tags": {
          "Name": "platform-ledger-cluster"
        },
        "vpc_security_group_ids": [
          "${aws_security_group.ledger_security_group.id}"
        ]
      }
    },
    "aws_rds_cluster_instance": {
      "ledger_instance_1": {
        "//": "platform/ledger/instance-1",
        "auto_minor_version_upgrade": true,
        "cluster_identifier": "${aws_rds_cluster.ledger_cluster.id}",
        "copy_tags_to_snapshot": true,
        "db_subnet_group_name": "${aws_db_subnet_group.ledger_subnets.name}",
        "depends_on": [
          "aws_iam_role_policy_attachment.ledger_monitoring_role_policy"
        ],
        "engine": "aurora-postgresql",
        "engine_version": "16.4",
        "identifier": "platform-ledger-1",
        "instance_class": "db.r6g.large",
        "monitoring_interval": 60,
        "monitoring_role_arn": "${aws_iam_role.ledger_monitoring_role.arn}",
        "performance_insights_enabled": true,
        "performance_insights_kms_key_id": "${aws_kms_key.ledger_key.arn}",
        "promotion_tier": 0,
        "publicly_accessible": false,
        "tags": {
          "Name": "platform-ledger-instance-1"
        }
      },
      "ledger_instance_2": {
        "//": "platform/ledger/instance-2",
        "auto_minor_version_upgrade": true,
        "cluster_identifier": "${aws_rds_cluster.ledger_cluster.id}",
        "copy_tags_to_snapshot": true,
        "db_subnet_group_name": "${aws_db_subnet_group.ledger_subnets.name}",
        "depends_on": [
          "aws_iam_role_policy_attachment.ledger_monitoring_role_policy"
        ],
        "engine": "aurora-postgresql",
        "engine_version": "16.4",
        "identifier": "platform-ledger-2",
        "instance_class": "db.r6g.large",
        "monitoring_interval": 60,
        "monitoring_role_arn": "${aws_iam_role.ledger_monitoring_role.arn}",
        "performance_insights_enabled": true,
        "performance_insights_kms_key_id": "${aws_kms_key.ledger_key.arn}",
        "promotion_tier": 1,
        "publicly_accessible": false,
        "tags": {
          "Name": "platform-ledger-instance-2"
        }
      }
    },
    "aws_rds_cluster_parameter_group": {
      "ledger_parameters": {
        "//": "platform/ledger/parameters",
        "family": "aurora-postgresql16",
        "lifecycle": {
          "create_before_destroy": true
        },
        "name_prefix": "platform-ledger-",
        "parameter": [
          {
            "name": "rds.force_ssl",
            "value": "1"
          }
        ],
        "tags": {
          "Name": "platform-ledger-parameters"
        }
      }
    }
  }
}

"""#

  /// A database's replicated backups, as infra writes them.
  static let replication = #"""
{
  "resource": {
    "aws_db_instance_automated_backups_replication": {
      "orders_backup_replication": {
        "//": "platform/orders/backup-replication",
        "kms_key_id": "${aws_kms_key.orders_backup_replica_key.arn}",
        "provider": "aws.recovery",
        "retention_period": 14,
        "source_db_instance_arn": "${aws_db_instance.orders_instance.arn}"
      }
    },
    "aws_kms_key": {
      "orders_backup_replica_key": {
        "//": "platform/orders/backup-replica-key",
        "deletion_window_in_days": 30,
        "description": "Replicated backups of database platform-orders",
        "enable_key_rotation": true,
        "provider": "aws.recovery",
        "tags": {
          "Name": "platform-orders-backup-replica-key"
        }
      }
    },
    "aws_kms_key_policy": {
      "orders_backup_replica_key_policy": {
        "//": "platform/orders/backup-replica-key-policy",
        "key_id": "${aws_kms_key.orders_backup_replica_key.id}",
        "policy": "${jsonencode({\"Statement\" = [{\"Action\" = \"kms:*\", \"Effect\" = \"Allow\", \"Principal\" = {\"AWS\" = \"arn:${element(split(\":\", aws_kms_key.orders_backup_replica_key.arn), 1)}:iam::${element(split(\":\", aws_kms_key.orders_backup_replica_key.arn), 4)}:root\"}, \"Resource\" = \"*\", \"Sid\" = \"AccountAdministersTheKey\"}], \"Version\" = \"2012-10-17\"})}",
        "provider": "aws.recovery"
      }
    }
  }
}

"""#
}
