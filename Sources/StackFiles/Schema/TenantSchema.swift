import InfraCore
import InfraKit
import InfraYAML

/// A client of the platform, from the stack's tenant list: a namespace of its own in the
/// cluster, with access for its people, and a database of its own.
struct TenantEntry {
  let name: String
  /// The tenant's database settings: the list's shared ones with the tenant's own laid over.
  let database: YAMLNode
  /// Whether the tenant changes the shared database settings.
  let hasOwnDatabaseSettings: Bool
  let access: [Access]
}

extension StackSchema {
  static let tenantsKeys = ["database", "list"]
  static let tenantKeys = ["name", "editors", "viewers", "database"]

  /// `tenants: {database: {…}, list: [{name, editors, viewers, database}]}`.
  func readTenants(_ node: YAMLNode) -> [TenantEntry] {
    guard let fields = Fields(node, "the tenants", keys: Self.tenantsKeys, problems: problems) else { return [] }
    let shared = fields["database"]
    let list = fields.elements("list")
    checkNames(list, of: "tenant", in: fields)
    if !list.isEmpty && shared == nil {
      fields.error(
        .missingKey, "need the settings of their databases", fix: "add 'database: {engine: postgres, version: \"16\"}'")
    }
    return list.compactMap { readTenant($0, shared: shared) }
  }

  private func readTenant(_ node: YAMLNode, shared: YAMLNode?) -> TenantEntry? {
    let name = node.entries?["name"]?.scalar?.value
    guard let fields = Fields(node, name.map { "tenant '\($0)'" } ?? "a tenant", keys: Self.tenantKeys, problems: problems),
      let tenant = fields.required("name", example: "acme").flatMap(fields.string)
    else { return nil }
    guard Self.isTenantName(tenant) else {
      fields.error(
        .invalidValue, "cannot be named '\(tenant)': the name becomes a namespace and part of a database identifier",
        fix: "use 1 to 40 lowercase letters, digits and single hyphens, starting with a letter", at: fields["name"])
      return nil
    }
    var access: [Access] = []
    if let editors = fields.strings("editors"), let node = fields["editors"] {
      access.append(Access(principals: editors, scope: .namespaceEditor([tenant]), at: node.location))
    }
    if let viewers = fields.strings("viewers"), let node = fields["viewers"] {
      access.append(Access(principals: viewers, scope: .namespaceViewer([tenant]), at: node.location))
    }
    guard let shared else { return nil }
    let database = fields["database"].map { shared.overlaid(by: $0, identity: StackFileReader.identity) } ?? shared
    return TenantEntry(name: tenant, database: database, hasOwnDatabaseSettings: fields["database"] != nil, access: access)
  }

  /// Each tenant's database, `tenant-<name>`.
  func tenantDatabases(_ tenants: [TenantEntry], _ context: StackContext) -> [Value<String>] {
    tenants.compactMap { tenant in
      // A problem in the shared settings is reported once, not once per tenant (see Problems).
      let subject = tenant.hasOwnDatabaseSettings ? "the database of tenant '\(tenant.name)'" : "the tenants' database"
      guard let fields = Fields(tenant.database, subject, keys: Self.databaseSettings, problems: problems) else { return nil }
      return database("tenant-\(tenant.name)", fields, context)
    }
  }

  static func isTenantName(_ name: String) -> Bool {
    guard let first = name.first, first.isASCII, first.isLowercase, name.last != "-", name.count <= 40,
      !name.contains("--")
    else { return false }
    return name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
  }
}
