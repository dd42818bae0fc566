/// What an RDS instance and an Aurora cluster both stand on: their own KMS key, a subnet group in
/// a tier that is not public, and a security group that lets in only the sources named.
struct DatabaseFoundation {
  let key: AwsKmsKey
  let subnetGroup: AwsDbSubnetGroup
  let securityGroup: AwsSecurityGroup
}

extension Database.Engine {
  /// The setting that refuses connections without TLS, unless `parameters` sets it already.
  func requiringTLS(_ parameters: [String: String]) -> [String: String] {
    var settings = parameters
    switch self {
    case .postgres: settings["rds.force_ssl"] = settings["rds.force_ssl"] ?? "1"
    case .mysql: settings["require_secure_transport"] = settings["require_secure_transport"] ?? "ON"
    }
    return settings
  }
}

extension PlatformConstruct {
  /// Reports a tier that is missing or public, and backups kept outside RDS's 1 to 35 days.
  func checkDatabase(network: Network, tier selection: SubnetSelection, retention: Int) {
    if let found = tier(selection, of: network, for: "database '\(node.id)'"), found.routing == .public {
      report(
        "database-public-subnets", "database '\(node.id)' would sit in the public tier '\(found.name)'",
        fix: "use an isolated or private tier")
    }
    if !(1...35).contains(retention) {
      report(
        "backup-retention", "database '\(node.id)' keeps automated backups \(retention) days; RDS allows 1 to 35",
        fix: "keep them 7 days or more (14 in production)")
    }
  }

  /// The seconds between the operating-system metrics RDS enhanced monitoring can collect.
  static var enhancedMonitoringIntervals: [Int] { [1, 5, 10, 15, 30, 60] }
  /// The interval production databases get when none is given: the operating system's view of
  /// an instance (memory, swap, processes) is what an incident needs first, and once a minute
  /// costs little.
  static var productionMonitoringInterval: Int { 60 }

  /// Reports an enhanced monitoring interval RDS does not offer (0 is off).
  func checkEnhancedMonitoring(_ interval: Int?) {
    guard let interval, interval != 0, !Self.enhancedMonitoringIntervals.contains(interval) else { return }
    report(
      "database-monitoring-interval",
      "database '\(node.id)' collects enhanced monitoring metrics every \(interval) seconds, which RDS does not offer",
      fix: "use one of " + Self.enhancedMonitoringIntervals.map(String.init).joined(separator: ", ") + " seconds, or 0 for none")
  }

  /// The interval used: the one given (0 for none), else once a minute in production and none
  /// elsewhere.
  func monitoringInterval(_ given: Int?, production: Bool) -> Int? {
    let interval = given ?? (production ? Self.productionMonitoringInterval : 0)
    return interval == 0 ? nil : interval
  }

  /// The role RDS assumes to send enhanced monitoring metrics to CloudWatch Logs: trusted by
  /// the monitoring service alone, with AWS's policy for exactly that. The instances that use
  /// it depend on the policy's attachment: RDS refuses a role without it.
  func buildEnhancedMonitoringRole() -> (role: AwsIamRole, policy: AwsIamRolePolicyAttachment) {
    let trust: Expr = [
      "Version": "2012-10-17",
      "Statement": [["Effect": "Allow", "Principal": ["Service": "monitoring.rds.amazonaws.com"], "Action": "sts:AssumeRole"]],
    ]
    let role = placed(
      AwsIamRole("monitoring-role", assumeRolePolicy: .jsonEncoded(trust), namePrefix: "rds-monitoring-", tags: tags("monitoring")))
    let policy = placed(
      AwsIamRolePolicyAttachment(
        "monitoring-role-policy", policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
        role: role.name))
    return (role, policy)
  }

  /// The key, subnet group and security group of a database listening on `port`, open to the
  /// security groups `allowFrom`.
  func buildDatabaseFoundation(
    network: Network, vpc: AwsVpc, tier: SubnetSelection, allowFrom: [Value<String>], port: Int
  ) -> DatabaseFoundation {
    let key = CustomerManagedKey(
      "key", description: "Encryption of database \(baseName)", tags: tags("key"), provider: providerConfiguration
    ).key
    placed(AwsKmsAlias("key-alias", targetKeyId: key.keyId, name: Value("alias/rds/\(baseName)")))
    let subnetGroup = placed(
      AwsDbSubnetGroup(
        "subnets", subnetIds: Value(network.subnetIDs(tier)), namePrefix: Value("\(baseName)-"), tags: tags("subnets")))
    let group = placed(
      AwsSecurityGroup(
        "security-group", description: Value("Connections to database \(baseName)"), namePrefix: Value("\(baseName)-"),
        tags: tags("db"), vpcId: vpc.id))
    for (index, sourceGroup) in allowFrom.enumerated() {
      placed(
        AwsVpcSecurityGroupIngressRule(
          "allow-\(index)", ipProtocol: "tcp", securityGroupId: group.id, description: "Database connections",
          fromPort: Value(port), referencedSecurityGroupId: sourceGroup, toPort: Value(port)))
    }
    return DatabaseFoundation(key: key, subnetGroup: subnetGroup, securityGroup: group)
  }
}
