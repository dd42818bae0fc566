extension LoadBalancer {
  /// The DNS names a load balancer serves, in a Route 53 hosted zone: the load balancer gets a
  /// certificate for them, validated through DNS records in the zone, and an alias record for
  /// each name.
  ///
  /// ```swift
  /// LoadBalancer("web", scheme: .internetFacing, network: network, domain: .zone("dev.example.com"),
  ///              targets: [.init("app", port: 8080, hosts: ["app.dev.example.com"])])
  /// ```
  public struct Domain: Sendable {
    /// Where the names live.
    public enum Zone: Sendable, Hashable {
      /// A public hosted zone the load balancer creates; its name servers are for the parent
      /// zone's delegation (`NS` records).
      case create(name: String)
      /// A hosted zone that exists already, by its id, and its name (which infra cannot look up
      /// without calling AWS).
      case existing(id: String, name: String)

      /// The zone's DNS name: `dev.example.com`.
      public var name: String {
        switch self {
        case .create(let name), .existing(_, let name): name.lowercased()
        }
      }
    }

    public var zone: Zone
    /// The names the certificate covers and alias records point at the load balancer; the
    /// targets' hosts when empty, or the zone's own name when no target has hosts.
    public var names: [String]
    let location: SourceLocation

    public init(zone: Zone, names: [String] = [], file: String = #filePath, line: Int = #line, column: Int = #column) {
      self.zone = zone
      self.names = names
      self.location = SourceLocation(file: file, line: line, column: column)
    }

    /// A hosted zone named `name`, created with the load balancer.
    public static func zone(
      _ name: String, names: [String] = [], file: String = #filePath, line: Int = #line, column: Int = #column
    ) -> Domain {
      Domain(zone: .create(name: name), names: names, file: file, line: line, column: column)
    }

    /// The existing hosted zone `id`, named `name`.
    public static func existingZone(
      id: String, name: String, names: [String] = [], file: String = #filePath, line: Int = #line, column: Int = #column
    ) -> Domain {
      Domain(zone: .existing(id: id, name: name), names: names, file: file, line: line, column: column)
    }

    /// The names served, for targets with `hosts`: the given names, else the hosts, else the
    /// zone's name; lowercased, each once, in order.
    func servedNames(hosts: [String]) -> [String] {
      let given = names.isEmpty ? (hosts.isEmpty ? [zone.name] : hosts) : names
      var seen: Set<String> = []
      return given.map { $0.lowercased() }.filter { seen.insert($0).inserted }
    }

    /// Whether `name` is the zone's name or a name under it.
    func holds(_ name: String) -> Bool {
      let name = name.lowercased()
      return name == zone.name || name.hasSuffix("." + zone.name)
    }

    /// Whether a certificate for `name` (a wildcard `*.example.com` or a plain name) is valid
    /// for `host`.
    static func name(_ name: String, covers host: String) -> Bool {
      let (name, host) = (name.lowercased(), host.lowercased())
      if name == host { return true }
      guard name.hasPrefix("*."), let dot = host.firstIndex(of: ".") else { return false }
      return host[host.index(after: dot)...] == name.dropFirst(2) && !host[..<dot].isEmpty
    }

    /// What is wrong with the domain for targets with `hosts`, each as `(id, message, fix)`.
    func problems(of loadBalancer: String, hosts: [String]) -> [SettingProblem] {
      var problems: [SettingProblem] = []
      if !Self.isDNSName(zone.name) {
        problems.append(
          SettingProblem("domain-zone", "load balancer '\(loadBalancer)' has the zone '\(zone.name)', which is not a DNS name",
           "write a name such as dev.example.com, without a trailing dot"))
      }
      if case .existing(let id, _) = zone, !Self.isZoneID(id) {
        problems.append(
          SettingProblem("domain-zone", "load balancer '\(loadBalancer)' has the zone id '\(id)', which is not a Route 53 hosted zone id",
           "write the id Route 53 shows, such as Z0123456789ABCDEFGHIJ"))
      }
      let served = servedNames(hosts: hosts)
      for name in served where !holds(name.hasPrefix("*.") ? String(name.dropFirst(2)) : name) {
        problems.append(
          SettingProblem("domain-host", "load balancer '\(loadBalancer)' serves '\(name)', which is not in the zone '\(zone.name)'",
           "use a name under \(zone.name), or a domain whose zone holds \(name)"))
      }
      if !names.isEmpty {
        for host in hosts where !served.contains(where: { Self.name($0, covers: host) }) {
          problems.append(
            SettingProblem("domain-host", "load balancer '\(loadBalancer)' routes the host '\(host)', which the domain's names do not cover",
             "add \(host) to the domain's names"))
        }
      }
      return problems
    }

    static func isDNSName(_ name: String) -> Bool {
      let labels = name.split(separator: ".", omittingEmptySubsequences: false)
      return labels.count >= 2 && name.count <= 253
        && labels.allSatisfy { label in
          (1...63).contains(label.count) && label.first != "-" && label.last != "-"
            && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    static func isZoneID(_ id: String) -> Bool {
      id.hasPrefix("Z") && (2...32).contains(id.count) && id.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
    }
  }
}
