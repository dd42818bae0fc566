/// A stack's alarms and where they go: every database, load balancer and NAT gateway in the stack,
/// and every AWS Backup job, is watched by CloudWatch, and what fires reaches the on-call
/// destinations through an encrypted SNS topic in each region the alarms are in.
///
/// The alarms are made when the stack is complete, in the construct they watch, so a construct
/// written after this one is watched too, and its alarms move with it when it is renamed.
///
/// ```swift
/// Observability(pagerDuty: .variable("pagerduty_url"), email: ["platform-oncall@example.com"])
/// ```
public final class Observability: PlatformConstruct {
  /// The thresholds of every construct without an override of its own.
  public private(set) var thresholds: AlarmThresholds
  /// Whether each cluster gets Managed Prometheus, its default alerts and their exporters.
  public private(set) var prometheus: Bool
  /// Whether each cluster gets Container Insights, through the CloudWatch Observability addon.
  public private(set) var containerInsights: Bool
  private var destinations: [OnCallDestination] = []
  private var overrides: [ObjectIdentifier: AlarmThresholds] = [:]
  /// The alert topic of each region with an alarm, by the ids' suffix (empty for the stack's
  /// default provider).
  private var topics: [String: AlertTopic] = [:]

  /// - Parameters:
  ///   - pagerDuty: where the URL of a PagerDuty CloudWatch integration comes from; nil pages
  ///     nobody through PagerDuty.
  ///   - email: addresses that get every alarm; each must confirm the subscription from the email
  ///     AWS sends, which Terraform cannot do.
  ///   - thresholds: the environment's defaults when nil.
  ///   - prometheus: whether each cluster gets Amazon Managed Service for Prometheus with infra's
  ///     default alerts ([docs/prometheus-rules.md](../../docs/prometheus-rules.md)); in production
  ///     by default.
  ///   - containerInsights: whether each cluster gets Container Insights (the CloudWatch
  ///     Observability addon, with its own identity); in production by default.
  ///   - grafana: whether the stack gets an Amazon Managed Grafana workspace that reads its
  ///     Prometheus workspaces and CloudWatch; its users sign in through IAM Identity Center.
  public init(
    _ id: String = "observability", pagerDuty: PagerDutyURL? = nil, email: [String] = [],
    thresholds: AlarmThresholds? = nil, prometheus: Bool? = nil, containerInsights: Bool? = nil, grafana: Bool = false,
    provider: AWSProvider? = nil, in scope: Construct? = nil,
    file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    var destinations: [OnCallDestination] = []
    // Set again below, once the stack's environment is known.
    self.thresholds = AlarmThresholds.defaults(for: .production)
    self.prometheus = prometheus ?? true
    self.containerInsights = containerInsights ?? true
    super.init(id, provider: provider, in: scope, file: file, line: line, column: column)
    self.prometheus = prometheus ?? (environment == .production)
    self.containerInsights = containerInsights ?? (environment == .production)
    let thresholds = thresholds ?? AlarmThresholds.defaults(for: environment)
    self.thresholds = thresholds
    for problem in thresholds.problems {
      report("invalid-alarm-threshold", "observability '\(id)': \(problem)", fix: "give a threshold in that range")
    }
    for address in email where !Self.isEmailAddress(address) {
      report("invalid-email", "observability '\(id)': '\(address)' is not an email address", fix: "write it as name@example.com")
    }
    switch pagerDuty {
    case .variable(let name):
      if Self.isVariableName(name) {
        let variable = Variable(
          name, type: "string",
          description: "The URL of the PagerDuty CloudWatch integration that pages the on-call engineer (it holds the integration key)",
          sensitive: true, in: self, logicalID: name)
        destinations.append(
          OnCallDestination(
            id: "pagerduty", protocolName: "https", endpoint: Value(expression: variable.value), confirmsItself: true,
            pagesOnlyForCritical: true))
      } else {
        report(
          "invalid-variable-name", "observability '\(id)': '\(name)' cannot be a Terraform variable name",
          fix: "use letters, digits, '_' and '-', starting with a letter")
      }
    case .ssmParameter(let name):
      let parameter = DataAwsSsmParameter("pagerduty-url", name: Value(name), withDecryption: true, in: self)
      parameter.provider = providerConfiguration
      destinations.append(
        OnCallDestination(
          id: "pagerduty", protocolName: "https", endpoint: parameter.value, confirmsItself: true, pagesOnlyForCritical: true))
    case nil: break
    }
    for (index, address) in email.enumerated() {
      destinations.append(
        OnCallDestination(id: "email-\(index + 1)", protocolName: "email", endpoint: Value(address), confirmsItself: false))
    }
    self.destinations = destinations
    if grafana, !hasProblems { GrafanaWorkspace.add(to: self) }
  }

  /// The thresholds of `construct`'s alarms: `change` applied to the stack's.
  public func override(
    _ construct: PlatformConstruct, file: String = #filePath, line: Int = #line, column: Int = #column,
    _ change: (inout AlarmThresholds) -> Void
  ) {
    var thresholds = overrides[ObjectIdentifier(construct)] ?? thresholds
    change(&thresholds)
    for problem in thresholds.problems {
      report(
        "invalid-alarm-threshold", "observability '\(node.id)', for '\(construct.node.id)': \(problem)",
        fix: "give a threshold in that range", at: SourceLocation(file: file, line: line, column: column))
    }
    overrides[ObjectIdentifier(construct)] = thresholds
  }

  public override func completeStack() {
    var constructs: [Construct] = []
    node.root.node.forEachDescendant { constructs.append($0) }
    let others = constructs.compactMap { $0 as? Observability }
    if others.first !== self {
      report(
        "duplicate-observability", "stack '\(node.stackName)' has observability '\(others[0].node.id)' already",
        fix: "keep one Observability per stack: two would make every alarm twice")
      return
    }
    guard !hasProblems else { return }
    var backupRegions: Set<String> = []
    let tenantDatabases = Set(constructs.compactMap { ($0 as? Tenant).map { ObjectIdentifier($0.database) } })
    // The alarms of the stack's own region, for its dashboard.
    var dashboard: [StackDashboard.Entry] = []
    for construct in constructs {
      if let plan = construct as? BackupPlan, !plan.isRejected {
        let (suffix, topic) = topic(for: plan.providerConfiguration)
        if backupRegions.insert(suffix).inserted {
          topic.watchBackupJobs(in: self, suffix: suffix, provider: plan.providerConfiguration)
        }
      }
      if let cluster = construct as? Cluster, !cluster.isRejected {
        if self.prometheus {
          cluster.watchWithPrometheus(topic: topic(for: cluster.providerConfiguration).topic.topic, environment: environment)
        }
        if self.containerInsights { cluster.watchWithContainerInsights() }
      }
      guard let watched = construct as? AlarmedConstruct else { continue }
      let alarms = watched.alarms(overrides[ObjectIdentifier(watched)] ?? thresholds)
      guard !alarms.isEmpty else { continue }
      let (suffix, topic) = topic(for: watched.providerConfiguration)
      for alarm in alarms {
        let resource = alarm.add(to: watched, topic: topic.topic.arn)
        if suffix.isEmpty {
          dashboard.append(
            .init(construct: watched, alarm: alarm, resource: resource, isTenantDatabase: tenantDatabases.contains(ObjectIdentifier(watched))))
        }
      }
    }
    StackDashboard.add(dashboard, to: self, region: region?.code ?? "", provider: providerConfiguration)
  }

  /// The alert topic in the region of `provider`, made the first time a region is asked for.
  private func topic(for provider: Provider?) -> (suffix: String, topic: AlertTopic) {
    let own = provider == nil || provider === providerConfiguration
    let suffix = own ? "" : "-\(provider?.alias ?? "default")"
    if let topic = topics[suffix] { return (suffix, topic) }
    let topic = AlertTopic(in: self, suffix: suffix, provider: own ? providerConfiguration : provider, destinations: destinations)
    topics[suffix] = topic
    return (suffix, topic)
  }

  private static func isEmailAddress(_ address: String) -> Bool {
    let parts = address.split(separator: "@", omittingEmptySubsequences: false)
    return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !address.contains(where: \.isWhitespace)
  }

  private static func isVariableName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII else { return false }
    return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
  }
}
