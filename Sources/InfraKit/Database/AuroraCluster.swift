/// An Aurora cluster (PostgreSQL- or MySQL-compatible) set up to keep its data, as ``Database``
/// is: encrypted with its own KMS key, in the network's isolated tier, reachable only from the
/// sources named, TLS required, continuous backups, deletion protection, a final snapshot with a
/// fixed name, the master password kept by Secrets Manager, and `prevent_destroy` in production.
/// A writer and, in production, a reader in another zone to fail over to.
///
/// ```swift
/// let ledger = AuroraCluster("ledger", engine: .postgres("16.4"), network: network, allowFrom: [.cluster(cluster)])
/// Output("ledger_endpoint", value: ledger.endpoint)
/// ```
public final class AuroraCluster: PlatformConstruct {
  public let engine: Database.Engine
  /// The cluster; nil when the cluster's settings were rejected and it created nothing.
  public private(set) var cluster: AwsRdsCluster?
  /// Its instances: the writer first; none when the cluster's settings were rejected.
  public private(set) var instances: [AwsRdsClusterInstance] = []
  /// The security group that guards it; nil when the cluster's settings were rejected.
  public private(set) var securityGroup: AwsSecurityGroup?

  /// The cluster's ARN, which AWS Backup plans select.
  public var arn: Value<String> { output(cluster, "arn", type: "aws_rds_cluster", id: "cluster") }
  /// The writer's host name, where applications connect to write.
  public var endpoint: Value<String> { output(cluster, "endpoint", type: "aws_rds_cluster", id: "cluster") }
  /// The host name that spreads connections over the readers.
  public var readerEndpoint: Value<String> { output(cluster, "reader_endpoint", type: "aws_rds_cluster", id: "cluster") }
  /// The id of the security group that guards the cluster, for rules of your own.
  public var securityGroupID: Value<String> {
    output(securityGroup, "id", type: "aws_security_group", id: "security-group")
  }

  /// - Parameters:
  ///   - engine: `.postgres("16.4")` is `aurora-postgresql` 16.4; `.mysql("8.0.mysql_aurora.3.08.0")`
  ///     is `aurora-mysql`.
  ///   - instances: how many instances; 2 in production (a reader in a second zone to fail over
  ///     to), 1 otherwise.
  ///   - instanceClass: `db.r6g.large` in production, `db.t4g.medium` otherwise.
  ///   - tier: the network tier for the subnet group; `.isolated` (the isolated tier) by default.
  ///   - backupRetentionDays: 14 in production, 7 otherwise.
  ///   - deletionProtection: on by default; production also gets `prevent_destroy`.
  ///   - performanceInsights: on in production by default.
  ///   - enhancedMonitoringInterval: the seconds between the operating-system metrics every
  ///     instance sends to CloudWatch Logs through a role the cluster creates: 1, 5, 10, 15, 30
  ///     or 60, or 0 for none. Every 60 seconds in production, none elsewhere, by default.
  ///   - parameters: cluster parameters; TLS is required unless they say otherwise.
  ///   - settingLocations: where the windows were written, when that is not the cluster's own
  ///     line (a stack file's values): their problems are reported there.
  @discardableResult
  public init(
    _ id: String, renamedFrom: String? = nil, engine: Database.Engine, network: Network, instances: Int? = nil,
    instanceClass: String? = nil, tier: SubnetSelection = .isolated, allowFrom: [Database.Source] = [],
    backupRetentionDays: Int? = nil, backupWindow: String = "02:00-03:00",
    maintenanceWindow: String = "sun:03:30-sun:04:30", deletionProtection: Bool = true, performanceInsights: Bool? = nil,
    enhancedMonitoringInterval: Int? = nil, parameters: [String: String] = [:],
    settingLocations: [Database.Setting: SourceLocation] = [:], in scope: Construct? = nil, file: String = #filePath, line: Int = #line,
    column: Int = #column
  ) {
    self.engine = engine
    super.init(id, renamedFrom: renamedFrom, provider: network.providerConfiguration, in: scope, file: file, line: line, column: column)
    let production = environment == .production
    let retention = backupRetentionDays ?? (production ? 14 : 7)
    let count = instances ?? (production ? 2 : 1)
    checkDatabase(network: network, tier: tier, retention: retention)
    checkEnhancedMonitoring(enhancedMonitoringInterval)
    checkWindows(backup: backupWindow, maintenance: maintenanceWindow, subject: "Aurora cluster '\(id)'", at: settingLocations)
    checkDatabaseNames(identifiers: [baseName] + (1...max(1, min(count, 16))).map { "\(baseName)-\($0)" })
    if !(1...16).contains(count) {
      report("aurora-instances", "Aurora cluster '\(id)' has \(count) instances; Aurora allows 1 to 16", fix: "use 2 or more in production")
    }
    let sources = allowFrom.compactMap(\.securityGroupID)
    guard !hasProblems, let vpc = network.vpc, sources.count == allowFrom.count else { return }
    within {
      build(
        network: network, vpc: vpc, tier: tier, allowFrom: sources, instances: count,
        instanceClass: instanceClass ?? (production ? "db.r6g.large" : "db.t4g.medium"), retention: retention,
        backupWindow: backupWindow, maintenanceWindow: maintenanceWindow, deletionProtection: deletionProtection,
        performanceInsights: performanceInsights ?? production, monitoringInterval: monitoringInterval(enhancedMonitoringInterval, production: production),
        parameters: parameters)
    }
  }

  /// `aurora-postgresql` or `aurora-mysql`.
  private var engineName: String { "aurora-" + (engine.name == "postgres" ? "postgresql" : "mysql") }

  /// The parameter group family: `aurora-postgresql16`, `aurora-mysql8.0`.
  private var family: String {
    let parts = engine.version.split(separator: ".")
    return engineName + (engine.name == "postgres" ? parts.prefix(1) : parts.prefix(2)).joined(separator: ".")
  }

  private var logExports: [String] { engine.name == "postgres" ? ["postgresql"] : ["audit", "error", "slowquery"] }

  private func build(
    network: Network, vpc: AwsVpc, tier: SubnetSelection, allowFrom: [Value<String>], instances count: Int,
    instanceClass: String, retention: Int, backupWindow: String, maintenanceWindow: String, deletionProtection: Bool,
    performanceInsights: Bool, monitoringInterval: Int?, parameters: [String: String]
  ) {
    let foundation = buildDatabaseFoundation(network: network, vpc: vpc, tier: tier, allowFrom: allowFrom, port: engine.port)
    securityGroup = foundation.securityGroup
    let settings = engine.requiringTLS(parameters)
    let parameterGroup = placed(
      AwsRdsClusterParameterGroup(
        "parameters", family: Value(family), namePrefix: Value("\(baseName)-"),
        parameter: settings.keys.sorted().map { .init(name: Value($0), value: Value(settings[$0]!)) }, tags: tags("parameters")))
    parameterGroup.lifecycle.createBeforeDestroy = true

    let cluster = placed(
      AwsRdsCluster(
        "cluster", engine: Value(engineName), backupRetentionPeriod: Value(retention), clusterIdentifier: Value(baseName),
        copyTagsToSnapshot: true, dbClusterParameterGroupName: parameterGroup.name,
        dbSubnetGroupName: foundation.subnetGroup.name, deletionProtection: Value(deletionProtection),
        enabledCloudwatchLogsExports: Value<SetOf<String>>(Value(logExports)),
        engineVersion: Value(engine.version), finalSnapshotIdentifier: Value("\(baseName)-final"),
        iamDatabaseAuthenticationEnabled: true, kmsKeyId: foundation.key.arn, manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: foundation.key.arn, masterUsername: "app_admin", preferredBackupWindow: Value(backupWindow),
        preferredMaintenanceWindow: Value(maintenanceWindow), skipFinalSnapshot: false, storageEncrypted: true,
        tags: tags("cluster"), vpcSecurityGroupIds: [foundation.securityGroup.id]))
    // In production, Terraform itself refuses a plan that destroys the cluster.
    if environment == .production { cluster.lifecycle.preventDestroy = true }
    self.cluster = cluster

    let monitoring = monitoringInterval.map { _ in buildEnhancedMonitoringRole() }
    instances = (1...count).map { number in
      let instance = placed(
        AwsRdsClusterInstance(
          "instance-\(number)", clusterIdentifier: cluster.id, engine: Value(engineName), instanceClass: Value(instanceClass),
          autoMinorVersionUpgrade: true, copyTagsToSnapshot: true, dbSubnetGroupName: foundation.subnetGroup.name,
          engineVersion: Value(engine.version), identifier: Value("\(baseName)-\(number)"),
          monitoringInterval: monitoringInterval.map { Value($0) }, monitoringRoleArn: monitoring?.role.arn,
          performanceInsightsEnabled: Value(performanceInsights),
          performanceInsightsKmsKeyId: performanceInsights ? foundation.key.arn : nil, promotionTier: Value(number - 1),
          publiclyAccessible: false, tags: tags("instance-\(number)")))
      if let monitoring { instance.dependsOn = [monitoring.policy] }
      return instance
    }
  }
}
