import InfraCore
import InfraKit
import InfraYAML

extension StackSchema {
  static let loadBalancerTypeChoices: KeyValuePairs<String, String> = ["application": "application", "network": "network"]
  static let applicationLoadBalancerKeys = [
    "name", "type", "scheme", "certificateArn", "domain", "targetsInCluster", "allow", "targets", "accessLogDays",
    "deletionProtection", "firewall", "alarms", "suppress", "renamedFrom",
  ]
  static let networkLoadBalancerKeys = [
    "name", "type", "scheme", "listeners", "targetsInCluster", "allow", "accessLogDays", "deletionProtection", "crossZone",
    "alarms", "suppress", "renamedFrom",
  ]
  static let domainKeys = ["zone", "zoneId", "names"]
  static let targetKeys = ["name", "port", "healthCheckPath", "hosts", "paths", "tenant", "service", "namespace"]
  static let listenerKeys = ["name", "port", "protocol", "certificateArn", "targetPort", "healthCheck", "healthCheckPath"]
  static let firewallKeys = ["managedRules", "rateLimit", "blocked", "countOnly", "logRetentionDays"]
  static let managedRuleKeys = ["name", "vendor", "countOnly"]
  static let schemeChoices: KeyValuePairs<String, LoadBalancer.Scheme> = [
    "internet-facing": .internetFacing, "internal": .internal,
  ]
  enum ListenerProtocol { case tcp, udp, tls }
  static let listenerProtocols: KeyValuePairs<String, ListenerProtocol> = ["tcp": .tcp, "udp": .udp, "tls": .tls]
  enum HealthCheckProtocol { case tcp, http, https }
  static let healthCheckProtocols: KeyValuePairs<String, HealthCheckProtocol> = ["tcp": .tcp, "http": .http, "https": .https]

  /// `loadBalancers:` — application load balancers (the default `type`) and network load
  /// balancers in front of the cluster.
  func readLoadBalancers(_ nodes: [YAMLNode], in root: Fields, _ context: StackContext) -> LoadBalancerFacts {
    checkNames(nodes, of: "load balancer", in: root)
    var facts = LoadBalancerFacts()
    for node in nodes {
      let name = node.entries?["name"]?.scalar?.value
      let type = node.entries?["type"]?.scalar?.value
      let found = type == "network" ? readNetworkLoadBalancer(node, named: name, context) : readApplicationLoadBalancer(node, named: name, context)
      if let found {
        facts.targetGroupArnsInCluster += found.targetGroupArnsInCluster
        facts.zoneIDs += found.zoneIDs
      } else {
        facts.someRejected = true
      }
    }
    return facts
  }

  private func readApplicationLoadBalancer(_ node: YAMLNode, named name: String?, _ context: StackContext) -> LoadBalancerFacts? {
    guard
      let fields = Fields(
        node, name.map { "load balancer '\($0)'" } ?? "a load balancer", keys: Self.applicationLoadBalancerKeys,
        problems: problems)
    else { return nil }
    _ = fields.choice("type", Self.loadBalancerTypeChoices)  // only to report a type that is neither
    let id = fields.required("name", example: "web").flatMap(fields.string)
    let scheme = fields.required("scheme", example: "internet-facing").flatMap {
      fields.choice($0, named: "scheme", Self.schemeChoices)
    }
    let certificate = fields.string("certificateArn")
    let domain = fields["domain"].flatMap(readDomain)
    if fields["certificateArn"] == nil && fields["domain"] == nil {
      fields.error(
        .missingKey, "needs 'domain' or 'certificateArn' for its HTTPS listener",
        fix: "add 'domain: {zone: example.com}' to have a certificate made and validated, or 'certificateArn: arn:aws:acm:…'")
    } else if fields["certificateArn"] != nil, let node = fields["domain"] {
      fields.error(
        .invalidValue, "has both 'domain' and 'certificateArn'",
        fix: "remove 'certificateArn': the domain's certificate is made and validated for you", at: node)
    }
    let cluster = clusterOfTargets(fields, context)
    let allow = fields.cidrs("allow") ?? []
    let targetNodes = fields.elements("targets")
    checkNames(targetNodes, of: "target", in: fields)
    let targets = targetNodes.compactMap { readTarget($0, context) }
    let logDays = fields.int("accessLogDays", in: 1...3653)
    let deletionProtection = fields.bool("deletionProtection")
    let firewall = fields["firewall"].flatMap(readFirewall)
    let suppressions = readSuppressions(fields)
    guard let network = context.network, let id, let scheme, certificate != nil || domain != nil else { return nil }
    let location = node.location
    let loadBalancer = LoadBalancer(
      id, renamedFrom: fields.string("renamedFrom"), scheme: scheme, network: network, cluster: cluster,
      certificateArn: certificate, domain: domain, allow: allow, targets: targets, accessLogDays: logDays ?? 90,
      deletionProtection: deletionProtection, firewall: firewall, file: location.file, line: location.line, column: location.column)
    loadBalancer.suppress(suppressions)
    readAlarms(fields, of: loadBalancer, context.alarmOverrides)
    return finish(loadBalancer, targets: targets.map(\.name), inCluster: cluster != nil, zoneID: loadBalancer.hostedZoneID)
  }

  /// The cluster the load balancer's targets run in: the stack's, unless `targetsInCluster:
  /// false` says they are elsewhere in the VPC.
  private func clusterOfTargets(_ fields: Fields, _ context: StackContext) -> Cluster? {
    let inCluster = fields.bool("targetsInCluster")
    if inCluster == true && !context.hasCluster {
      fields.error(
        .missingPart, "has targets in a cluster but the stack has no cluster",
        fix: "add 'cluster:', or remove 'targetsInCluster'", at: fields["targetsInCluster"])
    }
    return inCluster == false ? nil : context.cluster
  }

  /// Terraform outputs for what runs outside Terraform: each target group's ARN (for a
  /// `TargetGroupBinding`), and the name servers of a zone the load balancer created (for the
  /// parent zone's delegation); and what the load balancer gives the cluster's controllers.
  private func finish(
    _ loadBalancer: some LoadBalancerOutputs, targets: [String], inCluster: Bool, zoneID: Value<String>?
  ) -> LoadBalancerFacts? {
    // A rejected load balancer reports its own error; outputs of what it did not create would
    // only add notes.
    guard !loadBalancer.isRejected else { return nil }
    let name = loadBalancer.node.id
    let location = loadBalancer.node.location
    for target in targets {
      _ = Output(
        "\(name)-\(target)-target-group-arn", value: loadBalancer.targetGroupArn(target),
        description: "The target group of \(target) behind load balancer \(name), for a TargetGroupBinding",
        file: location.file, line: location.line, column: location.column)
    }
    if let zone = (loadBalancer as? LoadBalancer)?.hostedZone {
      _ = Output(
        "\(name)-name-servers", value: zone.nameServers,
        description: "The name servers of the zone of load balancer \(name), for NS records in the parent zone",
        file: location.file, line: location.line, column: location.column)
    }
    return LoadBalancerFacts(
      targetGroupArnsInCluster: inCluster ? targets.map { loadBalancer.targetGroupArn($0) } : [], zoneIDs: zoneID.map { [$0] } ?? [])
  }

  /// `domain: {zone: dev.example.com, zoneId: Z…, names: [...]}`: the zone is created unless
  /// `zoneId` names an existing one.
  private func readDomain(_ node: YAMLNode) -> LoadBalancer.Domain? {
    guard let fields = Fields(node, "the domain", keys: Self.domainKeys, problems: problems) else { return nil }
    let zone = fields.required("zone", example: "example.com").flatMap(fields.string)
    let zoneID = fields.string("zoneId")
    let names = fields.strings("names") ?? []
    guard let zone else { return nil }
    let location = node.location
    return LoadBalancer.Domain(
      zone: zoneID.map { .existing(id: $0, name: zone) } ?? .create(name: zone), names: names, file: location.file,
      line: location.line, column: location.column)
  }

  private func readTarget(_ node: YAMLNode, _ context: StackContext) -> LoadBalancer.Target? {
    let name = node.entries?["name"]?.scalar?.value
    guard let fields = Fields(node, name.map { "target '\($0)'" } ?? "a target", keys: Self.targetKeys, problems: problems)
    else { return nil }
    let targetName = fields.required("name", example: "app").flatMap(fields.string)
    let port = fields.required("port", example: "8080").flatMap { _ in fields.int("port", in: 1...65535) }
    let path = fields.string("healthCheckPath")
    let hosts = fields.strings("hosts") ?? []
    let paths = fields.strings("paths") ?? []
    let service = fields.string("service")
    let namespace = fields.string("namespace")
    if let node = fields["namespace"], fields["tenant"] != nil {
      fields.error(
        .invalidValue, "names both 'tenant' and 'namespace', but a tenant's Services are in the tenant's own namespace",
        fix: "remove 'namespace'",
        at: node)
    }
    let tenant = fields["tenant"].flatMap { node -> Tenant? in
      guard let name = fields.string(node) else { return nil }
      guard let tenant = context.tenants[name] else {
        // A tenant that is listed but was rejected reports its own errors.
        guard !context.tenantNames.contains(name) else { return nil }
        let known = context.tenantNames.sorted()
        fields.error(
          .invalidValue, "runs in tenant '\(name)', which the stack's tenants do not name",
          fix: known.isEmpty ? "add the tenant to 'tenants.list', or remove 'tenant'" : "name one of: \(known.joined(separator: ", "))", at: node)
        return nil
      }
      return tenant
    }
    guard let targetName, let port else { return nil }
    // A rejected tenant reports its own error; its group would only add a note here.
    if let tenant, !tenant.isRejected {
      return .tenant(tenant, targetName, port: port, healthCheckPath: path ?? "/", hosts: hosts, paths: paths, service: service)
    }
    return LoadBalancer.Target(
      targetName, port: port, healthCheckPath: path ?? "/", hosts: hosts, paths: paths, namespace: namespace ?? "default",
      service: service)
  }

  /// `firewall: {managedRules: [...], rateLimit: 2000, blocked: [...], countOnly, logRetentionDays}`
  /// — a WAF web ACL; `firewall: {}` (or `true`) has AWS's standard managed rule groups, and
  /// `firewall: false` none.
  private func readFirewall(_ node: YAMLNode) -> WebFirewall? {
    // `firewall: false`: none, where the environment would have one.
    if node.scalar != nil {
      guard let on = problems.reading(node.bool) else { return nil }
      return on ? WebFirewall(file: node.location.file, line: node.location.line, column: node.location.column) : .off
    }
    guard let fields = Fields(node, "the firewall", keys: Self.firewallKeys, problems: problems) else { return nil }
    let managedRules = fields["managedRules"].map { _ in fields.elements("managedRules").compactMap(readManagedRuleGroup) }
    let rateLimit = fields.int("rateLimit", in: 0...Int.max)
    let blocked = fields.strings("blocked") ?? []
    let countOnly = fields.bool("countOnly") ?? false
    let retention = fields.logRetention("logRetentionDays")
    let location = node.location
    return WebFirewall(
      managedRules: managedRules ?? WebFirewall.ManagedRuleGroup.standard, rateLimit: rateLimit, blocked: blocked,
      countOnly: countOnly, logRetention: retention, file: location.file, line: location.line, column: location.column)
  }

  /// `AWSManagedRulesSQLiRuleSet`, or `{name, vendor, countOnly: [rules that only count]}`.
  private func readManagedRuleGroup(_ node: YAMLNode) -> WebFirewall.ManagedRuleGroup? {
    if node.scalar != nil {
      return (problems.reading(node.string)).map { WebFirewall.ManagedRuleGroup($0) }
    }
    let name = node.entries?["name"]?.scalar?.value
    guard
      let fields = Fields(
        node, name.map { "managed rule group '\($0)'" } ?? "a managed rule group", keys: Self.managedRuleKeys,
        problems: problems),
      let groupName = fields.required("name", example: "AWSManagedRulesCommonRuleSet").flatMap(fields.string)
    else { return nil }
    return WebFirewall.ManagedRuleGroup(groupName, vendor: fields.string("vendor") ?? "AWS", countOnly: fields.strings("countOnly") ?? [])
  }

  private func readNetworkLoadBalancer(_ node: YAMLNode, named name: String?, _ context: StackContext) -> LoadBalancerFacts? {
    guard
      let fields = Fields(
        node, name.map { "network load balancer '\($0)'" } ?? "a network load balancer",
        keys: Self.networkLoadBalancerKeys, problems: problems)
    else { return nil }
    let id = fields.required("name", example: "ingest").flatMap(fields.string)
    let scheme = fields.required("scheme", example: "internet-facing").flatMap {
      fields.choice($0, named: "scheme", Self.schemeChoices)
    }
    let listenerNodes = fields.required("listeners", example: "[{name: mqtt, port: 8883}]").map { _ in fields.elements("listeners") }
    checkNames(listenerNodes ?? [], of: "listener", in: fields)
    let listeners = (listenerNodes ?? []).compactMap(readListener)
    let allow = fields.cidrs("allow") ?? []
    let logDays = fields.int("accessLogDays", in: 1...3653)
    let deletionProtection = fields.bool("deletionProtection")
    let crossZone = fields.bool("crossZone")
    let suppressions = readSuppressions(fields)
    let cluster = clusterOfTargets(fields, context)
    guard let network = context.network, let id, let scheme, listenerNodes != nil else { return nil }
    let location = node.location
    let loadBalancer = NetworkLoadBalancer(
      id, renamedFrom: fields.string("renamedFrom"), scheme: scheme, network: network, cluster: cluster, listeners: listeners,
      allow: allow,
      accessLogDays: logDays ?? 90, deletionProtection: deletionProtection, crossZone: crossZone ?? true,
      file: location.file, line: location.line, column: location.column)
    loadBalancer.suppress(suppressions)
    readAlarms(fields, of: loadBalancer, context.alarmOverrides)
    return finish(loadBalancer, targets: listeners.map(\.name), inCluster: cluster != nil, zoneID: nil)
  }

  /// `{name: mqtt, port: 8883, protocol: tls, certificateArn: …, targetPort: 1883, healthCheck: tcp}`.
  private func readListener(_ node: YAMLNode) -> NetworkLoadBalancer.Listener? {
    let name = node.entries?["name"]?.scalar?.value
    guard let fields = Fields(node, name.map { "listener '\($0)'" } ?? "a listener", keys: Self.listenerKeys, problems: problems)
    else { return nil }
    let listenerName = fields.required("name", example: "mqtt").flatMap(fields.string)
    let port = fields.required("port", example: "8883").flatMap { _ in fields.int("port", in: 1...65535) }
    let protocolName = fields.choice("protocol", Self.listenerProtocols) ?? .tcp
    let certificate = fields.string("certificateArn")
    let targetPort = fields.int("targetPort", in: 1...65535)
    let healthCheck = fields.choice("healthCheck", Self.healthCheckProtocols) ?? .tcp
    let healthCheckPath = fields.string("healthCheckPath")
    let listenerProtocol: NetworkLoadBalancer.Listener.`Protocol`
    switch protocolName {
    case .tcp: listenerProtocol = .tcp
    case .udp: listenerProtocol = .udp
    case .tls:
      guard let certificate else {
        fields.error(.missingKey, "ends TLS and needs 'certificateArn'", fix: "add 'certificateArn: arn:aws:acm:…', or use protocol: tcp to pass TLS through")
        return nil
      }
      listenerProtocol = .tls(certificateArn: Value(certificate))
    }
    if protocolName != .tls, let node = fields["certificateArn"] {
      fields.error(.invalidValue, "has a certificate but does not end TLS", fix: "add 'protocol: tls', or remove 'certificateArn'", at: node)
    }
    if healthCheck == .tcp, let node = fields["healthCheckPath"] {
      fields.error(
        .invalidValue, "has a health check path but checks health over TCP", fix: "add 'healthCheck: http' (or https), or remove the path",
        at: node)
    }
    guard let listenerName, let port else { return nil }
    let check: NetworkLoadBalancer.Listener.HealthCheck =
      switch healthCheck {
      case .tcp: .tcp
      case .http: .http(path: healthCheckPath ?? "/")
      case .https: .https(path: healthCheckPath ?? "/")
      }
    return NetworkLoadBalancer.Listener(
      listenerName, port: port, protocol: listenerProtocol, targetPort: targetPort, healthCheck: check)
  }
}

/// What the stack's load balancers give the cluster's controllers: the target groups whose pods
/// the AWS Load Balancer Controller registers, and the hosted zones of their domains.
struct LoadBalancerFacts {
  var targetGroupArnsInCluster: [Value<String>] = []
  var zoneIDs: [Value<String>] = []
  /// Whether a load balancer was rejected (by its settings or the constructs' checks), so that
  /// what it would have given is missing here.
  var someRejected = false
}
