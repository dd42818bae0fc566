import InfraCore
import InfraKit
import InfraYAML

extension StackSchema {
  static let clusterKeys = [
    "name", "version", "publicAccessCIDRs", "controlPlaneTier", "secretsKeyArn", "logRetentionDays", "volumeKeyArn", "addons",
    "cniPolicyOnNodeRole", "access", "nodePools", "autoscaling", "controllers", "suppress", "renamedFrom",
  ]
  static let addonKeys = ["version", "prefixDelegation", "securityGroupsForPods", "replicas", "configuration"]
  static let prefixDelegationKeys = ["warmPrefixTarget"]
  static let accessKeys = ["admins", "viewers", "namespaces"]
  static let namespaceAccessKeys = ["edit", "view"]
  static let nodePoolKeys = [
    "name", "instanceTypes", "minSize", "maxSize", "desiredSize", "capacity", "diskGiB", "labels", "taints", "tier",
    "amiType", "releaseVersion", "maxUnavailable", "accelerator", "generation", "retiring",
  ]
  static let retiringKeys = ["generation", "instanceTypes", "capacity", "diskGiB", "amiType", "releaseVersion"]

  static let capacityChoices: KeyValuePairs<String, NodePool.Capacity> = ["on-demand": .onDemand, "spot": .spot]
  static let acceleratorChoices: KeyValuePairs<String, NodePool.Accelerator> = ["nvidia": .nvidia]
  static let taintEffects: KeyValuePairs<String, NodePool.Taint.Effect> = [
    "NoSchedule": .noSchedule, "PreferNoSchedule": .preferNoSchedule, "NoExecute": .noExecute,
  ]

  /// `cluster:` — the EKS cluster, its access entries, its node pools and the controllers it runs.
  /// `tenantAccess` adds each tenant's namespace access; a stack with tenants gives pods security
  /// groups.
  func readCluster(_ node: YAMLNode, _ context: StackContext, tenantAccess: [Access], podSecurityGroups: Bool) -> ClusterPart? {
    guard let fields = Fields(node, "the cluster", keys: Self.clusterKeys, problems: problems) else { return nil }
    let id = fields.string("name") ?? "main"
    let version = fields.required("version", example: "\"1.31\"").flatMap { node -> KubernetesVersion? in
      guard let text = fields.string(node) else { return nil }
      guard KubernetesVersion(text).components != nil else {
        fields.error(.invalidValue, "runs Kubernetes '\(text)', which is not a version as EKS names them", fix: "write the major and minor version, e.g. \"1.31\"", at: node)
        return nil
      }
      return KubernetesVersion(text)
    }
    let publicAccess = fields.cidrs("publicAccessCIDRs") ?? []
    let controlPlaneTier = fields.string("controlPlaneTier")
    let secretsKeyArn = fields.string("secretsKeyArn")
    let logRetention = fields.logRetention("logRetentionDays")
    let volumeKeyArn = fields.string("volumeKeyArn")
    let addons = fields["addons"].map { readAddons($0, fields) }
    let cniPolicyOnNodeRole = fields.bool("cniPolicyOnNodeRole")
    let access = fields["access"].map(readAccess) ?? []
    let poolNodes = fields.elements("nodePools")
    checkNames(poolNodes, of: "node pool", in: fields)
    let pools = poolNodes.compactMap(readNodePool)
    let autoscaling = fields["autoscaling"].flatMap { readAutoscaling($0, fields) }
    let controllers = fields.elements("controllers").compactMap { node in
      fields.choice(node, named: "controllers", Self.controllerChoices).map { (controller: $0, location: node.location) }
    }
    let suppressions = readSuppressions(fields)
    guard let network = context.network, let version else { return nil }
    let location = node.location
    let cluster = Cluster(
      id, renamedFrom: fields.string("renamedFrom"), version: version, network: network, publicAccessCIDRs: publicAccess,
      controlPlaneTier: controlPlaneTier.map(SubnetSelection.tier) ?? .private, secretsKeyArn: secretsKeyArn.map { Value($0) },
      logRetention: logRetention, volumeKeyArn: volumeKeyArn.map { Value($0) }, addons: addons ?? Cluster.Addon.standard,
      podSecurityGroups: podSecurityGroups, cniPolicyOnNodeRole: cniPolicyOnNodeRole ?? false, autoscaling: autoscaling,
      file: location.file, line: location.line, column: location.column
    ) {
      for part in access + tenantAccess { part }
      for pool in pools { pool }
    }
    cluster.suppress(suppressions)
    writeAutoscalingOutputs(of: cluster)
    return ClusterPart(cluster: cluster, controllers: controllers)
  }

  /// `addons: {vpc-cni: v1.19.0-eksbuild.1, coredns: ~, kube-proxy: {version: …, configuration: {…}}}` —
  /// the addons to install, each at a pinned version, (empty) the default one for the cluster's
  /// version, or with settings.
  private func readAddons(_ node: YAMLNode, _ fields: Fields) -> [Cluster.Addon] {
    guard let mapping = problems.reading(node.mapping) else { return [] }
    return mapping.entries.compactMap { entry in
      let at = entry.key.location
      guard entry.value.entries != nil else {
        let version = entry.value.isNull ? nil : fields.string(entry.value)
        return Cluster.Addon(entry.name, version: version, file: at.file, line: at.line, column: at.column)
      }
      guard let addon = Fields(entry.value, "addon '\(entry.name)'", keys: Self.addonKeys, problems: problems) else { return nil }
      let prefixDelegation = addon["prefixDelegation"].flatMap { readPrefixDelegation($0, addon) }
      return Cluster.Addon(
        entry.name, version: addon.string("version"), prefixDelegation: prefixDelegation,
        securityGroupsForPods: addon.bool("securityGroupsForPods") ?? false, replicas: addon.int("replicas", in: 1...100),
        configuration: addon["configuration"].flatMap { readConfiguration($0, addon) } ?? [:],
        file: at.file, line: at.line, column: at.column)
    }
  }

  /// `prefixDelegation: true`, `false` (nil), or `{warmPrefixTarget: 2}`.
  private func readPrefixDelegation(_ node: YAMLNode, _ addon: Fields) -> Cluster.Addon.PrefixDelegation? {
    if let flag = node.scalar?.boolValue { return flag ? .init() : nil }
    guard node.entries != nil else {
      addon.error(
        .invalidValue, "has prefixDelegation '\(node.scalar?.value ?? "")', which is neither true, false nor a mapping",
        fix: "write 'prefixDelegation: true' or 'prefixDelegation: {warmPrefixTarget: 1}'", at: node)
      return nil
    }
    guard let fields = Fields(node, "the prefix delegation of \(addon.subject)", keys: Self.prefixDelegationKeys, problems: problems)
    else { return nil }
    guard fields["warmPrefixTarget"] != nil else { return .init() }
    return fields.int("warmPrefixTarget", in: 1...16).map { .init(warmPrefixTarget: $0) }
  }

  /// `configuration: {…}` — the addon's configuration values as its schema names them: a mapping,
  /// read as JSON (plain scalars by the YAML core schema, quoted ones as strings).
  private func readConfiguration(_ node: YAMLNode, _ addon: Fields) -> [String: JSONValue]? {
    guard node.entries != nil else {
      addon.error(
        .invalidValue, "has a configuration that is not a mapping",
        fix: "write the addon's configuration values as a mapping, e.g. 'configuration: {replicaCount: 3}'", at: node)
      return nil
    }
    guard case .object(let members) = Self.json(node) else { return nil }
    return members
  }

  private static func json(_ node: YAMLNode) -> JSONValue {
    switch node.content {
    case .scalar(let scalar):
      switch scalar.kind {
      case .null: return .null
      case .bool: return scalar.boolValue.map(JSONValue.bool) ?? .string(scalar.value)
      case .integer: return scalar.integerValue.map(JSONValue.int) ?? .string(scalar.value)
      case .float: return scalar.doubleValue.flatMap { $0.isFinite ? JSONValue.double($0) : nil } ?? .string(scalar.value)
      case .string: return .string(scalar.value)
      }
    case .sequence(let elements): return .array(elements.map(json))
    case .mapping(let mapping):
      return .object(Dictionary(mapping.entries.map { ($0.name, json($0.value)) }, uniquingKeysWith: { _, last in last }))
    }
  }

  /// `access: {admins: [...], viewers: [...], namespaces: {payments: {edit: [...], view: [...]}}}`
  private func readAccess(_ node: YAMLNode) -> [Access] {
    guard let fields = Fields(node, "the cluster's access", keys: Self.accessKeys, problems: problems) else { return [] }
    var access: [Access] = []
    func grant(_ principals: [String]?, _ scope: Access.Scope, _ fields: Fields, _ key: String) {
      guard let principals, let node = fields[key] else { return }
      access.append(Access(principals: principals, scope: scope, at: node.location))
    }
    grant(fields.strings("admins"), .clusterAdmin, fields, "admins")
    grant(fields.strings("viewers"), .clusterViewer, fields, "viewers")
    for entry in fields.entries("namespaces") {
      guard
        let namespace = Fields(
          entry.value, "the access to namespace '\(entry.name)'", keys: Self.namespaceAccessKeys, problems: problems)
      else { continue }
      grant(namespace.strings("edit"), .namespaceEditor([entry.name]), namespace, "edit")
      grant(namespace.strings("view"), .namespaceViewer([entry.name]), namespace, "view")
    }
    return access
  }

  private func readNodePool(_ node: YAMLNode) -> NodePool? {
    let name = node.entries?["name"]?.scalar?.value
    guard
      let fields = Fields(node, name.map { "node pool '\($0)'" } ?? "a node pool", keys: Self.nodePoolKeys, problems: problems)
    else { return nil }
    let poolName = fields.required("name", example: "general").flatMap(fields.string)
    let instanceTypes = fields.required("instanceTypes", example: "[m6i.large]").flatMap { _ in fields.strings("instanceTypes") }
    let minSize = fields.required("minSize", example: "3").flatMap { _ in fields.int("minSize", in: 0...1000) }
    let maxSize = fields.required("maxSize", example: "9").flatMap { _ in fields.int("maxSize", in: 1...1000) }
    let desired = fields.int("desiredSize", in: 0...1000)
    let capacity = fields.choice("capacity", Self.capacityChoices)
    let disk = fields.int("diskGiB", in: 1...16384)
    let labels = fields.stringMap("labels")
    let taints = fields.elements("taints").compactMap { readTaint($0, fields) }
    let tier = fields.string("tier")
    let amiType = fields.string("amiType")
    let releaseVersion = fields.string("releaseVersion")
    let maxUnavailable = fields.int("maxUnavailable", in: 1...100)
    let accelerator = fields.choice("accelerator", Self.acceleratorChoices)
    let generation = fields.string("generation")
    let retiring = fields["retiring"].flatMap(readRetiring)
    if let minSize, let maxSize, minSize > maxSize {
      fields.error(.invalidValue, "has minSize \(minSize) above maxSize \(maxSize)", fix: "make minSize at most maxSize", at: fields["minSize"])
      return nil
    }
    guard let poolName, let instanceTypes, let minSize, let maxSize else { return nil }
    let location = node.location
    return NodePool(
      poolName, instanceTypes: instanceTypes, size: minSize...maxSize, desired: desired, capacity: capacity ?? .onDemand,
      diskGiB: disk ?? 50, labels: labels ?? [:], taints: taints, tier: tier.map(SubnetSelection.tier) ?? .private, amiType: amiType,
      releaseVersion: releaseVersion, maxUnavailable: maxUnavailable ?? 1, accelerator: accelerator,
      generation: generation, retiring: retiring, file: location.file, line: location.line, column: location.column)
  }

  /// `retiring: {generation: blue, instanceTypes: [m6i.large]}` — the generation kept running,
  /// tainted, beside the pool's current one; without `generation`, the one the pool was created
  /// with. Its other keys say what its nodes had that the current generation changed.
  private func readRetiring(_ node: YAMLNode) -> NodePool.RetiringGeneration? {
    guard let fields = Fields(node, "the retiring generation", keys: Self.retiringKeys, problems: problems) else { return nil }
    let name = fields.string("generation")
    let instanceTypes = fields.strings("instanceTypes")
    let capacity = fields.choice("capacity", Self.capacityChoices)
    let disk = fields.int("diskGiB", in: 1...16384)
    let amiType = fields.string("amiType")
    let releaseVersion = fields.string("releaseVersion")
    let location = node.location
    if let name {
      return .generation(
        name, instanceTypes: instanceTypes, capacity: capacity, diskGiB: disk, amiType: amiType,
        releaseVersion: releaseVersion, file: location.file, line: location.line, column: location.column)
    }
    return .original(
      instanceTypes: instanceTypes, capacity: capacity, diskGiB: disk, amiType: amiType, releaseVersion: releaseVersion,
      file: location.file, line: location.line, column: location.column)
  }

  /// A taint written as kubectl writes it: `key=value:Effect` or `key:Effect`.
  private func readTaint(_ node: YAMLNode, _ fields: Fields) -> NodePool.Taint? {
    guard let text = fields.string(node) else { return nil }
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    let keyValue = parts.dropLast().joined(separator: ":").split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count >= 2, let key = keyValue.first, !key.isEmpty,
      let effect = Self.taintEffects.first(where: { $0.key == parts.last! })?.value
    else {
      fields.error(
        .invalidValue, "has the taint '\(text)', which is not key=value:Effect",
        fix: "write it as kubectl does, e.g. dedicated=batch:NoSchedule (effects: NoSchedule, PreferNoSchedule, NoExecute)",
        at: node)
      return nil
    }
    return NodePool.Taint(String(key), value: keyValue.count == 2 ? String(keyValue[1]) : nil, effect: effect)
  }
}
