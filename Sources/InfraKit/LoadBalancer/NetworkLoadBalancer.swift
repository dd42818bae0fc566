/// A network load balancer: TCP, UDP or TLS at layer 4, for what is not HTTP (databases behind a
/// proxy, MQTT, gRPC passed through, TLS passed through to the pods) or needs static addresses.
/// It has a security group, as an application load balancer does, that lets in only the
/// allow-list on the listeners' ports; TLS listeners use the same modern policy; deletion
/// protection in production; cross-zone load balancing on; access logs (which AWS writes for TLS
/// listeners) to a bucket it creates properly.
///
/// ```swift
/// NetworkLoadBalancer(
///   "ingest", scheme: .internetFacing, network: network,
///   listeners: [.init("mqtt", port: 8883, protocol: .tls(certificateArn: certificate), targetPort: 1883)],
///   allow: ["203.0.113.0/24"])
/// ```
public final class NetworkLoadBalancer: PlatformConstruct, LoadBalancerOutputs {
  /// A port the load balancer listens on, and the target group (IP targets, as the AWS Load
  /// Balancer Controller registers pods) it forwards to.
  public struct Listener: Sendable {
    public enum `Protocol`: Sendable {
      /// TCP passed through: TLS, if any, ends at the targets.
      case tcp
      case udp
      /// TLS ended at the load balancer with the certificate and ``LoadBalancer/tlsPolicy``; TCP
      /// to the targets.
      case tls(certificateArn: Value<String>)
    }

    /// How the targets' health is checked, on their traffic port.
    public enum HealthCheck: Sendable {
      case tcp
      case http(path: String)
      case https(path: String)
    }

    public var name: String
    public var port: Int
    public var `protocol`: Protocol
    public var targetPort: Int
    public var healthCheck: HealthCheck

    /// - Parameters:
    ///   - protocol: `.tcp` by default.
    ///   - targetPort: the port the targets listen on; the listener's port by default.
    ///   - healthCheck: a TCP connection by default.
    public init(
      _ name: String, port: Int, protocol protocolValue: Protocol = .tcp, targetPort: Int? = nil,
      healthCheck: HealthCheck = .tcp
    ) {
      self.name = name
      self.port = port
      self.protocol = protocolValue
      self.targetPort = targetPort ?? port
      self.healthCheck = healthCheck
    }

    var isUDP: Bool { if case .udp = `protocol` { true } else { false } }
    var certificateArn: Value<String>? { if case .tls(let arn) = `protocol` { arn } else { nil } }
  }

  /// The load balancer; nil when its settings were rejected and it created nothing.
  public private(set) var nlb: AwsLb?
  /// The target groups, by listener name.
  public private(set) var targetGroups: [String: AwsLbTargetGroup] = [:]
  /// The listeners, by name.
  public private(set) var listeners: [String: AwsLbListener] = [:]
  /// The load balancer's security group; nil when its settings were rejected.
  public private(set) var securityGroup: AwsSecurityGroup?

  public var loadBalancerResource: AwsLb? { nlb }
  public static let loadBalancerResourceID = "nlb"

  /// - Parameters:
  ///   - scheme: internet-facing load balancers go in the public tier, internal ones in the
  ///     private tier.
  ///   - cluster: the cluster whose pods the targets are: its security group lets the load
  ///     balancer in on exactly the target ports, and the load balancer may reach nothing else.
  ///     Without, the targets are anywhere in the VPC.
  ///   - listeners: at least one; each with its own name and port.
  ///   - allow: who may connect to the listeners' ports; everyone for an internet-facing load
  ///     balancer, the VPC for an internal one, when empty.
  ///   - accessLogDays: how long access logs of TLS listeners are kept (90 days by default).
  ///   - deletionProtection: on in production by default.
  ///   - crossZone: spread each zone's connections over the targets of every zone (on by default).
  @discardableResult
  public init(
    _ id: String, renamedFrom: String? = nil, scheme: LoadBalancer.Scheme, network: Network, cluster: Cluster? = nil,
    listeners: [Listener],
    allow: [String] = [], accessLogDays: Int = 90, deletionProtection: Bool? = nil, crossZone: Bool = true,
    in scope: Construct? = nil, file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    super.init(id, renamedFrom: renamedFrom, provider: network.providerConfiguration, in: scope, file: file, line: line, column: column)
    let tier = loadBalancerTier(in: network, scheme: scheme, allow: allow)
    check(listeners)
    check(cluster: cluster, in: network)
    checkLoadBalancerNames(targets: listeners.map(\.name), accessLogs: listeners.contains { $0.certificateArn != nil })
    // Targets in a cluster that was not built have nowhere to be let in: the cluster's errors say why.
    guard !hasProblems, let tier, let vpc = network.vpc, let vpcBlock = network.block, cluster.map({ $0.eks != nil }) ?? true
    else { return }
    within {
      build(
        network: network, vpc: vpc, vpcBlock: vpcBlock, tier: tier.name, scheme: scheme, cluster: cluster, listeners: listeners,
        allow: allow.isEmpty ? scheme.defaultAllow(vpc: vpcBlock) : allow, accessLogDays: accessLogDays,
        deletionProtection: deletionProtection ?? (environment == .production), crossZone: crossZone)
    }
    // The listener ports below 1024 at the subnets' network ACL, and for UDP the target ports,
    // which see the clients' own addresses; connections from inside the VPC are let in already.
    if scheme == .internetFacing || !allow.isEmpty {
      for listener in listeners {
        network.allowAtACL(port: listener.port, udp: listener.isUDP)
        if listener.isUDP { network.allowAtACL(port: listener.targetPort, udp: true) }
      }
    }
  }

  private func check(_ listeners: [Listener]) {
    if listeners.isEmpty {
      report(
        "load-balancer-listeners", "network load balancer '\(node.id)' has no listeners",
        fix: "add one, e.g. " + node.location.spelled(swift: "listeners: [.init(\"app\", port: 443)]", yaml: "listeners: [{name: app, port: 443}]"))
    }
    var names: Set<String> = []
    var ports: [Int: String] = [:]
    for listener in listeners {
      if !names.insert(listener.name).inserted {
        report(
          "duplicate-listener", "network load balancer '\(node.id)' has two listeners named '\(listener.name)'",
          fix: "give each listener its own name")
      }
      if let other = ports[listener.port], other != listener.name {
        report(
          "duplicate-listener", "listeners '\(other)' and '\(listener.name)' both listen on port \(listener.port)",
          fix: "give each listener its own port")
      }
      ports[listener.port] = ports[listener.port] ?? listener.name
      for (what, port) in [("port", listener.port), ("target port", listener.targetPort)] where !(1...65535).contains(port) {
        report("listener-port", "listener '\(listener.name)' has \(what) \(port)", fix: "use a port from 1 to 65535")
      }
    }
  }

  private func build(
    network: Network, vpc: AwsVpc, vpcBlock: IPv4Block, tier: String, scheme: LoadBalancer.Scheme, cluster: Cluster?,
    listeners: [Listener], allow: [String], accessLogDays: Int, deletionProtection: Bool, crossZone: Bool
  ) {
    let group = placed(
      AwsSecurityGroup(
        "security-group", description: Value("Network load balancer \(baseName)"), namePrefix: Value("\(baseName)-"),
        tags: tags("nlb"), vpcId: vpc.id))
    securityGroup = group
    for listener in listeners {
      for (index, cidr) in allow.enumerated() {
        placed(
          AwsVpcSecurityGroupIngressRule(
            "allow-\(listener.name)-\(index)", ipProtocol: Value(listener.isUDP ? "udp" : "tcp"), securityGroupId: group.id,
            cidrIpv4: Value(cidr), description: Value("Listener \(listener.name)"), fromPort: Value(listener.port),
            toPort: Value(listener.port)))
      }
    }
    buildTargetAccess(
      // A UDP target's health is checked over TCP on the same port.
      group: group, cluster: cluster,
      ports: listeners.flatMap { listener in
        [TargetPort(port: listener.targetPort, udp: false)] + (listener.isUDP ? [TargetPort(port: listener.targetPort, udp: true)] : [])
      },
      vpcBlock: vpcBlock, transports: ["tcp", "udp"].filter { $0 == "tcp" || listeners.contains(where: \.isUDP) }, namedByTransport: true)

    // AWS writes a network load balancer's access logs for TLS listeners only.
    let logs = listeners.contains { $0.certificateArn != nil } ? buildAccessLogBucket(days: accessLogDays) : nil
    let nlb = placed(
      AwsLb(
        "nlb", accessLogs: logs.map { .init(bucket: $0.0.id, enabled: true) }, enableCrossZoneLoadBalancing: Value(crossZone),
        enableDeletionProtection: Value(deletionProtection), enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: "on",
        internal: Value(scheme == .internal), loadBalancerType: "network", namePrefix: Value(String(namingID.prefix(6))),
        securityGroups: [group.id], subnets: Value(network.subnetIDs(.tier(tier))), tags: tags("nlb")))
    if let logs { nlb.dependsOn = [logs.1] }
    self.nlb = nlb

    for listener in listeners {
      let targetGroup = placed(
        AwsLbTargetGroup(
          "target-\(listener.name)", healthCheck: Self.healthCheck(listener.healthCheck),
          namePrefix: Value(String(listener.name.prefix(6))), port: Value(listener.targetPort),
          protocol: Value(listener.isUDP ? "UDP" : "TCP"), tags: tags(listener.name), targetType: "ip", vpcId: vpc.id))
      // A replacement group must exist before the listener moves to it.
      targetGroup.lifecycle.createBeforeDestroy = true
      targetGroups[listener.name] = targetGroup
      let certificate = listener.certificateArn
      self.listeners[listener.name] = placed(
        AwsLbListener(
          "listener-\(listener.name)", defaultAction: [.init(type: "forward", targetGroupArn: targetGroup.arn)],
          loadBalancerArn: nlb.arn, certificateArn: certificate, port: Value(listener.port),
          protocol: Value(certificate != nil ? "TLS" : listener.isUDP ? "UDP" : "TCP"),
          sslPolicy: certificate.map { _ in Value(LoadBalancer.tlsPolicy) }))
    }
  }

  private static func healthCheck(_ check: Listener.HealthCheck) -> AwsLbTargetGroup.HealthCheck {
    switch check {
    case .tcp:
      .init(healthyThreshold: 3, interval: 10, port: "traffic-port", protocol: "TCP", unhealthyThreshold: 3)
    case .http(let path), .https(let path):
      .init(
        healthyThreshold: 3, interval: 10, matcher: "200-399", path: Value(path), port: "traffic-port",
        protocol: { if case .http = check { "HTTP" } else { "HTTPS" } }(), unhealthyThreshold: 3)
    }
  }

  /// The bucket access logs go to, writable by the log delivery service.
  private func buildAccessLogBucket(days: Int) -> (AwsS3Bucket, AwsS3BucketPolicy) {
    accessLogBucket(days: days) { bucket in
      [
        [
          "Sid": "LogDeliveryWrite", "Effect": "Allow", "Principal": ["Service": "delivery.logs.amazonaws.com"],
          "Action": "s3:PutObject", "Resource": "\(bucket.arn)/AWSLogs/*",
          "Condition": ["StringEquals": ["s3:x-amz-acl": "bucket-owner-full-control"]],
        ],
        [
          "Sid": "LogDeliveryAclCheck", "Effect": "Allow", "Principal": ["Service": "delivery.logs.amazonaws.com"],
          "Action": "s3:GetBucketAcl", "Resource": "\(bucket.arn)",
        ],
      ]
    }
  }
}
