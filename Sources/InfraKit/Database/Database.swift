/// An RDS database instance set up to keep its data: encrypted with its own KMS key, in the
/// network's isolated tier, reachable only from the sources named, with automated backups,
/// deletion protection, a final snapshot with a fixed name, and the master password kept by
/// Secrets Manager, never in the configuration or the state.
///
/// ```swift
/// for tenant in ["acme", "globex"] {
///   let database = Database("tenant-\(tenant)", engine: .postgres("16"), network: network, allowFrom: [.cluster(cluster)])
///   Output("\(tenant)_endpoint", value: database.endpoint)
/// }
/// ```
public final class Database: PlatformConstruct {
  /// The engine and its major version.
  public enum Engine: Sendable, Hashable {
    case postgres(String)
    case mysql(String)

    var name: String {
      switch self {
      case .postgres: "postgres"
      case .mysql: "mysql"
      }
    }
    var version: String {
      switch self {
      case .postgres(let version), .mysql(let version): version
      }
    }
    var port: Int {
      switch self {
      case .postgres: 5432
      case .mysql: 3306
      }
    }
    /// The parameter group family: `postgres16`, `mysql8.0`.
    var family: String { name + version }
    var logExports: [String] {
      switch self {
      case .postgres: ["postgresql", "upgrade"]
      case .mysql: ["error", "slowquery"]
      }
    }
  }

  /// Who may connect.
  public enum Source {
    /// The nodes of a cluster (its cluster security group, which managed node groups use).
    case cluster(Cluster)
    /// Members of a security group.
    case securityGroup(Value<String>)

    /// The security group connections come from; nil for a cluster that was not built (its own
    /// problems are reported), so a database allowing it is not built either.
    var securityGroupID: Value<String>? {
      switch self {
      case .cluster(let cluster): cluster.eks?.vpcConfig[0].clusterSecurityGroupId
      case .securityGroup(let id): id
      }
    }
  }

  /// A setting whose problems are reported where it was written, when that is not where the
  /// database was (a stack file's values): see `settingLocations`.
  public enum Setting: Sendable, Hashable { case version, instanceClass, storage, maxStorage, backupWindow, maintenanceWindow }

  public let engine: Engine
  /// The network the database is in.
  public let network: Network
  /// Who may connect, as given; a ``Tenant`` adds its pods' security group beside them.
  public let allowFrom: [Source]
  /// The network tier of its subnet group.
  public let tier: SubnetSelection
  /// The storage it is created with, in GiB, before storage autoscaling grows it.
  public let storageGiB: Int
  /// The instance class it runs on (`db.t4g.medium`).
  public private(set) var instanceClass = ""
  /// The engine parameters given, before infra's own (TLS) are added.
  public private(set) var parameters: [String: String] = [:]
  /// The RDS instance; nil when the database's settings were rejected and it created nothing.
  public private(set) var instance: AwsDbInstance?
  /// The security group that guards it; nil when the database's settings were rejected.
  public private(set) var securityGroup: AwsSecurityGroup?

  /// The instance's ARN, which AWS Backup plans select.
  public var arn: Value<String> { output(instance, "arn", type: "aws_db_instance", id: "instance") }
  /// `host:port`, where applications connect.
  public var endpoint: Value<String> { output(instance, "endpoint", type: "aws_db_instance", id: "instance") }
  /// The host name alone.
  public var address: Value<String> { output(instance, "address", type: "aws_db_instance", id: "instance") }
  /// The ARN of the Secrets Manager secret that holds the master user's password.
  public var masterUserSecretArn: Value<String> {
    Value(reference(of: instance, type: "aws_db_instance", id: "instance").attribute("master_user_secret")[0].attribute("secret_arn"))
  }
  /// The ARN of the database's own KMS key, which encrypts its storage, its Performance
  /// Insights and the master user's secret: reading the secret needs `kms:Decrypt` on it.
  public var keyArn: Value<String> { Value(reference(toResource: "aws_kms_key", id: "key").attribute("arn")) }
  /// The instance's resource id (`db-…`), which names it in the ARNs of IAM database
  /// authentication: `arn:aws:rds-db:<region>:<account>:dbuser:<resource id>/<user>`.
  public var resourceID: Value<String> { output(instance, "resource_id", type: "aws_db_instance", id: "instance") }
  /// The port the engine listens on: 5432 for Postgres, 3306 for MySQL.
  public var port: Int { engine.port }
  /// The ARN that lets an IAM identity sign in as the database user `user` (IAM database
  /// authentication, always on), for `rds-db:connect`. The partition, region and account are
  /// read from the instance's ARN.
  public func connectArn(user: String) -> Value<String> {
    let arn = Expr.reference(reference(of: instance, type: "aws_db_instance", id: "instance").attribute("arn"))
    return Value(
      expression: "arn:\(ARNField.partition.of(arn)):rds-db:\(ARNField.region.of(arn)):\(ARNField.account.of(arn)):dbuser:\(resourceID.expression)/\(user)")
  }
  /// The id of the security group that guards the database, for rules of your own.
  public var securityGroupID: Value<String> {
    output(securityGroup, "id", type: "aws_security_group", id: "security-group")
  }

  /// - Parameters:
  ///   - instanceClass: `db.t4g.medium` by default (`db.t4g.micro` outside production).
  ///   - storageGiB, maxStorageGiB: the storage, and how far storage autoscaling may grow it.
  ///   - tier: the network tier for the subnet group; `.isolated` (the isolated tier) by default.
  ///   - multiAZ: a standby in a second zone; on in production by default.
  ///   - backupRetentionDays: 14 in production, 7 otherwise.
  ///   - deletionProtection: on by default; production also gets `prevent_destroy`.
  ///   - performanceInsights: on in production by default.
  ///   - enhancedMonitoringInterval: the seconds between the operating-system metrics (CPU per
  ///     process, memory, disk I/O) RDS sends to CloudWatch Logs through a role it creates: 1, 5,
  ///     10, 15, 30 or 60, or 0 for none. Every 60 seconds in production, none elsewhere, by default.
  ///   - replicateBackupsTo: the provider configuration (region) that RDS replicates the
  ///     automated backups to, encrypted with a key of that region, kept as long as the backups;
  ///     nil replicates nothing. Point-in-time restore then works in that region too.
  ///   - settingLocations: where settings were written, when that is not the database's own line
  ///     (a stack file's values): their problems are reported there.
  @discardableResult
  public init(
    _ id: String, renamedFrom: String? = nil, engine: Engine, network: Network, instanceClass: String? = nil,
    storageGiB: Int = 20, maxStorageGiB: Int? = nil, tier: SubnetSelection = .isolated, allowFrom: [Source] = [],
    multiAZ: Bool? = nil, backupRetentionDays: Int? = nil, backupWindow: String = "02:00-03:00",
    maintenanceWindow: String = "sun:03:30-sun:04:30", deletionProtection: Bool = true,
    performanceInsights: Bool? = nil, enhancedMonitoringInterval: Int? = nil, parameters: [String: String] = [:],
    replicateBackupsTo: AWSProvider? = nil, settingLocations: [Setting: SourceLocation] = [:], in scope: Construct? = nil,
    file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.engine = engine
    self.network = network
    self.allowFrom = allowFrom
    self.tier = tier
    self.storageGiB = storageGiB
    super.init(id, renamedFrom: renamedFrom, provider: network.providerConfiguration, in: scope, file: file, line: line, column: column)
    let production = environment == .production
    let retention = backupRetentionDays ?? (production ? 14 : 7)
    let maxStorage = maxStorageGiB ?? storageGiB * 5
    self.instanceClass = instanceClass ?? (production ? "db.t4g.medium" : "db.t4g.micro")
    check(network: network, tier: tier, storage: storageGiB, maxStorage: maxStorage, retention: retention, at: settingLocations)
    checkEnhancedMonitoring(enhancedMonitoringInterval)
    checkEngine(instanceClass: self.instanceClass, at: settingLocations)
    checkWindows(backup: backupWindow, maintenance: maintenanceWindow, subject: "database '\(id)'", at: settingLocations)
    checkDatabaseNames(identifiers: [identifier])
    if let replicateBackupsTo, replicateBackupsTo.region == region {
      report(
        "backup-copy-same-region",
        "database '\(id)' replicates its backups into \(replicateBackupsTo.region), the region it is in",
        fix: "replicate into a second region, through an aliased AWSProvider")
    }
    let sources = allowFrom.compactMap(\.securityGroupID)
    self.parameters = parameters
    guard !hasProblems, let vpc = network.vpc, sources.count == allowFrom.count else { return }
    within {
      build(
        network: network, vpc: vpc, tier: tier, allowFrom: sources,
        instanceClass: self.instanceClass, storage: storageGiB,
        maxStorage: maxStorage, multiAZ: multiAZ ?? production, retention: retention, backupWindow: backupWindow,
        maintenanceWindow: maintenanceWindow, deletionProtection: deletionProtection,
        performanceInsights: performanceInsights ?? production, monitoringInterval: monitoringInterval(enhancedMonitoringInterval, production: production),
        parameters: parameters)
      if let replicateBackupsTo, let instance { replicateBackups(of: instance, to: replicateBackupsTo, retention: retention) }
    }
  }

  private func check(
    network: Network, tier: SubnetSelection, storage: Int, maxStorage: Int, retention: Int, at locations: [Setting: SourceLocation]
  ) {
    checkDatabase(network: network, tier: tier, retention: retention)
    let limits = RDSRules.gp3StorageGiB
    if storage < limits.lowerBound || maxStorage < storage || maxStorage > limits.upperBound {
      report(
        "database-storage", "database '\(node.id)' has \(storage) GiB growing to \(maxStorage) GiB",
        fix: maxStorage > limits.upperBound
          ? "keep within RDS's \(limits.upperBound) GiB of gp3 storage"
          : "give at least 20 GiB, and a maximum no smaller than the start",
        at: maxStorage > limits.upperBound ? locations[.maxStorage] ?? locations[.storage] : locations[.storage])
    }
  }

  /// A Postgres major version RDS does not run, and an instance class it does not offer (for
  /// the engine's version).
  private func checkEngine(instanceClass: String, at locations: [Setting: SourceLocation]) {
    if case .postgres(let version) = engine {
      let major = RDSRules.postgresMajor(version)
      if major.map({ !RDSRules.postgresMajorVersions.contains($0) }) ?? true {
        let offered = RDSRules.postgresMajorVersions.map(String.init).joined(separator: ", ")
        report(
          "database-engine-version", "database '\(node.id)' runs PostgreSQL '\(version)', which is not a major version RDS offers (\(offered))",
          fix: "give one of them, e.g. \"16\" or \"17.2\"", at: locations[.version])
        return
      }
    }
    if let (problem, fix) = RDSRules.classProblem(instanceClass, engine: engine) {
      report("database-instance-class", "database '\(node.id)': \(instanceClass) \(problem)", fix: fix, at: locations[.instanceClass])
    }
  }

  private var identifier: String { baseName }

  private func build(
    network: Network, vpc: AwsVpc, tier: SubnetSelection, allowFrom: [Value<String>], instanceClass: String, storage: Int,
    maxStorage: Int, multiAZ: Bool, retention: Int, backupWindow: String, maintenanceWindow: String,
    deletionProtection: Bool, performanceInsights: Bool, monitoringInterval: Int?, parameters: [String: String]
  ) {
    let foundation = buildDatabaseFoundation(network: network, vpc: vpc, tier: tier, allowFrom: allowFrom, port: engine.port)
    let (key, subnetGroup, group) = (foundation.key, foundation.subnetGroup, foundation.securityGroup)
    securityGroup = group
    let settings = engine.requiringTLS(parameters)
    let parameterGroup = placed(
      AwsDbParameterGroup(
        "parameters", family: Value(engine.family), namePrefix: Value("\(identifier)-"),
        parameter: settings.keys.sorted().map { .init(name: Value($0), value: Value(settings[$0]!)) }, tags: tags("parameters")))
    parameterGroup.lifecycle.createBeforeDestroy = true
    let monitoring = monitoringInterval.map { _ in buildEnhancedMonitoringRole() }

    let instance = placed(
      AwsDbInstance(
        "instance", instanceClass: Value(instanceClass), allocatedStorage: Value(storage), autoMinorVersionUpgrade: true,
        backupRetentionPeriod: Value(retention), backupWindow: Value(backupWindow), copyTagsToSnapshot: true,
        dbSubnetGroupName: subnetGroup.name, deletionProtection: Value(deletionProtection),
        enabledCloudwatchLogsExports: Value(engine.logExports), engine: Value(engine.name),
        engineVersion: Value(engine.version), finalSnapshotIdentifier: Value("\(identifier)-final"),
        iamDatabaseAuthenticationEnabled: true, identifier: Value(identifier), kmsKeyId: key.arn,
        maintenanceWindow: Value(maintenanceWindow), manageMasterUserPassword: true, masterUserSecretKmsKeyId: key.arn,
        maxAllocatedStorage: Value(maxStorage), monitoringInterval: monitoringInterval.map { Value($0) },
        monitoringRoleArn: monitoring?.role.arn, multiAz: Value(multiAZ), parameterGroupName: parameterGroup.name,
        performanceInsightsEnabled: Value(performanceInsights),
        performanceInsightsKmsKeyId: performanceInsights ? key.arn : nil, publiclyAccessible: false,
        skipFinalSnapshot: false, storageEncrypted: true, storageType: "gp3", tags: tags("db"), username: "app_admin",
        vpcSecurityGroupIds: [group.id]))
    if let monitoring { instance.dependsOn = [monitoring.policy] }
    // In production, Terraform itself refuses a plan that destroys the database.
    if environment == .production { instance.lifecycle.preventDestroy = true }
    self.instance = instance
  }

  /// The automated backups replicated into the region of `provider`, under a key of that region.
  private func replicateBackups(of instance: AwsDbInstance, to provider: AWSProvider, retention: Int) {
    let key = CustomerManagedKey(
      "backup-replica-key", description: "Replicated backups of database \(identifier)", tags: tags("backup-replica-key"),
      provider: provider
    ).key
    let replication = AwsDbInstanceAutomatedBackupsReplication(
      "backup-replication", sourceDbInstanceArn: instance.arn, kmsKeyId: key.arn, retentionPeriod: Value(retention))
    replication.provider = provider
  }
}
