import JSON

/// Ingress from anywhere on the internet, newly allowed by a plan.
public enum SecurityGroupOpenToWorldCheck: ChangeCheck {
  public static let description = RuleDescription(
    id: "security-group-open-to-world",
    title: "A security group is opened to the whole internet",
    severity: .warning,
    rationale: """
      Ingress from 0.0.0.0/0 or ::/0 lets anyone on the internet reach the port: SSH, a database \
      or a node port opened this way is scanned within minutes. infra puts traffic in through load \
      balancers only, so such a rule is usually a mistake or a debugging shortcut left behind. \
      Only what the plan newly opens is reported, in aws_security_group ingress blocks, \
      aws_security_group_rule of type ingress and aws_vpc_security_group_ingress_rule. TCP ports \
      80 and 443 on their own are exempt: that is how an internet-facing load balancer takes \
      traffic. It warns rather than blocks, because some services (a public bastion, a VPN \
      endpoint) are meant to be reachable.
      """,
    fix: """
      allow the narrowest source that works: your office or VPN CIDR, a prefix list, or the load \
      balancer's security group; if the port really is public, approve the change with the reason
      """)

  public static let examples: [PlanCheckExample] = [
    .failing(
      "sg-rule-open-to-world",
      [
        "aws_security_group_rule.postgres opens tcp port 5432 from 0.0.0.0/0 to the whole internet"
      ]),
    .passing("sg-web-open-to-world"),
  ]

  static let world: Set<String> = ["0.0.0.0/0", "::/0"]

  /// One kind of traffic allowed from one source.
  struct Opening: Hashable {
    let traffic: String
    let source: String
  }

  public static func problem(with change: ResourceChange) -> String? {
    guard let after = change.after, change.kind != .delete else { return nil }
    let before = change.before.map { openings(in: $0, type: change.type) } ?? []
    let new = openings(in: after, type: change.type).filter { !before.contains($0) }
    guard !new.isEmpty else { return nil }
    // `tcp port 22 from 0.0.0.0/0 and ::/0`, one entry per kind of traffic, in the order found.
    var traffic: [String] = []
    var sources: [String: [String]] = [:]
    for opening in new {
      if sources[opening.traffic] == nil { traffic.append(opening.traffic) }
      sources[opening.traffic, default: []].append(opening.source)
    }
    let described = traffic.map { "\($0) from \(Prose.list(sources[$0]!))" }
    return "\(change.address) opens \(Prose.list(described)) to the whole internet"
  }

  /// The world-open ingress a resource's attributes allow, without the exempt web ports.
  static func openings(in values: JSON, type: String) -> [Opening] {
    let rules: [(rule: JSON, protocolKey: String, sourceKeys: [String])]
    switch type {
    case "aws_security_group":
      rules = (values["ingress"]?.array ?? []).map { ($0, "protocol", ["cidr_blocks", "ipv6_cidr_blocks"]) }
    case "aws_security_group_rule" where values["type"]?.string == "ingress":
      rules = [(values, "protocol", ["cidr_blocks", "ipv6_cidr_blocks"])]
    case "aws_vpc_security_group_ingress_rule":
      rules = [(values, "ip_protocol", ["cidr_ipv4", "cidr_ipv6"])]
    default:
      return []
    }
    var result: [Opening] = []
    for (rule, protocolKey, sourceKeys) in rules {
      let sources = sourceKeys.flatMap { key in
        rule[key].map { $0.array?.compactMap(\.string) ?? [$0.string].compactMap { $0 } } ?? []
      }
      guard let traffic = traffic(rule, protocolKey: protocolKey) else { continue }
      for source in sources where world.contains(source) {
        result.append(Opening(traffic: traffic, source: source))
      }
    }
    return result
  }

  /// `tcp port 22`, `udp ports 1000-2000`, `all traffic`; nil for TCP 80 and 443 alone.
  static func traffic(_ rule: JSON, protocolKey: String) -> String? {
    let names = ["-1": "all", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"]
    let raw = rule[protocolKey]?.string?.lowercased() ?? "all"
    let name = names[raw] ?? raw
    if name == "all" { return "all traffic" }
    // A port that is not a whole number in Int's range (never from Terraform, but plan files
    // can be written by hand) leaves the ports unnamed rather than trapping.
    let from = rule["from_port"]?.number.flatMap { Int(exactly: $0) }
    let to = rule["to_port"]?.number.flatMap { Int(exactly: $0) }
    guard name == "tcp" || name == "udp", let from, let to else { return name }
    if name == "tcp" && from == to && (from == 80 || from == 443) { return nil }
    if from == 0 && (to == 0 || to == 65535) || from == -1 { return "every \(name) port" }
    return from == to ? "\(name) port \(from)" : "\(name) ports \(from)-\(to)"
  }
}
