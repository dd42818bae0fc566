import InfraCore
import InfraKit
import InfraYAML

extension StackSchema {
  static let databaseSettings = [
    "engine", "version", "instanceClass", "storageGiB", "maxStorageGiB", "tier", "allowFrom", "multiAZ",
    "backupRetentionDays", "backupWindow", "maintenanceWindow", "deletionProtection", "performanceInsights", "parameters",
    "suppress",
  ]
  static let databaseKeys = ["name"] + databaseSettings
  enum EngineName { case postgres, mysql }
  static let engineChoices: KeyValuePairs<String, EngineName> = ["postgres": .postgres, "mysql": .mysql]

  /// `databases:` — RDS instances, each in the network's isolated tier unless it says otherwise.
  func readDatabases(_ nodes: [YAMLNode], in root: Fields, _ context: StackContext) -> [Database] {
    checkNames(nodes, of: "database", in: root)
    return nodes.compactMap { node in
      let name = node.entries?["name"]?.scalar?.value
      guard
        let fields = Fields(node, name.map { "database '\($0)'" } ?? "a database", keys: Self.databaseKeys, problems: problems),
        let id = fields.required("name", example: "orders").flatMap(fields.string)
      else { return nil }
      return database(id, fields, context)
    }
  }

  /// The database `fields` describe, created with the id `id`.
  func database(_ id: String, _ fields: Fields, _ context: StackContext) -> Database? {
    let engine = fields.required("engine", example: "postgres").flatMap { fields.choice($0, named: "engine", Self.engineChoices) }
    let version = fields.required("version", example: "\"16\"").flatMap(fields.string)
    let instanceClass = fields.string("instanceClass")
    let storage = fields.int("storageGiB", in: 20...65536)
    let maxStorage = fields.int("maxStorageGiB", in: 20...65536)
    let tier = fields.string("tier")
    let sources = fields.elements("allowFrom").compactMap { source($0, fields, context) }
    let multiAZ = fields.bool("multiAZ")
    let retention = fields.int("backupRetentionDays", in: 1...35)
    let backupWindow = fields.string("backupWindow")
    let maintenanceWindow = fields.string("maintenanceWindow")
    let deletionProtection = fields.bool("deletionProtection")
    let insights = fields.bool("performanceInsights")
    let parameters = fields.stringMap("parameters")
    let suppressions = readSuppressions(fields)
    guard let network = context.network, let engine, let version else { return nil }
    let location = fields.location
    let database = Database(
      id, engine: engine == .postgres ? .postgres(version) : .mysql(version), network: network, environment: context.environment, instanceClass: instanceClass,
      storageGiB: storage ?? 20, maxStorageGiB: maxStorage, tier: tier ?? "isolated", allowFrom: sources, multiAZ: multiAZ,
      backupRetentionDays: retention, backupWindow: backupWindow ?? "02:00-03:00",
      maintenanceWindow: maintenanceWindow ?? "sun:03:30-sun:04:30", deletionProtection: deletionProtection ?? true,
      performanceInsights: insights, parameters: parameters ?? [:],
      file: location.file, line: location.line, column: location.column)
    database.suppress(suppressions)
    return database
  }

  /// `cluster` (the nodes of the stack's cluster) or a security group id (`sg-0123abcd`).
  private func source(_ node: YAMLNode, _ fields: Fields, _ context: StackContext) -> Database.Source? {
    guard let text = fields.string(node) else { return nil }
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
