extension Cluster {
  /// An EKS addon: at a pinned version, or at the default version for the cluster's Kubernetes
  /// version, resolved through `data.aws_eks_addon_version`; with the configuration values its
  /// typed settings and `configuration` give.
  ///
  /// ```swift
  /// Cluster.Addon("vpc-cni", prefixDelegation: .init(warmPrefixTarget: 1))
  /// Cluster.Addon("coredns", version: "v1.11.3-eksbuild.2", replicas: 3)
  /// Cluster.Addon("aws-ebs-csi-driver", configuration: ["controller": ["replicaCount": 3]])
  /// ```
  public struct Addon: Sendable, Hashable {
    public var name: String
    /// The addon version; nil resolves the default version for the cluster's Kubernetes version.
    public var version: String?
    /// vpc-cni only: pods get IPv4 prefixes (/28) rather than single addresses, so a node runs
    /// more pods; `ENABLE_PREFIX_DELEGATION` and `WARM_PREFIX_TARGET`.
    public var prefixDelegation: PrefixDelegation?
    /// vpc-cni only: pods may have security groups of their own (`ENABLE_POD_ENI`, enforced in
    /// `standard` mode, and `DISABLE_TCP_EARLY_DEMUX` so that TCP probes and health checks reach
    /// them); the cluster role gets `AmazonEKSVPCResourceController`, which hands pods their
    /// branch interfaces.
    public var securityGroupsForPods: Bool
    /// vpc-cni only: whether the CNI's network policy agent enforces Kubernetes NetworkPolicies
    /// (`enableNetworkPolicy`), as the namespaces of ``Tenant``s need; nil turns it on. Off, a
    /// NetworkPolicy is accepted by the API server and does nothing.
    public var networkPolicies: Bool?
    /// coredns only: the number of CoreDNS pods (`replicaCount`).
    public var replicas: Int?
    /// More configuration values, as the addon's configuration schema names them
    /// (`aws eks describe-addon-configuration`); merged with the typed settings, which may not
    /// be given again here.
    public var configuration: [String: JSONValue]
    /// Where the addon was written, for errors about it.
    public var location: SourceLocation?

    public init(
      _ name: String, version: String? = nil, prefixDelegation: PrefixDelegation? = nil, securityGroupsForPods: Bool = false,
      networkPolicies: Bool? = nil, replicas: Int? = nil, configuration: [String: JSONValue] = [:],
      file: String = #filePath, line: Int = #line, column: Int = #column
    ) {
      self.name = name
      self.version = version
      self.prefixDelegation = prefixDelegation
      self.securityGroupsForPods = securityGroupsForPods
      self.networkPolicies = networkPolicies
      self.replicas = replicas
      self.configuration = configuration
      self.location = SourceLocation(file: file, line: line, column: column)
    }

    /// Prefix delegation's setting: how many /28 prefixes each node keeps free beyond those in use.
    public struct PrefixDelegation: Sendable, Hashable {
      public var warmPrefixTarget: Int
      public init(warmPrefixTarget: Int = 1) { self.warmPrefixTarget = warmPrefixTarget }
    }

    /// vpc-cni, coredns, kube-proxy, eks-pod-identity-agent and aws-ebs-csi-driver.
    /// They name no place of their own: errors about them point at the cluster.
    public static let standard: [Addon] = ["vpc-cni", "coredns", "kube-proxy", "eks-pod-identity-agent", "aws-ebs-csi-driver"].map {
      var addon = Addon($0)
      addon.location = nil
      return addon
    }

    /// Addons that run as DaemonSets a node needs from its first pod on: the pod network
    /// (vpc-cni), Service routing (kube-proxy, which aws-node itself uses to reach the API server)
    /// and credentials (eks-pod-identity-agent). They are active without nodes, so they are
    /// created before the node groups, which start with them configured.
    static let beforeCompute: Set<String> = ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"]

    /// Addons whose pods are Deployments: they become healthy only once nodes run them.
    static let afterCompute: Set<String> = ["coredns", "aws-ebs-csi-driver"]

    /// The typed settings given, each with the addon it applies to.
    private var typedSettings: [(name: String, addon: String)] {
      var settings: [(String, String)] = []
      if prefixDelegation != nil { settings.append(("prefixDelegation", "vpc-cni")) }
      if securityGroupsForPods { settings.append(("securityGroupsForPods", "vpc-cni")) }
      if networkPolicies != nil { settings.append(("networkPolicies", "vpc-cni")) }
      if replicas != nil { settings.append(("replicas", "coredns")) }
      return settings
    }

    /// The configuration values the typed settings give, as the addon's schema names them.
    private var typedValues: [String: JSONValue] {
      var env: [String: JSONValue] = [:]
      if let prefixDelegation {
        env["ENABLE_PREFIX_DELEGATION"] = "true"
        env["WARM_PREFIX_TARGET"] = .string(String(prefixDelegation.warmPrefixTarget))
      }
      if securityGroupsForPods {
        env["ENABLE_POD_ENI"] = "true"
        env["POD_SECURITY_GROUP_ENFORCING_MODE"] = "standard"
      }
      var values: [String: JSONValue] = env.isEmpty ? [:] : ["env": .object(env)]
      // The kubelet's TCP probes, and load balancers' health checks, reach pods on branch
      // interfaces only with the kernel's early demultiplexing off (the CNI's init container).
      if securityGroupsForPods { values["init"] = .object(["env": .object(["DISABLE_TCP_EARLY_DEMUX": "true"])]) }
      if let replicas { values["replicaCount"] = .int(replicas) }
      // On unless turned off, here or by the configuration given.
      if name == "vpc-cni", networkPolicies ?? (configuration["enableNetworkPolicy"] == nil) { values["enableNetworkPolicy"] = "true" }
      return values
    }

    /// The typed settings and `configuration`, merged; nil when there are none.
    var configurationValues: [String: JSONValue]? {
      let merged = Self.merge(typedValues, configuration).merged
      return merged.isEmpty ? nil : merged
    }

    /// `configuration_values`: `jsonencode` of the merged values, keys sorted.
    var configurationExpression: Value<String>? {
      configurationValues.map { .jsonEncoded(Expr(literal: .object($0))) }
    }

    /// What is wrong with the addon's settings, in `cluster`: typed settings on an addon they
    /// do not apply to, values out of range, and configuration that gives a typed setting again.
    func problems(in cluster: String) -> [SettingProblem] {
      var problems: [SettingProblem] = []
      for setting in typedSettings where setting.addon != name {
        problems.append(SettingProblem(
          "addon-setting-not-applicable",
          "cluster '\(cluster)': addon '\(name)' has the setting '\(setting.name)', which only the \(setting.addon) addon takes",
          "move '\(setting.name)' to the \(setting.addon) addon, or give '\(name)' its values through configuration"
        ))
      }
      if let target = prefixDelegation?.warmPrefixTarget, !(1...16).contains(target) {
        problems.append(SettingProblem(
          "invalid-addon-setting", "cluster '\(cluster)': addon '\(name)' keeps \(target) warm prefixes per node",
          "give a warmPrefixTarget from 1 to 16 (1 keeps one /28, 16 addresses, free)"
        ))
      }
      if let replicas, !(1...100).contains(replicas) {
        problems.append(SettingProblem(
          "invalid-addon-setting", "cluster '\(cluster)': addon '\(name)' asks for \(replicas) replicas",
          "give 1 to 100 replicas; 2 or more keep DNS up while one pod moves"
        ))
      }
      for path in Self.merge(typedValues, configuration).conflicts {
        problems.append(SettingProblem(
          "addon-configuration-conflict",
          "cluster '\(cluster)': addon '\(name)' sets '\(path)' both through a typed setting and in its configuration",
          "set it once: keep the typed setting and drop '\(path)' from the configuration"
        ))
      }
      return problems
    }

    /// `base` with `extra` merged in, objects merged key by key; the paths both set otherwise.
    private static func merge(_ base: [String: JSONValue], _ extra: [String: JSONValue], at path: String = "")
      -> (merged: [String: JSONValue], conflicts: [String])
    {
      var merged = base
      var conflicts: [String] = []
      for key in extra.keys.sorted() {
        let keyPath = path.isEmpty ? key : "\(path).\(key)"
        switch (base[key], extra[key]!) {
        case (nil, let value): merged[key] = value
        case (.object(let inner)?, .object(let added)):
          let result = merge(inner, added, at: keyPath)
          merged[key] = .object(result.merged)
          conflicts += result.conflicts
        default: conflicts.append(keyPath)
        }
      }
      return (merged, conflicts)
    }


  }
}
