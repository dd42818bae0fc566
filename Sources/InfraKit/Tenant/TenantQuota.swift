extension Tenant {
  /// What a tenant's namespace may hold at most, as Kubernetes quantities (`"8"` CPUs,
  /// `"16Gi"` of memory): its `ResourceQuota`. Load balancer and NodePort Services are never
  /// allowed: traffic reaches a tenant only through the stack's load balancers.
  public struct Quota: Sendable, Hashable {
    /// The CPU all pods may request together (`requests.cpu`).
    public var cpu: String
    /// The memory all pods may request together (`requests.memory`); their limits may add up to
    /// twice as much (`limits.memory`).
    public var memory: String
    public var pods: Int
    /// The storage all volume claims may request together (`requests.storage`).
    public var storage: String
    public var volumeClaims: Int

    public init(cpu: String, memory: String, pods: Int, storage: String, volumeClaims: Int) {
      self.cpu = cpu
      self.memory = memory
      self.pods = pods
      self.storage = storage
      self.volumeClaims = volumeClaims
    }

    /// The quota a tenant gets when it names none: room for a small service outside
    /// production, and for a real one in production.
    public static func `default`(for environment: Environment) -> Quota {
      switch environment {
      case .production: Quota(cpu: "16", memory: "32Gi", pods: 200, storage: "500Gi", volumeClaims: 40)
      case .staging: Quota(cpu: "8", memory: "16Gi", pods: 100, storage: "200Gi", volumeClaims: 20)
      default: Quota(cpu: "4", memory: "8Gi", pods: 50, storage: "100Gi", volumeClaims: 10)
      }
    }

    /// `limits.memory`: twice the requests, written in the unit of the requests.
    var memoryLimit: String {
      guard let (number, unit) = Self.split(memory) else { return memory }
      return "\(number * 2)\(unit)"
    }

    /// The whole number and unit of a quantity such as `16Gi`; nil for a fraction.
    private static func split(_ quantity: String) -> (Int, String)? {
      let digits = quantity.prefix { $0.isASCII && $0.isNumber }
      guard let number = Int(digits) else { return nil }
      return (number, String(quantity.dropFirst(digits.count)))
    }

    /// Whether `quantity` is a Kubernetes quantity infra writes: a whole or decimal number with
    /// an optional binary or decimal suffix (`500m`, `2`, `1.5`, `16Gi`, `1T`).
    public static func isQuantity(_ quantity: String) -> Bool {
      let units = ["", "m", "k", "M", "G", "T", "P", "Ki", "Mi", "Gi", "Ti", "Pi"]
      let number = quantity.prefix { ($0.isASCII && $0.isNumber) || $0 == "." }
      let unit = String(quantity.dropFirst(number.count))
      let parts = number.split(separator: ".", omittingEmptySubsequences: false)
      return !number.isEmpty && parts.count <= 2 && parts.allSatisfy { !$0.isEmpty } && units.contains(unit)
        && Double(number).map { $0 > 0 } == true
    }

    /// What is wrong with the quota, as (setting, value) pairs that are not quantities or counts.
    var problems: [String] {
      var problems: [String] = []
      for (name, value) in [("cpu", cpu), ("memory", memory), ("storage", storage)] where !Self.isQuantity(value) {
        problems.append("\(name) '\(value)' is not a Kubernetes quantity")
      }
      if !(1...10_000).contains(pods) { problems.append("pods \(pods) is not from 1 to 10000") }
      if !(0...10_000).contains(volumeClaims) { problems.append("volumeClaims \(volumeClaims) is not from 0 to 10000") }
      return problems
    }
  }

  /// The Pod Security Standard the namespace enforces (the `pod-security.kubernetes.io` labels).
  public enum PodSecurity: String, Sendable, Hashable, CaseIterable {
    /// Pods run as non-root, without privilege escalation, with capabilities dropped and a
    /// seccomp profile: the default.
    case restricted
    /// Known privilege escalations blocked; for workloads that cannot yet run restricted.
    case baseline
    /// Nothing blocked: a pod may take over its node. Lint reports it as an error
    /// (`kubernetes-privileged-pod-security`) unless the tenant suppresses the rule with a reason.
    case privileged
  }
}
