/// A WAFv2 web ACL in front of an application load balancer: AWS managed rule groups, and
/// optionally a per-address rate limit and blocked addresses, each rule with CloudWatch metrics
/// and sampled requests, and every request logged to CloudWatch Logs without its credentials, in
/// a log group encrypted with a key of the load balancer's.
///
/// An internet-facing load balancer in production has one with the standard rule groups unless
/// it is given another, or ``off``.
///
/// ```swift
/// LoadBalancer("web", …, firewall: WebFirewall(managedRules: WebFirewall.ManagedRuleGroup.standard + [.sqlDatabase], rateLimit: 2000))
/// LoadBalancer("partner-api", …, firewall: .off)   // no firewall, in production too
/// ```
public struct WebFirewall: Sendable {
  /// A rule group AWS (or a Marketplace seller) maintains.
  public struct ManagedRuleGroup: Sendable, Hashable {
    public var name: String
    public var vendor: String
    /// Rules of the group that only count matching requests instead of blocking them, for rules
    /// that misfire on an application's traffic.
    public var countOnly: [String]

    public init(_ name: String, vendor: String = "AWS", countOnly: [String] = []) {
      self.name = name
      self.vendor = vendor
      self.countOnly = countOnly
    }

    /// Requests from addresses Amazon's threat intelligence knows for bots and attacks.
    public static let amazonIPReputation = ManagedRuleGroup("AWSManagedRulesAmazonIpReputationList")
    /// The OWASP-style core: cross-site scripting, path traversal, oversized bodies and more.
    public static let commonRuleSet = ManagedRuleGroup("AWSManagedRulesCommonRuleSet")
    /// Request patterns known to exploit vulnerabilities, Log4j's among them.
    public static let knownBadInputs = ManagedRuleGroup("AWSManagedRulesKnownBadInputsRuleSet")
    /// SQL injection.
    public static let sqlDatabase = ManagedRuleGroup("AWSManagedRulesSQLiRuleSet")
    /// Linux-specific local file inclusion.
    public static let linux = ManagedRuleGroup("AWSManagedRulesLinuxRuleSet")
    /// Addresses that hide who sends the request: VPNs, proxies, Tor.
    public static let anonymousIPs = ManagedRuleGroup("AWSManagedRulesAnonymousIpList")

    /// IP reputation, the common rule set and known bad inputs.
    public static let standard: [ManagedRuleGroup] = [.amazonIPReputation, .commonRuleSet, .knownBadInputs]
  }

  public var managedRules: [ManagedRuleGroup]
  /// The most requests one address may send in five minutes before it is blocked; nil for no
  /// limit.
  public var rateLimit: Int?
  /// Address blocks whose requests are always blocked, kept as an IP set.
  public var blocked: [String]
  /// Count what the rules match instead of blocking it: for watching a new firewall's metrics
  /// before it enforces.
  public var countOnly: Bool
  /// How long request logs are kept; nil for the environment's choice: a year in production,
  /// three months otherwise.
  public var logRetention: LogRetention?
  /// Whether this is ``off``: no web ACL at all.
  public private(set) var isOff = false
  let location: SourceLocation

  /// No firewall, where the environment would give the load balancer one (an internet-facing
  /// load balancer in production): for traffic a firewall in front must not see or may not
  /// slow, such as a partner's mutual-TLS API behind a firewall of its own.
  public static var off: WebFirewall {
    var firewall = WebFirewall(managedRules: [])
    firewall.isOff = true
    return firewall
  }

  /// - Parameters:
  ///   - managedRules: ``ManagedRuleGroup/standard`` by default.
  ///   - rateLimit: none by default; 2000 is a common start.
  ///   - blocked: IPv4 CIDR blocks to block.
  ///   - countOnly: false by default: the rules block.
  ///   - logRetention: how long request logs are kept; a year in production, three months
  ///     otherwise.
  public init(
    managedRules: [ManagedRuleGroup] = ManagedRuleGroup.standard, rateLimit: Int? = nil, blocked: [String] = [],
    countOnly: Bool = false, logRetention: LogRetention? = nil, file: String = #filePath, line: Int = #line,
    column: Int = #column
  ) {
    self.managedRules = managedRules
    self.rateLimit = rateLimit
    self.blocked = blocked
    self.countOnly = countOnly
    self.logRetention = logRetention
    self.location = SourceLocation(file: file, line: line, column: column)
  }

  /// What is wrong with the settings, in the words of an error message.
  func problems(of owner: String) -> [SettingProblem] {
    var problems: [SettingProblem] = []
    if isOff { return problems }
    if managedRules.isEmpty && rateLimit == nil && blocked.isEmpty {
      problems.append(SettingProblem("waf-no-rules", "the firewall of \(owner) has no rules", "keep the standard managed rules, or turn the firewall off"))
    }
    var names: Set<String> = []
    for group in managedRules where !names.insert(group.name).inserted {
      problems.append(SettingProblem("duplicate-waf-rule", "the firewall of \(owner) has the managed rule group \(group.name) twice", "list each group once"))
    }
    if let rateLimit, !(10...2_000_000_000).contains(rateLimit) {
      problems.append(SettingProblem("waf-rate-limit", "the firewall of \(owner) limits each address to \(rateLimit) requests in five minutes", "use a limit from 10 to 2,000,000,000"))
    }
    for text in blocked {
      if case .failure(let error) = IPv4Block.parse(text) {
        problems.append(SettingProblem("invalid-cidr", "the firewall of \(owner): blocked \(error)", "write it as 198.51.100.0/24"))
      }
    }
    return problems
  }
}

extension PlatformConstruct {
  /// The web ACL of `firewall`, regional, associated with the resource at `arn`, and its request
  /// log.
  @discardableResult
  func buildWebFirewall(_ firewall: WebFirewall, protecting arn: Value<String>) -> AwsWafv2WebAcl {
    let metric = { (name: String) -> Value<String> in
      Value(String("\(self.baseName)-\(name)".map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" }.prefix(128)))
    }
    let visibility = { (name: String) in
      AwsWafv2WebAcl.VisibilityConfig(cloudwatchMetricsEnabled: true, metricName: metric(name), sampledRequestsEnabled: true)
    }
    let action = firewall.countOnly ? AwsWafv2WebAcl.Action(count: .init()) : AwsWafv2WebAcl.Action(block: .init())
    var rules: [AwsWafv2WebAcl.Rule] = []
    if !firewall.blocked.isEmpty {
      let addresses = placed(
        AwsWafv2IpSet(
          "waf-blocked", ipAddressVersion: "IPV4", scope: "REGIONAL", addresses: Value<SetOf<String>>(Value(firewall.blocked)),
          description: "Addresses the firewall blocks", namePrefix: Value("\(baseName)-blocked-"), tags: tags("waf-blocked")))
      rules.append(
        .init(
          name: "blocked-addresses", priority: 1, statement: .init(ipSetReferenceStatement: .init(arn: addresses.arn)),
          visibilityConfig: visibility("blocked-addresses"), action: action))
    }
    if let limit = firewall.rateLimit {
      rules.append(
        .init(
          name: "rate-limit", priority: 2,
          statement: .init(rateBasedStatement: .init(limit: Value(limit), aggregateKeyType: "IP")),
          visibilityConfig: visibility("rate-limit"), action: action))
    }
    for (index, group) in firewall.managedRules.enumerated() {
      rules.append(
        .init(
          name: Value(group.name), priority: Value(10 + index * 10),
          statement: .init(
            managedRuleGroupStatement: .init(
              name: Value(group.name), vendorName: Value(group.vendor),
              ruleActionOverride: group.countOnly.map { .init(actionToUse: .init(count: .init()), name: Value($0)) })),
          visibilityConfig: visibility(group.name),
          overrideAction: firewall.countOnly ? .init(count: .init()) : .init(none: .init())))
    }
    let acl = placed(
      AwsWafv2WebAcl(
        "waf", defaultAction: .init(allow: .init()), scope: "REGIONAL", visibilityConfig: visibility("waf"),
        description: Value("Firewall of \(baseName)"), namePrefix: Value("\(baseName)-"), rule: rules, tags: tags("waf")))
    placed(AwsWafv2WebAclAssociation("waf-association", resourceArn: arn, webAclArn: acl.arn))
    // WAF writes only to log groups whose names start with aws-waf-logs-. CloudWatch Logs
    // encrypts what WAF delivers with the group's key, so the key's policy names CloudWatch Logs
    // alone, as for any other log group.
    let logs = placed(
      AwsCloudwatchLogGroup(
        "waf-logs", name: Value("aws-waf-logs-\(baseName)"),
        retentionInDays: Value((firewall.logRetention ?? (environment == .production ? .oneYear : .threeMonths)).days), tags: tags("waf-logs")))
    CustomerManagedKey.logs(
      "waf-logs-key", description: "Firewall logs of \(baseName)", tags: tags("waf-logs-key"), provider: providerConfiguration
    ).encrypt(logs)
    // Credentials and sessions stay out of the log.
    placed(
      AwsWafv2WebAclLoggingConfiguration(
        "waf-logging", logDestinationConfigs: [logs.arn], resourceArn: acl.arn,
        redactedFields: ["authorization", "cookie"].map { .init(singleHeader: .init(name: Value($0))) }))
    return acl
  }
}
