import InfraCore
import InfraKit
import InfraYAML

extension StackSchema {
  static let databaseSettings = [
    "engine", "version", "instanceClass", "storageGiB", "maxStorageGiB", "instances", "tier", "allowFrom", "multiAZ",
    "backupRetentionDays", "backupWindow", "maintenanceWindow", "deletionProtection", "performanceInsights",
    "enhancedMonitoringInterval", "parameters", "replicateBackupsTo", "suppress", "renamedFrom",
  ]
  static let databaseKeys = ["name", "alarms"] + databaseSettings
  enum EngineName { case postgres, mysql, auroraPostgres, auroraMySQL }
  static let engineChoices: KeyValuePairs<String, EngineName> = [
    "postgres": .postgres, "mysql": .mysql, "aurora-postgresql": .auroraPostgres, "aurora-mysql": .auroraMySQL,
  ]
  /// The settings of an RDS instance that an Aurora cluster does not have, and why.
  static let instanceOnlySettings: KeyValuePairs<String, String> = [
    "storageGiB": "Aurora's storage grows by itself", "maxStorageGiB": "Aurora's storage grows by itself",
    "multiAZ": "Aurora fails over to a reader; set 'instances' instead",
    "replicateBackupsTo": "copy an Aurora cluster's backups with 'backup: {copyTo: …}'",
  ]

  /// `databases:` — RDS instances and Aurora clusters, each in the network's isolated tier
  /// unless it says otherwise. Returns what AWS Backup should back up.
  func readDatabases(_ nodes: [YAMLNode], in root: Fields, _ context: StackContext) -> [BackupTarget] {
    checkNames(nodes, of: "database", in: root)
    return nodes.compactMap { node in
      let name = node.entries?["name"]?.scalar?.value
      guard
        let fields = Fields(node, name.map { "database '\($0)'" } ?? "a database", keys: Self.databaseKeys, problems: problems),
        let id = fields.required("name", example: "orders").flatMap(fields.string)
      else { return nil }
      return database(id, fields, context)?.backupTarget
    }
  }

  /// The database `fields` describe, created with the id `id`, and what AWS Backup backs up of
  /// it; nil when a problem was reported. A tenant's database (`tenant`) must not admit the
  /// cluster.
  func database(
    _ id: String, _ fields: Fields, _ context: StackContext, tenant: Bool = false
  ) -> (construct: PlatformConstruct, backupTarget: BackupTarget)? {
    let engineName = fields.required("engine", example: "postgres").flatMap {
      fields.choice($0, named: "engine", Self.engineChoices)
    }
    let version = fields.required("version", example: "\"16\"").flatMap(fields.string)
    let instanceClass = fields.string("instanceClass")
    let tier = fields.string("tier")
    let sources = fields.elements("allowFrom").compactMap { source($0, fields, context, tenant: tenant) }
    let retention = fields.int("backupRetentionDays", in: 1...35)
    let backupWindow = fields.string("backupWindow") ?? "02:00-03:00"
    let maintenanceWindow = fields.string("maintenanceWindow") ?? "sun:03:30-sun:04:30"
    let deletionProtection = fields.bool("deletionProtection") ?? true
    let insights = fields.bool("performanceInsights")
    let monitoring = fields.int("enhancedMonitoringInterval", in: 0...60)
    let parameters = fields.stringMap("parameters") ?? [:]
    let suppressions = readSuppressions(fields)
    let location = fields.location
    // The construct's checks report a setting's problems at its value.
    var settingLocations: [Database.Setting: SourceLocation] = [:]
    for (setting, key) in [
      (Database.Setting.version, "version"), (.instanceClass, "instanceClass"), (.storage, "storageGiB"),
      (.maxStorage, "maxStorageGiB"), (.backupWindow, "backupWindow"), (.maintenanceWindow, "maintenanceWindow"),
    ] {
      if let value = fields[key] { settingLocations[setting] = value.location }
    }
    let construct: PlatformConstruct
    let backupTarget: BackupTarget
    switch engineName {
    case .auroraPostgres?, .auroraMySQL?:
      for (key, reason) in Self.instanceOnlySettings {
        guard let node = fields.keyNode(key) else { continue }
        fields.error(.unknownKey, "is an Aurora cluster, which has no setting '\(key)'", fix: "remove it: \(reason)", at: node)
      }
      let instances = fields.int("instances", in: 1...16)
      guard let network = context.network, let version else { return nil }
      let aurora = AuroraCluster(
        id, renamedFrom: fields.string("renamedFrom"), engine: engineName == .auroraPostgres ? .postgres(version) : .mysql(version), network: network,
        instances: instances, instanceClass: instanceClass, tier: tier.map(SubnetSelection.tier) ?? .isolated,
        allowFrom: sources, backupRetentionDays: retention, backupWindow: backupWindow,
        maintenanceWindow: maintenanceWindow, deletionProtection: deletionProtection, performanceInsights: insights,
        enhancedMonitoringInterval: monitoring, parameters: parameters, settingLocations: settingLocations,
        file: location.file, line: location.line, column: location.column)
      (construct, backupTarget) = (aurora, BackupTarget(database: aurora, arn: aurora.arn))
      if let node = fields.keyNode("alarms") {
        fields.error(.unknownKey, "is an Aurora cluster, which has no alarms of infra's yet", fix: "remove 'alarms'", at: node)
      }
    case .postgres?, .mysql?, nil:
      if let node = fields.keyNode("instances") {
        fields.error(
          .unknownKey, "is an RDS instance, which has no setting 'instances'",
          fix: "remove it, and use 'multiAZ: true' for a standby in a second zone (or an aurora- engine for readers)", at: node)
      }
      let storage = fields.int("storageGiB", in: 20...65536)
      let maxStorage = fields.int("maxStorageGiB", in: 20...65536)
      let multiAZ = fields.bool("multiAZ")
      let replicaRegion = fields["replicateBackupsTo"].flatMap { secondRegion($0, fields, context, purpose: "replicates its backups") }
      guard let network = context.network, let engineName, let version else { return nil }
      let database = Database(
        id, renamedFrom: fields.string("renamedFrom"), engine: engineName == .postgres ? .postgres(version) : .mysql(version), network: network,
        instanceClass: instanceClass, storageGiB: storage ?? 20, maxStorageGiB: maxStorage,
        tier: tier.map(SubnetSelection.tier) ?? .isolated, allowFrom: sources, multiAZ: multiAZ, backupRetentionDays: retention,
        backupWindow: backupWindow, maintenanceWindow: maintenanceWindow, deletionProtection: deletionProtection,
        performanceInsights: insights, enhancedMonitoringInterval: monitoring, parameters: parameters,
        replicateBackupsTo: replicaRegion.map { context.providers.provider(for: $0.region, at: $0.node.location) },
        settingLocations: settingLocations, file: location.file, line: location.line, column: location.column)
      (construct, backupTarget) = (database, BackupTarget(database: database, arn: database.arn))
      readAlarms(fields, of: database, context.alarmOverrides)
    }
    construct.suppress(suppressions)
    return (construct, backupTarget)
  }

  /// `cluster` (the nodes of the stack's cluster) or a security group id (`sg-0123abcd`).
  private func source(_ node: YAMLNode, _ fields: Fields, _ context: StackContext, tenant: Bool) -> Database.Source? {
    guard let text = fields.string(node) else { return nil }
    if text == "cluster" && tenant {
      fields.error(
        .invalidValue, "allows connections from the whole cluster, which would let every pod reach a tenant's database",
        fix: "remove 'cluster': each tenant's database admits its own tenant's pods, through their security group", at: node)
      return nil
    }
    if text == "cluster" {
      if let cluster = context.cluster { return .cluster(cluster) }
      if !context.hasCluster {
        fields.error(.missingPart, "allows connections from the cluster, but the stack has none", fix: "add a cluster, or name a security group (sg-…)", at: node)
      }
      return nil
    }
    guard text.hasPrefix("sg-"), text.count > 3 else {
      fields.error(
        .invalidValue, "allows connections from '\(text)'", fix: "write cluster (its nodes) or a security group id such as sg-0123456789abcdef0",
        at: node)
      return nil
    }
    return .securityGroup(Value(text))
  }
}
