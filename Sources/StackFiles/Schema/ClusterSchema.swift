import InfraCore
import InfraKit
import InfraYAML

extension StackSchema {
  static let clusterKeys = [
    "name", "version", "extendedSupport", "publicAccessCIDRs", "controlPlaneTier", "secretsKeyArn", "logRetentionDays", "volumeKeyArn", "addons",
    "cniPolicyOnNodeRole", "access", "nodePools", "autoscaling", "controllers", "gitOps", "suppress", "renamedFrom",
  ]
  static let addonKeys = ["version", "prefixDelegation", "securityGroupsForPods", "networkPolicies", "replicas", "configuration"]
  static let prefixDelegationKeys = ["warmPrefixTarget"]
  static let accessKeys = ["admins", "viewers", "namespaces", "policies", "groups"]
  static let accessPolicyKeys = ["policy", "principals", "namespaces"]
  static let namespaceAccessKeys = ["edit", "view"]
  static let nodePoolKeys = [
    "name", "instanceTypes", "minSize", "maxSize", "desiredSize", "capacity", "diskGiB", "labels", "taints", "tier",
    "amiType", "releaseVersion", "maxUnavailable", "podsReachInstanceMetadata", "accelerator", "generation", "retiring", "version",
    "efa", "zone", "capacityReservation", "capacityReservationGroup", "capacityBlock",
  ]
  static let retiringKeys = ["generation", "instanceTypes", "capacity", "diskGiB", "amiType", "releaseVersion"]

  static let gitOpsKeys = ["tool", "repository", "revision", "path"]
  static let gitOpsChoices: KeyValuePairs<String, Cluster.GitOps> = ["flux": .flux, "argocd": .argoCD]
  static let capacityChoices: KeyValuePairs<String, NodePool.Capacity> = ["on-demand": .onDemand, "spot": .spot]
  static let acceleratorChoices: KeyValuePairs<String, NodePool.Accelerator> = ["nvidia": .nvidia]
  /// Every ``NodePool/AMIType/all``, by its `ami_type` name.
  static let amiTypeChoices: KeyValuePairs<String, NodePool.AMIType> = [
    "AL2023_x86_64_STANDARD": .al2023x86, "AL2023_ARM_64_STANDARD": .al2023ARM, "AL2023_x86_64_NVIDIA": .al2023x86NVIDIA,
    "AL2023_ARM_64_NVIDIA": .al2023ARMNVIDIA, "AL2023_x86_64_NEURON": .al2023x86Neuron, "BOTTLEROCKET_x86_64": .bottlerocketx86,
    "BOTTLEROCKET_ARM_64": .bottlerocketARM, "BOTTLEROCKET_x86_64_NVIDIA": .bottlerocketx86NVIDIA,
    "BOTTLEROCKET_ARM_64_NVIDIA": .bottlerocketARMNVIDIA,
  ]
  static let taintEffects: KeyValuePairs<String, NodePool.Taint.Effect> = [
    "NoSchedule": .noSchedule, "PreferNoSchedule": .preferNoSchedule, "NoExecute": .noExecute,
  ]

  /// `cluster:` — the EKS cluster, its access entries, its node pools and the controllers it runs.
  /// `tenantAccess` adds each tenant's namespace access; a stack with tenants gives pods security
  /// groups.
  func readCluster(_ node: YAMLNode, _ context: StackContext, tenantAccess: [Access], podSecurityGroups: Bool) -> ClusterPart? {
    guard let fields = Fields(node, "the cluster", keys: Self.clusterKeys, problems: problems) else { return nil }
    let id = fields.string("name") ?? "main"
    // Without a version, the cluster runs KubernetesVersion.default.
    let version = readVersion(fields, verb: "runs", absent: "for infra's default")
    let extendedSupport = fields.bool("extendedSupport")
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
    let (gitOps, bootstrap) = fields["gitOps"].map { readGitOps($0, fields) } ?? (nil, nil)
    let suppressions = readSuppressions(fields)
    guard let network = context.network, version != .invalid else { return nil }
    let location = node.location
    let cluster = Cluster(
      id, renamedFrom: fields.string("renamedFrom"), version: version.given, extendedSupport: extendedSupport ?? false,
      network: network, publicAccessCIDRs: publicAccess,
      controlPlaneTier: controlPlaneTier.map(SubnetSelection.tier) ?? .private, secretsKeyArn: secretsKeyArn.map { Value($0) },
      logRetention: logRetention, volumeKeyArn: volumeKeyArn.map { Value($0) }, addons: addons ?? Cluster.Addon.standard,
      podSecurityGroups: podSecurityGroups, cniPolicyOnNodeRole: cniPolicyOnNodeRole ?? false, autoscaling: autoscaling,
      gitOps: gitOps ?? .flux, bootstrap: bootstrap, file: location.file, line: location.line, column: location.column
    ) {
      for part in access + tenantAccess { part }
      for pool in pools { pool }
    }
    cluster.suppress(suppressions)
    writeAutoscalingOutputs(of: cluster)
    return ClusterPart(cluster: cluster, controllers: controllers)
  }

  /// `gitOps: flux` — the tool that installs the cluster's charts; or `gitOps: {tool: argocd,
  /// repository: …, revision: main, path: …}`, which also says where the stack's folder is in
  /// git, for the objects that point the tool at it.
  private func readGitOps(_ node: YAMLNode, _ cluster: Fields) -> (Cluster.GitOps?, GitOpsBootstrap?) {
    guard node.entries != nil else { return (cluster.choice(node, named: "gitOps", Self.gitOpsChoices), nil) }
    guard let fields = Fields(node, "the cluster's gitOps", keys: Self.gitOpsKeys, problems: problems) else { return (nil, nil) }
    let tool = fields.choice("tool", Self.gitOpsChoices)
    let location = node.location
    let bootstrap = GitOpsBootstrap(
      path: fields.string("path"), repository: fields.string("repository"), revision: fields.string("revision") ?? "main",
      file: location.file, line: location.line, column: location.column)
    return (tool, bootstrap)
  }

  /// A `version:` as read: none, one EKS names, or text that is not a version (reported).
  enum ReadVersion: Equatable {
    case absent, invalid, given(KubernetesVersion)

    var given: KubernetesVersion? { if case .given(let version) = self { version } else { nil } }
  }

  /// `version: "1.35"` of a cluster or a node pool; text EKS does not name is an error at its line.
  /// `verb` says what the part does with it, `absent` what leaving it out means.
  private func readVersion(_ fields: Fields, verb: String, absent: String) -> ReadVersion {
    guard let node = fields["version"] else { return .absent }
    guard let text = fields.string(node) else { return .invalid }
    guard KubernetesVersion(text).components != nil else {
      fields.error(
        .invalidValue, "\(verb) Kubernetes '\(text)', which is not a version as EKS names them",
        fix: "write the major and minor version, e.g. \"1.31\", or leave version out \(absent)", at: node)
      return .invalid
    }
    return .given(KubernetesVersion(text))
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
        securityGroupsForPods: addon.bool("securityGroupsForPods") ?? false, networkPolicies: addon.bool("networkPolicies"),
        replicas: addon.int("replicas", in: 1...100),
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

  /// `access: {admins: [...], viewers: [...], namespaces: {payments: {edit: [...], view: [...]}},
  /// policies: [{policy: AmazonEKSAdminPolicy, principals: [...], namespaces: [...]}], groups: {deployers: [...]}}`
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
    for node in fields.elements("policies") {
      guard let policy = Fields(node, "an access policy grant", keys: Self.accessPolicyKeys, problems: problems) else { continue }
      let name = policy.required("policy", example: "AmazonEKSAdminPolicy").flatMap(policy.string)
      let principals = policy.required("principals", example: "[arn:aws:iam::111122223333:role/payments-leads]").flatMap { _ in
        policy.strings("principals")
      }
      let namespaces = policy.strings("namespaces")
      guard let name, let principals else { continue }
      access.append(Access(principals: principals, scope: .policy(name, namespaces: namespaces), at: node.location))
    }
    for entry in fields.entries("groups") {
      guard let principals = problems.reading(entry.value.sequence)?.compactMap({ problems.reading($0.string) }) else { continue }
      access.append(Access(principals: principals, scope: .kubernetesGroups([entry.name]), at: entry.value.location))
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
    let amiType = fields.choice("amiType", Self.amiTypeChoices)
    let releaseVersion = fields.string("releaseVersion")
    let efa = fields.bool("efa")
    let zone = fields.string("zone")
    let reservation = readReservation(fields)
    let maxUnavailable = fields.int("maxUnavailable", in: 1...100)
    let podsReachInstanceMetadata = fields.bool("podsReachInstanceMetadata")
    let accelerator = fields.choice("accelerator", Self.acceleratorChoices)
    let generation = fields.string("generation")
    let retiring = fields["retiring"].flatMap(readRetiring)
    let version = readVersion(fields, verb: "pins", absent: "to follow the cluster")
    if let minSize, let maxSize, minSize > maxSize {
      fields.error(.invalidValue, "has minSize \(minSize) above maxSize \(maxSize)", fix: "make minSize at most maxSize", at: fields["minSize"])
      return nil
    }
    guard let poolName, let instanceTypes, let minSize, let maxSize, version != .invalid else { return nil }
    let location = node.location
    var pool = NodePool(
      poolName, instanceTypes: instanceTypes, size: minSize...maxSize, desired: desired, capacity: capacity ?? .onDemand,
      diskGiB: disk ?? 50, labels: labels ?? [:], taints: taints, tier: tier.map(SubnetSelection.tier) ?? .private, amiType: amiType,
      releaseVersion: releaseVersion, maxUnavailable: maxUnavailable ?? 1,
      podsReachInstanceMetadata: podsReachInstanceMetadata ?? false, accelerator: accelerator, generation: generation,
      retiring: retiring, version: version.given, efa: efa ?? false, zone: zone, reservation: reservation?.reservation,
      file: location.file, line: location.line, column: location.column)
    // The pool's checks report a setting's problems at its value.
    for (setting, key) in [(NodePool.Setting.amiType, "amiType"), (.efa, "efa"), (.zone, "zone"), (.instanceTypes, "instanceTypes")] {
      if let value = fields[key] { pool.valueLocations[setting] = value.location }
    }
    pool.valueLocations[.reservation] = reservation?.at
    return pool
  }

  /// `capacityReservation: cr-…`, `capacityReservationGroup: arn:…` or `capacityBlock: cr-…`:
  /// at most one of them, and where it is written.
  private func readReservation(_ fields: Fields) -> (reservation: NodePool.Reservation, at: SourceLocation)? {
    let kinds: [(String, (String) -> NodePool.Reservation)] = [
      ("capacityReservation", NodePool.Reservation.capacityReservation), ("capacityReservationGroup", NodePool.Reservation.reservationGroup),
      ("capacityBlock", NodePool.Reservation.capacityBlock),
    ]
    let given = kinds.compactMap { key, make in fields[key].map { (key, make, $0) } }
      .sorted { ($0.2.location.line, $0.2.location.column) < ($1.2.location.line, $1.2.location.column) }
    if given.count > 1 {
      fields.error(
        .invalidValue, "has both \(given[0].0) and \(given[1].0)",
        fix: "give one place for its nodes to start: capacityReservation, capacityReservationGroup or capacityBlock", at: fields.keyNode(given[1].0))
      return nil
    }
    guard let (_, make, node) = given.first, let text = fields.string(node) else { return nil }
    return (make(text), node.location)
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
    let amiType = fields.choice("amiType", Self.amiTypeChoices)
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
