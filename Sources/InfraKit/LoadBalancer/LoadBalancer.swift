/// An application load balancer: the only way traffic reaches a cluster's nodes from outside.
/// HTTPS with a modern TLS policy, HTTP redirected to HTTPS, invalid headers dropped, an IP
/// allow-list, access logs to a bucket it creates properly, and deletion protection in
/// production.
///
/// With `domain:` it creates (or takes) the hosted zone, a certificate validated through DNS
/// and an alias record for each name; with `cluster:` its security group may reach the
/// cluster's pods on the target ports, and nothing else.
///
/// ```swift
/// LoadBalancer("web", scheme: .internetFacing, network: network, cluster: cluster,
///              domain: .zone("dev.example.com"), allow: ["203.0.113.0/24"],
///              targets: [.init("app", port: 8080, healthCheckPath: "/healthz", hosts: ["app.dev.example.com"])])
/// ```
public final class LoadBalancer: PlatformConstruct, LoadBalancerOutputs {
  public enum Scheme: Sendable { case internetFacing, `internal` }

  /// A target group (IP targets, as the AWS Load Balancer Controller registers pods) and the
  /// requests routed to it.
  // Unchecked: the tenant it may carry is read while the stack is built, on one thread.
  public struct Target: @unchecked Sendable {
    public var name: String
    public var port: Int
    public var healthCheckPath: String
    public var hosts: [String]
    public var paths: [String]
    /// The security group of the target's pods, when they have one of their own (a tenant's,
    /// through security groups for pods): the load balancer is let into it rather than into the
    /// cluster security group, which such pods do not carry.
    public var podSecurityGroupID: Value<String>?
    /// The Service whose pods are the targets, and its namespace, when the load balancer sends
    /// to a cluster: a `TargetGroupBinding` there has the AWS Load Balancer Controller register
    /// the Service's endpoints on `port`, which is the Service's port.
    public var namespace: String
    public var service: String
    /// The tenant whose pods these are, whose network policies then let the load balancer in.
    var tenant: Tenant?

    /// - Parameters:
    ///   - namespace: the namespace of the target's Service, `default` unless given.
    ///   - service: the Service whose pods are the targets; the target's name unless given.
    public init(
      _ name: String, port: Int, healthCheckPath: String = "/", hosts: [String] = [], paths: [String] = [],
      podSecurityGroup: (any ValueConvertible<String>)? = nil, namespace: String = "default", service: String? = nil
    ) {
      self.name = name
      self.port = port
      self.healthCheckPath = healthCheckPath
      self.hosts = hosts
      self.paths = paths
      self.podSecurityGroupID = podSecurityGroup?.terraformValue
      self.namespace = namespace
      self.service = service ?? name
    }

    /// The pods of `tenant`'s Service `service` (the target's name unless given), in the
    /// tenant's namespace, which carry its pod security group.
    public static func tenant(
      _ tenant: Tenant, _ name: String, port: Int, healthCheckPath: String = "/", hosts: [String] = [], paths: [String] = [],
      service: String? = nil
    ) -> Target {
      var target = Target(
        name, port: port, healthCheckPath: healthCheckPath, hosts: hosts, paths: paths, podSecurityGroup: tenant.podSecurityGroupID,
        namespace: tenant.namespace, service: service)
      target.tenant = tenant
      return target
    }
  }

  /// TLS 1.3 and 1.2 with forward-secret ciphers only.
  public static let tlsPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  /// The load balancer; nil when its settings were rejected and it created nothing.
  public private(set) var alb: AwsLb?
  /// The target groups, by target name.
  public private(set) var targetGroups: [String: AwsLbTargetGroup] = [:]
  /// The load balancer's security group; nil when its settings were rejected.
  public private(set) var securityGroup: AwsSecurityGroup?
  /// The web ACL, when the load balancer has a firewall.
  public private(set) var webACL: AwsWafv2WebAcl?
  /// The hosted zone, when the load balancer has a domain whose zone it creates.
  public internal(set) var hostedZone: AwsRoute53Zone?
  /// The certificate, when the load balancer has a domain.
  public internal(set) var certificate: AwsAcmCertificate?
  /// The certificate's validation, which the HTTPS listener waits for, when the load balancer
  /// has a domain.
  public internal(set) var certificateValidation: AwsAcmCertificateValidation?

  public var loadBalancerResource: AwsLb? { alb }
  public static let loadBalancerResourceID = "alb"

  /// The hosted zone of the load balancer's names, as given.
  public let domain: Domain?

  /// The id of the hosted zone of the load balancer's domain, for identities that may change
  /// its records (external-dns, cert-manager); nil without a domain.
  public var hostedZoneID: Value<String>? {
    switch domain?.zone {
    case .existing(let id, _)?: Value(id)
    case .create?: output(hostedZone, "zone_id", type: "aws_route53_zone", id: "zone")
    case nil: nil
    }
  }

  /// - Parameters:
  ///   - scheme: internet-facing load balancers go in the public tier, internal ones in the
  ///     private tier.
  ///   - cluster: the cluster whose pods the targets are: its security group lets the load
  ///     balancer in on exactly the target ports, and the load balancer may reach nothing else.
  ///     Without, the targets are anywhere in the VPC.
  ///   - certificateArn: an ACM certificate of the HTTPS listener that exists already; give
  ///     this or `domain`.
  ///   - domain: the hosted zone and names of the load balancer: a certificate validated
  ///     through DNS and an alias record for each name are created.
  ///   - allow: who may connect; everyone for an internet-facing load balancer, the VPC for an
  ///     internal one, when empty.
  ///   - accessLogDays: how long access logs are kept (90 days by default).
  ///   - firewall: a WAF web ACL in front of the load balancer. By default an internet-facing
  ///     load balancer in production has one with the standard managed rule groups, and others
  ///     none; `.off` for none in production too.
  @discardableResult
  public init(
    _ id: String, renamedFrom: String? = nil, scheme: Scheme, network: Network, cluster: Cluster? = nil,
    certificateArn: (any ValueConvertible<String>)? = nil, domain: Domain? = nil,
    allow: [String] = [], targets: [Target] = [], accessLogDays: Int = 90, deletionProtection: Bool? = nil,
    firewall: WebFirewall? = nil, in scope: Construct? = nil, file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.domain = domain
    super.init(id, renamedFrom: renamedFrom, provider: network.providerConfiguration, in: scope, file: file, line: line, column: column)
    let tier = loadBalancerTier(in: network, scheme: scheme, allow: allow)
    check(targets: targets, cluster: cluster)
    checkLoadBalancerNames(targets: targets.map(\.name))
    check(cluster: cluster, in: network)
    check(certificateArn: certificateArn, domain: domain, targets: targets)
    for problem in firewall?.problems(of: "load balancer '\(id)'") ?? [] {
      report(problem, at: firewall?.location)
    }
    // Targets in a cluster that was not built have nowhere to be let in: the cluster's errors say why.
    guard !hasProblems, let tier, let vpc = network.vpc, let vpcBlock = network.block, cluster.map({ $0.eks != nil }) ?? true
    else { return }
    within {
      build(
        network: network, vpc: vpc, vpcBlock: vpcBlock, tier: tier.name, scheme: scheme, cluster: cluster,
        certificateArn: certificateArn?.terraformValue, domain: domain,
        allow: allow.isEmpty ? scheme.defaultAllow(vpc: vpcBlock) : allow, targets: targets,
        accessLogDays: accessLogDays, deletionProtection: deletionProtection ?? (environment == .production))
      if let alb, let firewall = firewall ?? (scheme == .internetFacing && environment == .production ? WebFirewall() : nil),
        !firewall.isOff
      {
        webACL = buildWebFirewall(firewall, protecting: alb.arn)
      }
    }
    // Its two ports at the subnets' network ACL; connections from inside the VPC are let in already.
    if scheme == .internetFacing || !allow.isEmpty {
      for port in [80, 443] { network.allowAtACL(port: port) }
    }
  }

  private func check(certificateArn: (any ValueConvertible<String>)?, domain: Domain?, targets: [Target]) {
    switch (certificateArn, domain) {
    case (nil, nil):
      report(
        "load-balancer-certificate", "load balancer '\(node.id)' has neither a certificate nor a domain for its HTTPS listener",
        fix: "give domain: .zone(\"example.com\") to have a certificate made and validated, or certificateArn: an existing certificate")
    case (.some, .some):
      report(
        "load-balancer-certificate", "load balancer '\(node.id)' has both a certificate and a domain",
        fix: "give one: the domain's certificate is made and validated for you")
    case (nil, let domain?):
      for problem in domain.problems(of: node.id, hosts: targets.flatMap(\.hosts)) {
        report(problem, at: domain.location)
      }
    case (.some, nil): break
    }
  }

  /// Whether `name` is a Service name: a DNS-1035 label, which starts with a letter.
  static func isServiceName(_ name: String) -> Bool {
    WorkloadIdentity.isLabel(name) && name.first.map { $0 >= "a" && $0 <= "z" } == true
  }

  private func check(targets: [Target], cluster: Cluster?) {
    var names: Set<String> = []
    for target in targets {
      if !names.insert(target.name).inserted {
        report("duplicate-target", "load balancer '\(node.id)' has two targets named '\(target.name)'", fix: "give each target its own name")
      }
      if !(1...65535).contains(target.port) {
        report("target-port", "target '\(target.name)' has port \(target.port)", fix: "use a port from 1 to 65535")
      }
      guard cluster != nil else { continue }
      if !WorkloadIdentity.isLabel(target.namespace) {
        report(
          "invalid-namespace", "target '\(target.name)' of load balancer '\(node.id)' is in '\(target.namespace)', which is not a Kubernetes namespace name",
          fix: WorkloadIdentity.namespaceFix)
      }
      if !Self.isServiceName(target.service) {
        report(
          "invalid-service-name", "target '\(target.name)' of load balancer '\(node.id)' is Service '\(target.service)', which is not a Kubernetes Service name",
          fix: "use at most 63 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit")
      }
      let binding = TargetGroupBinding.name(loadBalancer: node.id, target: target.name)
      if !WorkloadIdentity.isSubdomain(binding) {
        report(
          "invalid-target-name", "target '\(target.name)' of load balancer '\(node.id)' names its TargetGroupBinding '\(binding)', which is not a Kubernetes object name",
          fix: "name the load balancer and the target with lowercase letters, digits and hyphens")
      }
    }
  }

  private func build(
    network: Network, vpc: AwsVpc, vpcBlock: IPv4Block, tier: String, scheme: Scheme, cluster: Cluster?,
    certificateArn: Value<String>?, domain: Domain?, allow: [String], targets: [Target], accessLogDays: Int, deletionProtection: Bool
  ) {
    let group = placed(
      AwsSecurityGroup(
        "security-group", description: Value("Load balancer \(baseName)"), namePrefix: Value("\(baseName)-"),
        tags: tags("lb"), vpcId: vpc.id))
    securityGroup = group
    for (index, cidr) in allow.enumerated() {
      for port in [80, 443] {
        placed(
          AwsVpcSecurityGroupIngressRule(
            "allow-\(port)-\(index)", ipProtocol: "tcp", securityGroupId: group.id, cidrIpv4: Value(cidr),
            description: Value(port == 443 ? "HTTPS" : "HTTP, redirected to HTTPS"), fromPort: Value(port), toPort: Value(port)))
      }
    }
    let inClusterGroup = targets.filter { $0.podSecurityGroupID == nil }
    buildTargetAccess(
      group: group, cluster: cluster, ports: inClusterGroup.map { TargetPort(port: $0.port, udp: false) }, vpcBlock: vpcBlock,
      transports: ["tcp"], namedByTransport: false)
    let subnetCIDRs = network.allSubnets.filter { $0.tier == tier }.map(\.cidr.description)
    for target in targets {
      if let pods = target.podSecurityGroupID { buildPodAccess(group: group, target: target.name, port: target.port, pods: pods) }
      target.tenant?.admit(loadBalancer: node.id, cidrs: subnetCIDRs, port: target.port)
    }

    let (logs, logsPolicy) = buildAccessLogBucket(days: accessLogDays)
    let alb = placed(
      AwsLb(
        "alb", accessLogs: .init(bucket: logs.id, enabled: true), dropInvalidHeaderFields: true,
        enableDeletionProtection: Value(deletionProtection), internal: Value(scheme == .internal),
        loadBalancerType: "application", namePrefix: Value(String(namingID.prefix(6))),
        securityGroups: [group.id], subnets: Value(network.subnetIDs(.tier(tier))), tags: tags("alb")))
    alb.dependsOn = [logsPolicy]
    self.alb = alb

    placed(
      AwsLbListener(
        "http", defaultAction: [.init(type: "redirect", redirect: .init(statusCode: "HTTP_301", port: "443", protocol: "HTTPS"))],
        loadBalancerArn: alb.arn, port: 80, protocol: "HTTP"))
    let zone = domain.map(buildZone)
    let names = domain?.servedNames(hosts: targets.flatMap(\.hosts)) ?? []
    let validatedArn = zone.map { buildCertificate(names: names, zoneID: $0) }
    let https = placed(
      AwsLbListener(
        "https",
        defaultAction: [.init(type: "fixed-response", fixedResponse: .init(contentType: "text/plain", messageBody: "Not found", statusCode: "404"))],
        loadBalancerArn: alb.arn, certificateArn: validatedArn ?? certificateArn, port: 443, protocol: "HTTPS",
        sslPolicy: Value(Self.tlsPolicy)))
    if let zone { buildAliasRecords(names: names, zoneID: zone, to: alb) }

    for (index, target) in targets.enumerated() {
      let targetGroup = placed(
        AwsLbTargetGroup(
          "target-\(target.name)",
          healthCheck: .init(healthyThreshold: 3, interval: 15, matcher: "200-399", path: Value(target.healthCheckPath)),
          namePrefix: Value(String(target.name.prefix(6))), port: Value(target.port), protocol: "HTTP",
          tags: tags(target.name), targetType: "ip", vpcId: vpc.id))
      // A replacement group must exist before the listener rule moves to it.
      targetGroup.lifecycle.createBeforeDestroy = true
      targetGroups[target.name] = targetGroup
      if let cluster {
        let binding = TargetGroupBinding(
          loadBalancer: node.id, target: target.name, namespace: target.namespace, service: target.service, port: target.port,
          targetGroupArn: targetGroup.arn)
        if let tenant = target.tenant { tenant.bind(binding) } else { cluster.targetGroupBindings.append(binding) }
      }
      var conditions: [AwsLbListenerRule.Condition] = []
      if !target.hosts.isEmpty { conditions.append(.init(hostHeader: .init(values: Value(target.hosts)))) }
      if !target.paths.isEmpty { conditions.append(.init(pathPattern: .init(values: Value(target.paths)))) }
      if conditions.isEmpty { conditions.append(.init(pathPattern: .init(values: ["/*"]))) }
      placed(
        AwsLbListenerRule(
          "rule-\(target.name)", action: [.init(type: "forward", targetGroupArn: targetGroup.arn)], condition: conditions,
          listenerArn: https.arn, priority: Value(100 + index * 10)))
    }
  }

  /// The bucket access logs go to, writable by the load balancer log delivery of the region.
  private func buildAccessLogBucket(days: Int) -> (AwsS3Bucket, AwsS3BucketPolicy) {
    accessLogBucket(days: days) { bucket in
      let writer: Expr =
        region.flatMap { Self.elbAccounts[$0.code] }.map { ["AWS": .string("arn:aws:iam::\($0):root")] }
        ?? ["Service": "logdelivery.elasticloadbalancing.amazonaws.com"]
      return [
        ["Sid": "LoadBalancerLogDelivery", "Effect": "Allow", "Principal": writer, "Action": "s3:PutObject", "Resource": "\(bucket.arn)/*"]
      ]
    }
  }

  /// The Elastic Load Balancing account that writes access logs, in the regions older than
  /// August 2022; newer regions use the log delivery service principal.
  static let elbAccounts: [String: String] = [
    "us-east-1": "127311923021", "us-east-2": "033677994240", "us-west-1": "027434742980", "us-west-2": "797873946194",
    "eu-west-1": "156460612806", "eu-west-2": "652711504416", "eu-west-3": "009996457667", "eu-central-1": "054676820928",
    "eu-north-1": "897822967062", "ap-southeast-1": "114774131450", "ap-southeast-2": "783225319266",
    "ap-northeast-1": "582318560864", "ap-northeast-2": "600734575887", "ap-south-1": "718504428378",
    "ca-central-1": "985666609251", "sa-east-1": "507241528517",
  ]
}
