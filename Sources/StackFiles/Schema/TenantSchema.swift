import InfraCore
import InfraKit
import InfraYAML

/// A client of the platform, from the stack's tenant list: a namespace of its own in the
/// cluster, with access for its people, a database of its own that only its pods reach, and an
/// AWS identity for its pods.
struct TenantEntry {
  let name: String
  /// Where the tenant is written, which its construct is located at.
  let location: SourceLocation
  /// The tenant's database settings: the list's shared ones with the tenant's own laid over.
  let database: YAMLNode
  /// Whether the tenant changes the shared database settings.
  let hasOwnDatabaseSettings: Bool
  /// The tenant's workload settings: the list's shared ones with the tenant's own laid over.
  let workload: YAMLNode?
  let hasOwnWorkloadSettings: Bool
  let access: [Access]
  /// The tenant's quota: the list's shared one with the tenant's own laid over.
  let quota: YAMLNode?
  let hasOwnQuota: Bool
  /// `podSecurity`: the tenant's own, or the list's.
  let podSecurity: YAMLNode?
  /// `suppress`: lint rules that do not apply to the tenant's namespace and resources.
  let suppressions: [Suppression]
}

extension StackSchema {
  static let tenantsKeys = ["database", "workload", "quota", "podSecurity", "list"]
  static let tenantKeys = ["name", "editors", "viewers", "groups", "database", "workload", "quota", "podSecurity", "suppress"]
  static let groupKeys = ["clusterRole", "principals"]
  static let workloadKeys = ["serviceAccount", "databaseUser", "policies"]
  static let quotaKeys = ["cpu", "memory", "pods", "storage", "volumeClaims"]
  static let podSecurityLevels: KeyValuePairs<String, Tenant.PodSecurity> = [
    "restricted": .restricted, "baseline": .baseline, "privileged": .privileged,
  ]

  /// `tenants: {database: {…}, workload: {…}, quota: {…}, podSecurity, list: [{name, editors, viewers,
  /// groups, database, workload, quota, podSecurity, suppress}]}`.
  func readTenants(_ node: YAMLNode) -> [TenantEntry] {
    guard let fields = Fields(node, "the tenants", keys: Self.tenantsKeys, problems: problems) else { return [] }
    let shared = fields["database"]
    let sharedWorkload = fields["workload"]
    let sharedQuota = fields["quota"]
    let sharedPodSecurity = fields["podSecurity"]
    let list = fields.elements("list")
    checkNames(list, of: "tenant", in: fields)
    if !list.isEmpty && shared == nil {
      fields.error(
        .missingKey, "need the settings of their databases", fix: "add 'database: {engine: postgres, version: \"16\"}'")
    }
    let entries = list.compactMap {
      readTenant($0, shared: shared, sharedWorkload: sharedWorkload, sharedQuota: sharedQuota, sharedPodSecurity: sharedPodSecurity)
    }
    checkSharedGroups(entries)
    return entries
  }

  /// A group's members get what every RoleBinding of the group allows: a group bound by two
  /// tenants would let one tenant's people into the other's namespace.
  private func checkSharedGroups(_ entries: [TenantEntry]) {
    var owners: [String: String] = [:]
    for entry in entries {
      for grant in entry.access {
        guard case .namespaceGroup(let group, _, _) = grant.scope else { continue }
        if let owner = owners[group], owner != entry.name {
          problems.error(
            .invalidValue,
            "tenant '\(entry.name)': group '\(group)' is also bound by tenant '\(owner)', so each one's members would get into both namespaces",
            fix: "give each tenant groups of its own, e.g. \(entry.name)-deployers", at: grant.location)
        }
        owners[group] = owners[group] ?? entry.name
      }
    }
  }

  private func readTenant(
    _ node: YAMLNode, shared: YAMLNode?, sharedWorkload: YAMLNode?, sharedQuota: YAMLNode?, sharedPodSecurity: YAMLNode?
  ) -> TenantEntry? {
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
    for entry in fields.entries("groups") {
      guard
        let group = Fields(entry.value, "group '\(entry.name)' of tenant '\(tenant)'", keys: Self.groupKeys, problems: problems),
        let role = group.required("clusterRole", example: "edit").flatMap(group.string),
        let principals = group.required("principals", example: "[arn:aws:iam::111122223333:role/\(tenant)-ci]").flatMap({ _ in
          group.strings("principals")
        })
      else { continue }
      access.append(
        Access(principals: principals, scope: .namespaceGroup(entry.name, clusterRole: role, namespace: tenant), at: entry.key.location))
    }
    guard let shared else { return nil }
    let database = fields["database"].map { shared.overlaid(by: $0, identity: StackFileReader.identity) } ?? shared
    let workload = fields["workload"].map { own in
      sharedWorkload.map { $0.overlaid(by: own, identity: StackFileReader.identity) } ?? own
    } ?? sharedWorkload
    let quota = fields["quota"].map { own in
      sharedQuota.map { $0.overlaid(by: own, identity: StackFileReader.identity) } ?? own
    } ?? sharedQuota
    return TenantEntry(
      name: tenant, location: node.location, database: database, hasOwnDatabaseSettings: fields["database"] != nil,
      workload: workload, hasOwnWorkloadSettings: fields["workload"] != nil, access: access, quota: quota,
      hasOwnQuota: fields["quota"] != nil, podSecurity: fields["podSecurity"] ?? sharedPodSecurity,
      suppressions: readSuppressions(fields))
  }

  /// Each tenant: its database, `tenant-<name>`, and the tenant itself, which opens that database
  /// to its pods' security group and gives its pods their identity; and the stack's outputs a
  /// platform team needs in the cluster. Returns the databases' ARNs, which AWS Backup backs up.
  func tenants(_ tenants: [TenantEntry], _ context: StackContext) -> (backupTargets: [BackupTarget], built: [String: Tenant]) {
    var built: [String: Tenant] = [:]
    // The stack's parts by id, read once and kept as the tenants add theirs: looking through the
    // stack's children for each tenant would make a platform of N tenants cost N².
    var parts: [String: Construct]?
    let backupTargets: [BackupTarget] = tenants.compactMap { tenant in
      // A problem in the shared settings is reported once, not once per tenant (see Problems).
      let subject = tenant.hasOwnDatabaseSettings ? "the database of tenant '\(tenant.name)'" : "the tenants' database"
      guard let fields = Fields(tenant.database, subject, keys: Self.databaseSettings, problems: problems) else { return nil }
      let settings = readWorkload(of: tenant)
      let environment = context.cluster?.environment ?? .production
      let quota = readQuota(of: tenant, environment: environment)
      guard let read = database("tenant-\(tenant.name)", fields, context, tenant: true) else { return nil }
      guard let database = read.construct as? Database else {
        fields.error(
          .invalidValue, "is an Aurora cluster; a tenant's database is an RDS instance",
          fix: "use the engine postgres or mysql for the tenants' databases", at: fields["engine"])
        return read.backupTarget
      }
      guard let cluster = context.cluster, let settings, let quota else { return read.backupTarget }
      let at = tenant.location
      // The tenant's resources are named after it, beside the stack's other parts.
      if parts == nil, let stack = database.node.scope {
        parts = Dictionary(stack.node.children.map { ($0.node.id, $0) }, uniquingKeysWith: { first, _ in first })
      }
      if parts?[database.node.id] == nil { parts?[database.node.id] = database }
      if let other = parts?[tenant.name] {
        problems.error(
          .duplicateName, "tenant '\(tenant.name)' has the name of '\(other.node.pathDescription)' (at \(other.node.location)), which its resources would share",
          fix: "rename the tenant or the other part", at: at)
        return read.backupTarget
      }
      let construct = Tenant(
        tenant.name, cluster: cluster, database: database, serviceAccount: settings.serviceAccount ?? "app",
        databaseUser: settings.databaseUser, policies: settings.policies, quota: quota.quota, podSecurity: quota.podSecurity,
        file: at.file, line: at.line, column: at.column)
      construct.suppress(tenant.suppressions)
      writeOutputs(of: construct)
      built[tenant.name] = construct
      parts?[tenant.name] = construct
      return read.backupTarget
    }
    return (backupTargets, built)
  }

  /// `quota: {cpu, memory, pods, storage, volumeClaims}` over the environment's default, and
  /// `podSecurity`; nil when a problem was reported.
  private func readQuota(of tenant: TenantEntry, environment: Environment) -> (quota: Tenant.Quota, podSecurity: Tenant.PodSecurity)? {
    var quota = Tenant.Quota.default(for: environment)
    var podSecurity = Tenant.PodSecurity.restricted
    var valid = true
    if let node = tenant.podSecurity {
      let choices = Self.podSecurityLevels
      if let level = node.scalar?.value, let found = choices.first(where: { $0.key == level })?.value {
        podSecurity = found
      } else {
        problems.error(
          .invalidValue, "tenant '\(tenant.name)': podSecurity '\(node.scalar?.value ?? "")' is not a Pod Security Standard",
          fix: "use one of: \(choices.map(\.key).joined(separator: ", "))", at: node.location)
        valid = false
      }
    }
    guard let node = tenant.quota else { return valid ? (quota, podSecurity) : nil }
    let subject = tenant.hasOwnQuota ? "the quota of tenant '\(tenant.name)'" : "the tenants' quota"
    guard let fields = Fields(node, subject, keys: Self.quotaKeys, problems: problems) else { return nil }
    func quantity(_ key: String, example: String) -> String? {
      guard let node = fields[key] else { return nil }
      guard let scalar = node.scalar, [.integer, .float, .string].contains(scalar.kind), Tenant.Quota.isQuantity(scalar.value)
      else {
        fields.error(
          .invalidValue, "has \(key) '\(node.scalar?.value ?? "")', which is not a Kubernetes quantity",
          fix: "write it as Kubernetes does, such as \(example)", at: node)
        valid = false
        return nil
      }
      return scalar.value
    }
    if let cpu = quantity("cpu", example: "8 or 500m") { quota.cpu = cpu }
    if let memory = quantity("memory", example: "16Gi") { quota.memory = memory }
    if let storage = quantity("storage", example: "200Gi") { quota.storage = storage }
    if fields["pods"] != nil {
      if let pods = fields.int("pods", in: 1...10_000) { quota.pods = pods } else { valid = false }
    }
    if fields["volumeClaims"] != nil {
      if let claims = fields.int("volumeClaims", in: 0...10_000) { quota.volumeClaims = claims } else { valid = false }
    }
    return valid ? (quota, podSecurity) : nil
  }

  /// `workload: {serviceAccount, databaseUser, policies}`; nil when a problem was reported.
  private func readWorkload(of tenant: TenantEntry) -> (serviceAccount: String?, databaseUser: String?, policies: [String])? {
    guard let node = tenant.workload else { return (nil, nil, []) }
    let subject = tenant.hasOwnWorkloadSettings ? "the workload of tenant '\(tenant.name)'" : "the tenants' workload"
    guard let fields = Fields(node, subject, keys: Self.workloadKeys, problems: problems) else { return nil }
    let policies = fields.strings("policies") ?? []
    for (index, policy) in policies.enumerated() where !(policy.hasPrefix("arn:") && policy.contains(":policy/")) {
      fields.error(
        .invalidValue, "names '\(policy)', which is not the ARN of an IAM policy",
        fix: "write it as arn:aws:iam::aws:policy/NAME", at: fields.elements("policies")[index])
    }
    return (fields.string("serviceAccount"), fields.string("databaseUser"), policies)
  }

  /// What a platform team reads about a tenant from Terraform: the security group of its pods,
  /// the role its service account gets, and where its database is and its secret. (The
  /// tenant's manifests take what they need through the tenant's own `kubernetes` output.)
  private func writeOutputs(of tenant: Tenant) {
    // A rejected tenant, or one with a rejected part (its workload identity), reports its own
    // errors; outputs of what it did not create would only add notes.
    guard !tenant.isRejected, !hasRejectedPart(tenant) else { return }
    let name = tenant.node.id
    let at = tenant.node.location
    let outputs: [(String, Value<String>, String)] = [
      ("pod-security-group-id", tenant.podSecurityGroupID, "The security group of tenant \(name)'s pods, for its SecurityGroupPolicy"),
      ("role-arn", tenant.roleArn, "The role the pods of \(name)/\(tenant.serviceAccount) get through EKS Pod Identity"),
      ("database-endpoint", tenant.databaseEndpoint, "Where tenant \(name)'s applications connect to its database"),
      ("database-secret-arn", tenant.databaseSecretArn, "The secret of the master user of tenant \(name)'s database"),
    ]
    for (id, value, description) in outputs {
      _ = Output("tenant-\(name)-\(id)", value: value, description: description, file: at.file, line: at.line, column: at.column)
    }
  }

  /// Whether a construct `construct` is made of was rejected.
  private func hasRejectedPart(_ construct: Construct) -> Bool {
    var found = false
    construct.node.forEachDescendant { found = found || $0.isRejected }
    return found
  }

  static func isTenantName(_ name: String) -> Bool {
    guard let first = name.first, first.isASCII, first.isLowercase, name.last != "-", name.count <= 40,
      !name.contains("--")
    else { return false }
    return name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
  }
}
