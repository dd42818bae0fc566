/// An EKS cluster built the way a careful platform team runs one: a private API endpoint,
/// secrets encrypted with KMS, control-plane logs kept, access through EKS access entries, the
/// core addons, IRSA and pod identity, and node pools that rotate without losing capacity.
///
/// ```swift
/// let cluster = Cluster("main", network: network) {
///   Access.admins(["arn:aws:iam::111122223333:role/platform-admins"])
///   NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
///   NodePool("gpu", instanceTypes: ["g5.xlarge"], size: 0...4, accelerator: .nvidia)
/// }
/// Output("cluster_name", value: cluster.name)
/// ```
public final class Cluster: PlatformConstruct {
  /// The control plane's Kubernetes version: as given, or ``KubernetesVersion/default``.
  public let version: KubernetesVersion
  /// Whether the cluster may stay on its version past the end of standard support, billed as
  /// EKS extended support (`upgrade_policy.support_type = "EXTENDED"`); otherwise EKS upgrades
  /// it when standard support ends.
  public let extendedSupport: Bool
  public let network: Network
  public let pools: [NodePool]
  public let access: [Access]
  /// The addons installed, as given.
  public let addons: [Addon]
  /// Whether pods may get security groups of their own (``Tenant``): the control plane's role
  /// then holds `AmazonEKSVPCResourceController`, with which EKS attaches the pods' network
  /// interfaces.
  public let podSecurityGroups: Bool
  /// The service accounts given an AWS identity so far (`namespace/name`), and by what.
  var identifiedServiceAccounts: [String: String] = [:]
  /// The tenants in the cluster, in the order they were made: where its namespace-scoped
  /// group grants are bound.
  var tenants: [Tenant] = []
  /// The groups its access entries give that are bound in each namespace, once each (a group
  /// bound to two roles is reported), in the order they were granted: made once, read by each
  /// tenant.
  lazy var groupBindings: [String: [(group: String, clusterRole: String)]] = {
    var bindings: [String: [(group: String, clusterRole: String)]] = [:]
    for grant in access {
      guard let binding = grant.namespaceBinding,
        !(bindings[binding.namespace] ?? []).contains(where: { $0.group == binding.group })
      else { continue }
      bindings[binding.namespace, default: []].append((binding.group, binding.clusterRole))
    }
    return bindings
  }()
  /// The identity of External Secrets Operator's controller, when the cluster runs it
  /// (``WorkloadIdentity/externalSecrets(cluster:namespace:serviceAccount:in:file:line:column:)``):
  /// its tenants then get their database's secret as a Kubernetes Secret.
  public internal(set) var externalSecrets: WorkloadIdentity?
  /// `access` by principal, one grant per policy: what becomes entries and associations.
  private let grantsByPrincipal: [Access.PrincipalGrants]
  /// The EKS cluster; nil when the cluster's settings were rejected and it created nothing.
  public private(set) var eks: AwsEksCluster?
  /// The key the cluster's log groups are encrypted with: the control plane's, and Container
  /// Insights' when the stack is watched.
  private(set) var logsKey: CustomerManagedKey?
  /// The node groups, by pool name: each pool's current generation.
  public private(set) var nodeGroups: [String: AwsEksNodeGroup] = [:]
  /// The node groups of the generations being retired, by pool name.
  public private(set) var retiringNodeGroups: [String: AwsEksNodeGroup] = [:]
  /// The cluster role's `AmazonEKSVPCResourceController`, when pods have security groups.
  private var vpcResourceController: AwsIamRolePolicyAttachment?
  /// The IAM OIDC provider for IRSA; nil when the cluster's settings were rejected.
  public private(set) var oidcProvider: AwsIamOpenidConnectProvider?
  /// What adds and removes nodes as pods need them; nil for none (the pools keep their sizes).
  public let autoscaling: Autoscaling?
  /// The GitOps tool that installs the cluster's charts.
  public let gitOps: GitOps
  /// Where the stack's folder is in git, for the objects that point the GitOps tool at it; nil
  /// writes none.
  public let bootstrap: GitOpsBootstrap?
  /// The charts installed with ``install(_:as:namespace:file:line:column:values:)``: the
  /// controllers whose identities infra writes, and any the stack adds.
  public internal(set) var chartReleases: [ChartRelease] = []
  /// The target groups whose targets are the pods of a Service in the cluster, but no tenant's.
  var targetGroupBindings: [TargetGroupBinding] = []
  /// Whether `pools` ends with the pool infra added for the Karpenter controller
  /// (``Autoscaling/controllerPoolName``), the cluster having none of its own.
  let hasControllerPool: Bool
  /// The cluster's add-on manifests (`kubernetes/clusters/<id>/`); nil when the cluster was not built.
  public private(set) var manifests: KubernetesManifests?
  /// The objects that install the cluster's charts (`kubernetes/clusters/<id>/charts/`); nil when
  /// the cluster was not built.
  public private(set) var chartManifests: KubernetesManifests?
  /// The autoscaler's identity (Karpenter's or the Cluster Autoscaler's); nil without one, or
  /// when the cluster was rejected.
  public internal(set) var autoscalingIdentity: WorkloadIdentity?
  /// Karpenter's node role, its instance profile and its interruption queue; nil without
  /// Karpenter.
  public internal(set) var karpenterNodeRole: AwsIamRole?
  public internal(set) var karpenterInstanceProfile: AwsIamInstanceProfile?
  public internal(set) var karpenterQueue: AwsSqsQueue?

  /// The cluster's name, as `aws eks update-kubeconfig --name` takes it.
  public var name: Value<String> { output(eks, "name", type: "aws_eks_cluster", id: "cluster") }
  /// The cluster's ARN.
  public var arn: Value<String> { output(eks, "arn", type: "aws_eks_cluster", id: "cluster") }
  /// The Kubernetes API server's URL.
  public var endpoint: Value<String> { output(eks, "endpoint", type: "aws_eks_cluster", id: "cluster") }
  /// The security group EKS creates for the control plane and the managed node groups' nodes:
  /// what a database or another service lets in to admit the cluster's pods.
  public var securityGroupID: Value<String> {
    Value(reference(of: eks, type: "aws_eks_cluster", id: "cluster").attribute("vpc_config")[0].attribute("cluster_security_group_id"))
  }
  /// The ARN of the IAM OIDC provider, which IRSA roles trust.
  public var oidcProviderArn: Value<String> {
    output(oidcProvider, "arn", type: "aws_iam_openid_connect_provider", id: "oidc-provider")
  }
  /// The ARN of the autoscaler's role, which EKS Pod Identity hands to its service account.
  public var autoscalerRoleArn: Value<String> {
    autoscalingIdentity?.roleArn
      ?? Value(.resource(type: "aws_iam_role", name: ConstructNode.logicalID(forPath: node.path + [autoscalerIdentityID, "role"])))
  }
  /// The name of Karpenter's interruption queue (its `settings.interruptionQueue`).
  public var karpenterQueueName: Value<String> {
    output(karpenterQueue, "name", type: "aws_sqs_queue", id: "karpenter-interruption-queue")
  }
  /// The name and ARN of the role of the nodes Karpenter launches (an `EC2NodeClass`'s `role`).
  public var karpenterNodeRoleName: Value<String> { output(karpenterNodeRole, "name", type: "aws_iam_role", id: "karpenter-node-role") }
  public var karpenterNodeRoleArn: Value<String> { output(karpenterNodeRole, "arn", type: "aws_iam_role", id: "karpenter-node-role") }
  /// The instance profile of that role (an `EC2NodeClass`'s `instanceProfile`, instead of `role`).
  public var karpenterInstanceProfileName: Value<String> {
    output(karpenterInstanceProfile, "name", type: "aws_iam_instance_profile", id: "karpenter-instance-profile")
  }
  /// The id of the autoscaler's ``WorkloadIdentity`` within the cluster.
  var autoscalerIdentityID: String { autoscaling?.kind.rawValue ?? Autoscaling.Kind.karpenter.rawValue }


  /// - Parameters:
  ///   - version: the Kubernetes version, e.g. `1.35`; ``KubernetesVersion/default`` (the newest in
  ///     EKS standard support when infra's versions table was last checked) when nil. Node pools
  ///     run it too unless they pin their own.
  ///   - extendedSupport: stay on a version past its end of standard support, at the price of EKS
  ///     extended support; off by default, so EKS upgrades the cluster instead of billing it.
  ///   - network: where the cluster lives; nodes go in its private tier unless a pool says other.
  ///   - publicAccessCIDRs: the only addresses that may reach the API endpoint from the internet;
  ///     empty (the default) keeps the endpoint private.
  ///   - controlPlaneTier: the network tier for the control plane's interfaces; `.private` (the private
  ///     tier) by default.
  ///   - secretsKeyArn: the KMS key for secrets encryption; a key with rotation is created when nil.
  ///   - logRetention: how long control-plane logs are kept: a year in production, three months
  ///     otherwise, by default.
  ///   - volumeKeyArn: the KMS key that encrypts the nodes' root volumes and, through the EBS CSI
  ///     driver's role, PersistentVolumes; the account's EBS key when nil.
  ///   - addons: the addons to install, with pinned versions and settings if given.
  ///   - podSecurityGroups: lets pods have security groups of their own, as each ``Tenant``'s do:
  ///     the vpc-cni addon gets `securityGroupsForPods` (which, given on the addon, means the same).
  ///   - cniPolicyOnNodeRole: keep `AmazonEKS_CNI_Policy` on the node role as well as on the VPC
  ///     CNI's own role: for one apply of a cluster built before the CNI had a role, until its
  ///     `aws-node` pods restart with that role (see docs/constructs/cluster.md).
  ///   - autoscaling: `.karpenter()` or `.clusterAutoscaler()`: what adds and removes nodes, with
  ///     the AWS identity and resources it needs; nil (the default) for none.
  ///   - gitOps: the tool that installs the cluster's charts from its folder of manifests:
  ///     `.flux` (the default) or `.argoCD`.
  ///   - bootstrap: where the stack's folder of manifests is in git: the cluster's folder then
  ///     holds the objects that have `gitOps` apply it and every tenant's folder.
  @discardableResult
  public init(
    _ id: String, renamedFrom: String? = nil, version: KubernetesVersion? = nil, extendedSupport: Bool = false, network: Network,
    publicAccessCIDRs: [String] = [],
    controlPlaneTier: SubnetSelection = .private, secretsKeyArn: (any ValueConvertible<String>)? = nil, logRetention: LogRetention? = nil,
    volumeKeyArn: (any ValueConvertible<String>)? = nil, addons: [Addon] = Addon.standard, podSecurityGroups: Bool = false,
    cniPolicyOnNodeRole: Bool = false, autoscaling: Autoscaling? = nil, gitOps: GitOps = .flux, bootstrap: GitOpsBootstrap? = nil,
    in scope: Construct? = nil,
    file: String = #filePath, line: Int = #line, column: Int = #column,
    @ClusterBuilder _ body: () -> [ClusterBuilder.Part] = { [] }
  ) {
    let parts = body()
    self.version = version ?? .default
    self.extendedSupport = extendedSupport
    self.network = network
    var pools = parts.compactMap { if case .pool(let pool) = $0 { pool } else { nil } }
    // Karpenter runs on nodes it does not manage: a small pool of its own when there is no other.
    let addsControllerPool = autoscaling?.kind == .karpenter && pools.isEmpty && autoscaling?.controllerInstanceTypes.isEmpty == false
    self.hasControllerPool = addsControllerPool
    if let autoscaling, addsControllerPool {
      pools.append(
        NodePool(
          Autoscaling.controllerPoolName, instanceTypes: autoscaling.controllerInstanceTypes,
          size: Autoscaling.controllerPoolSize...Autoscaling.controllerPoolSize, file: file, line: line, column: column))
    }
    self.pools = pools
    self.autoscaling = autoscaling
    self.gitOps = gitOps
    self.bootstrap = bootstrap
    self.access = parts.compactMap { if case .access(let access) = $0 { access } else { nil } }
    self.grantsByPrincipal = Access.grouped(access)
    // Pods get security groups when the cluster or its vpc-cni addon says so; the addon is then
    // configured for them either way.
    let podSecurityGroups = podSecurityGroups || addons.contains(where: \.securityGroupsForPods)
    let addons = addons.map { addon in
      var addon = addon
      if addon.name == "vpc-cni", podSecurityGroups { addon.securityGroupsForPods = true }
      return addon
    }
    self.addons = addons
    self.podSecurityGroups = podSecurityGroups
    super.init(id, renamedFrom: renamedFrom, provider: network.providerConfiguration, in: scope, file: file, line: line, column: column)
    check(publicAccessCIDRs: publicAccessCIDRs, controlPlaneTier: controlPlaneTier, addons: addons)
    checkVolumeKey(volumeKeyArn?.terraformValue)
    for problem in bootstrap?.problems(of: "cluster '\(id)'", tool: gitOps, stack: node.stackName) ?? [] {
      report(problem, at: bootstrap?.location)
    }
    guard !hasProblems, network.vpc != nil else { return }
    within {
      build(
        publicAccessCIDRs: publicAccessCIDRs, controlPlaneTier: controlPlaneTier, secretsKeyArn: secretsKeyArn?.terraformValue,
        logRetention: logRetention ?? (environment == .production ? .oneYear : .threeMonths),
        volumeKeyArn: volumeKeyArn?.terraformValue, addons: addons, cniPolicyOnNodeRole: cniPolicyOnNodeRole)
      let volumeKey = volumeKeyArn?.terraformValue
      manifests = KubernetesManifests(
        "kubernetes", folder: "clusters/\(id)", inStackKustomization: true, file: file, line: line, column: column
      ) { [unowned self] manifests, folder in
        makeManifests(manifests, &folder, volumeKeyArn: volumeKey)
      }
      // The charts are applied on their own, first: the rest of the cluster's objects (and the
      // tenants') include kinds whose CRDs the charts install.
      chartManifests = KubernetesManifests(
        "charts", folder: Self.chartsFolder(id), inStackKustomization: false, file: file, line: line, column: column
      ) { [unowned self] manifests, folder in
        for object in chartObjects(releases(), manifests) { folder.add(object, to: "releases.yaml") }
      }
    }
  }

  // MARK: - Checks

  private func check(publicAccessCIDRs: [String], controlPlaneTier: SubnetSelection, addons: [Addon]) {
    let at = node.location
    checkAddons(addons)
    if let autoscaling {
      let problems = autoscaling.problems(
        in: node.id, hasPodIdentityAgent: addons.contains { $0.name == "eks-pod-identity-agent" }, hasPools: !pools.isEmpty)
      for problem in problems { report(problem, at: autoscaling.location) }
      if autoscaling.kind == .clusterAutoscaler {
        for pool in pools {
          for problem in pool.clusterAutoscalerTagProblems() { report(problem, at: pool.location) }
        }
      }
    }
    if version.components == nil {
      report(
        "invalid-kubernetes-version", "cluster '\(node.id)': '\(version)' is not a Kubernetes version as EKS names them",
        fix: "write the major and minor version, e.g. \"1.31\"")
    } else {
      checkOffered(version, subject: "cluster '\(node.id)'", at: at)
    }
    checkNames([(.eksCluster, clusterName), (.kmsAlias, "alias/eks/\(clusterName)")])
    checkAccess()
    _ = tier(controlPlaneTier, of: network, for: "cluster '\(node.id)'", at: at)
    for text in publicAccessCIDRs {
      if case .failure(let error) = IPv4Block.parse(text) {
        report("invalid-cidr", "cluster '\(node.id)': public access \(error)", fix: "write it as 203.0.113.0/24", at: at)
      } else if text.hasSuffix("/0") {
        report(
          "public-endpoint-open", "cluster '\(node.id)' opens its API endpoint to the whole internet (\(text))",
          fix: "allow-list your offices' and CI's addresses, or keep the endpoint private", at: at)
      }
    }
    var names: [String: SourceLocation] = [:]
    var stems: [String: String] = [:]
    for pool in pools {
      if let first = names[pool.name] {
        report("duplicate-node-pool", "cluster '\(node.id)' already has a node pool '\(pool.name)' (at \(first))", fix: "give each pool its own name", at: pool.location)
      }
      names[pool.name] = names[pool.name] ?? pool.location
      for problem in pool.problems() { report(problem, at: pool.location) }
      checkVersion(of: pool)
      for generation in pool.generations {
        let at = generation.isRetiring ? generation.location : pool.location
        for type in generation.instanceTypes {
          let at = generation.isRetiring ? at : pool.location(of: .instanceTypes)
          guard let problem = InstanceFamilies.problem(with: type) else { continue }
          report(
            "unknown-instance-type", "\(generation.subject(in: pool)): \(type) \(problem)",
            fix: "use a type of a current EC2 family, such as m7i.large, m7g.large or g6.xlarge (docs/apply-time-rules.md lists them)",
            at: at)
        }
        let stem = generation.stem(of: pool)
        checkNames(
          [(.nodeGroupPrefix, "\(stem)-"), (.launchTemplatePrefix, "\(clusterName)-\(stem)-")],
          madeFrom: "the pool or the cluster (the node group is named '<pool>-', its launch template '<stack>-<cluster>-<pool>-')", at: at)
      }
      for problem in pool.generationProblems() { report(problem) }
      // `general` with generation `v2` and a pool `general-v2` would share Terraform names.
      for generation in pool.generations {
        let stem = generation.stem(of: pool)
        if let other = stems[stem], other != pool.name {
          report(
            "duplicate-node-pool", "\(generation.described(in: pool)) would have the node group names of node pool '\(other)'",
            fix: "rename the generation or the pool", at: generation.location)
        }
        stems[stem] = stems[stem] ?? pool.name
      }
      if let found = tier(pool.tier, of: network, for: "node pool '\(pool.name)'", at: pool.location), found.routing == .public {
        report("node-pool-public-subnets", "node pool '\(pool.name)' would put nodes in the public tier '\(found.name)'", fix: "place nodes in a private tier; traffic reaches them through load balancers", at: pool.location)
      }
      if let zone = pool.zone, !network.zones.contains(zone) {
        report(
          "node-pool-zone",
          "node pool '\(pool.name)' runs in zone '\(zone)', which is not one of the zones of network '\(network.node.id)' (\(network.zones.joined(separator: ", ")))",
          fix: "name one of the network's zones", at: pool.location(of: .zone))
      }
    }
  }

  /// A pool's pinned version must be one EKS names, and not newer than the control plane's: a
  /// kubelet never runs ahead of the API server.
  private func checkVersion(of pool: NodePool) {
    guard let pinned = pool.version else { return }
    if pinned.components == nil {
      report(
        "invalid-kubernetes-version", "node pool '\(pool.name)': '\(pinned)' is not a Kubernetes version as EKS names them",
        fix: "write the major and minor version, e.g. \"\(version)\", or leave version out to follow the cluster", at: pool.location)
    } else if !checkOffered(pinned, subject: "node pool '\(pool.name)'", at: pool.location) {
    } else if let behind = pinned.minorVersions(behind: version), behind < 0 {
      report(
        "node-pool-version",
        "node pool '\(pool.name)' pins Kubernetes \(pinned), newer than its cluster's \(version); nodes may not run ahead of the control plane",
        fix: "upgrade the cluster first, or leave version out so the pool follows the cluster", at: pool.location)
    }
  }

  /// Reports a Kubernetes version EKS no longer runs, older than every row of infra's versions
  /// table (AWS's EKS release calendar): EKS refuses to create a cluster or a node group on it.
  /// A version newer than the table's newest may have been released since the table was checked,
  /// and is left to EKS. Returns whether the version passed.
  @discardableResult
  private func checkOffered(_ version: KubernetesVersion, subject: String, at location: SourceLocation) -> Bool {
    guard let oldest = KubernetesVersionSupport.all.last, let behind = version.minorVersions(behind: oldest.version) else {
      if let newest = KubernetesVersionSupport.all.first, version.components?.major != newest.version.components?.major {
        report(
          "kubernetes-version-unavailable", "\(subject) runs Kubernetes \(version), which EKS does not offer",
          fix: "use a version of EKS's release calendar, such as \(newest.version)", at: location)
        return false
      }
      return true
    }
    guard behind > 0 else { return true }
    report(
      "kubernetes-version-unavailable",
      "\(subject) runs Kubernetes \(version), older than every version EKS still runs (\(oldest.version) left extended support on \(oldest.endOfExtendedSupport))",
      fix: "use a version of EKS's release calendar, such as \(KubernetesVersionSupport.all[0].version)", at: location)
    return false
  }

  /// A volume key written as text must be a KMS key's ARN: launch templates take nothing else,
  /// and the EBS CSI driver's policy names the key itself (an alias would match no key).
  private func checkVolumeKey(_ key: Value<String>?) {
    guard let text = key?.expression.stringValue else { return }
    let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
    guard parts.count == 6, parts[0] == "arn", parts[2] == "kms", parts[5].hasPrefix("key/"), parts[5].count > 4 else {
      report(
        "invalid-volume-key", "cluster '\(node.id)': volume key '\(text)' is not the ARN of a KMS key",
        fix: "write the key's ARN, e.g. arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab (not an alias)")
      return
    }
  }

  /// Addons named twice, settings that do not fit their addon, and an addon whose identity
  /// comes through EKS Pod Identity in a cluster without the agent.
  private func checkAddons(_ addons: [Addon]) {
    let agent = addons.contains { $0.name == "eks-pod-identity-agent" }
    var seen: Set<String> = []
    for addon in addons {
      if !seen.insert(addon.name).inserted {
        report(
          "duplicate-addon", "cluster '\(node.id)' installs the addon '\(addon.name)' twice",
          fix: "give each addon once, with all its settings", at: addon.location)
      }
      for problem in addon.problems(in: node.id) {
        report(problem, at: addon.location)
      }
      if AddonIdentity.of(addon.name)?.mechanism == .podIdentity, !agent {
        report(
          "addon-identity-without-agent",
          "cluster '\(node.id)': addon '\(addon.name)' gets its AWS identity through EKS Pod Identity, but the cluster has no eks-pod-identity-agent addon",
          fix: "add " + (addon.location ?? node.location).spelled(swift: "Cluster.Addon(\"eks-pod-identity-agent\")", yaml: "'eks-pod-identity-agent: ~'") + " to the addons",
          at: addon.location)
      }
    }
  }

  // MARK: - Resources

  var clusterName: String { baseName }

  static func trust(_ service: String) -> Value<String> {
    .jsonEncoded([
      "Version": "2012-10-17",
      "Statement": [["Effect": "Allow", "Principal": ["Service": .string(service)], "Action": "sts:AssumeRole"]],
    ])
  }

  private func build(
    publicAccessCIDRs: [String], controlPlaneTier: SubnetSelection, secretsKeyArn: Value<String>?, logRetention: LogRetention,
    volumeKeyArn: Value<String>?, addons: [Addon], cniPolicyOnNodeRole: Bool
  ) {
    let role = placed(AwsIamRole("cluster-role", assumeRolePolicy: Self.trust("eks.amazonaws.com"), namePrefix: "eks-cluster-", tags: tags("cluster")))
    let rolePolicy = placed(
      AwsIamRolePolicyAttachment("cluster-role-policy", policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy", role: role.name))
    var clusterPolicies: [any Referenceable] = [rolePolicy]
    if podSecurityGroups {
      // Security groups for pods: EKS's VPC resource controller attaches the pods' branch
      // interfaces, as the cluster role.
      let controller = placed(
        AwsIamRolePolicyAttachment(
          "cluster-role-vpc-resource-controller", policyArn: "arn:aws:iam::aws:policy/AmazonEKSVPCResourceController",
          role: role.name))
      vpcResourceController = controller
      clusterPolicies.append(controller)
    }

    let keyArn: Value<String>
    if let secretsKeyArn {
      keyArn = secretsKeyArn
    } else {
      let key = CustomerManagedKey(
        "secrets-key", description: "Secrets encryption of EKS cluster \(clusterName)", tags: tags("secrets"),
        provider: providerConfiguration
      ).key
      placed(AwsKmsAlias("secrets-key-alias", targetKeyId: key.keyId, name: Value("alias/eks/\(clusterName)")))
      keyArn = key.arn
    }
    // EKS writes to this group once the cluster exists; creating it first sets the retention.
    let logs = placed(
      AwsCloudwatchLogGroup(
        "control-plane-logs", name: Value("/aws/eks/\(clusterName)/cluster"), retentionInDays: Value(logRetention.days),
        tags: tags("logs")))
    let logsKey = CustomerManagedKey.logs(
      "logs-key", description: "Logs of EKS cluster \(clusterName)", tags: tags("logs-key"), provider: providerConfiguration)
    logsKey.encrypt(logs)
    self.logsKey = logsKey

    let eks = placed(
      AwsEksCluster(
        "cluster", name: Value(clusterName), roleArn: role.arn,
        vpcConfig: .init(
          subnetIds: Value(network.subnetIDs(controlPlaneTier)), endpointPrivateAccess: true,
          endpointPublicAccess: Value(!publicAccessCIDRs.isEmpty),
          publicAccessCidrs: publicAccessCIDRs.isEmpty ? nil : Value(publicAccessCIDRs)),
        accessConfig: .init(authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false),
        enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
        encryptionConfig: .init(provider: .init(keyArn: keyArn), resources: ["secrets"]),
        tags: tags("cluster"), upgradePolicy: .init(supportType: extendedSupport ? "EXTENDED" : "STANDARD"),
        version: Value(version.description)))
    eks.dependsOn = clusterPolicies + [logs]
    self.eks = eks

    oidcProvider = placed(
      AwsIamOpenidConnectProvider(
        "oidc-provider", clientIdList: ["sts.amazonaws.com"], url: eks.identity[0].oidc[0].issuer, tags: tags("oidc")))

    buildAccess(eks)
    // The node role keeps the CNI policy only for a VPC CNI that EKS installed itself, outside
    // the addons, which runs as the node, or when asked to for an upgrade.
    let cniOnNodeRole = cniPolicyOnNodeRole || !addons.contains { $0.name == "vpc-cni" }
    buildAddonsAndNodePools(addons, cluster: eks, oidcProvider: oidcProvider!, volumeKeyArn: volumeKeyArn, cniOnNodeRole: cniOnNodeRole)
    switch autoscaling?.kind {
    case .karpenter?:
      buildKarpenter(
        autoscaling!, cluster: eks, nodeRolePolicies: Self.nodeRolePolicies(cniOnNodeRole: cniOnNodeRole), volumeKeyArn: volumeKeyArn)
    case .clusterAutoscaler?: buildClusterAutoscaler(autoscaling!, cluster: eks)
    case nil: break
    }
  }

  /// An access entry per principal, holding its Kubernetes groups, and an association per
  /// principal and policy, each named from the principal's ARN and the policy: adding, removing
  /// or reordering grants never renames another's. Grants of one policy to one principal share
  /// its association, their namespaces joined; a cluster-wide grant covers every namespace.
  private func buildAccess(_ eks: AwsEksCluster) {
    for grants in grantsByPrincipal {
      let key = Access.slug(grants.principal)
      let entry = placed(
        AwsEksAccessEntry(
          Access.entryID(key), clusterName: eks.name, principalArn: Value(grants.principal),
          kubernetesGroups: grants.kubernetesGroups.isEmpty ? nil : Value(grants.kubernetesGroups), type: "STANDARD"))
      for grant in grants.policies {
        guard let policy = grant.policyName else { continue }
        let association = placed(
          AwsEksAccessPolicyAssociation(
            Access.associationID(key, policy: policy),
            accessScope: .init(type: grant.namespaces == nil ? "cluster" : "namespace", namespaces: grant.namespaces.map { Value($0) }),
            clusterName: eks.name, policyArn: Value(Access.policyARNPrefix + policy), principalArn: Value(grants.principal)))
        association.dependsOn = [entry]
        association.node.authored(at: grant.location)
      }
      entry.node.authored(at: grants.location)
    }
  }

  /// Principals that are not IAM ARNs, policies and Kubernetes groups EKS would refuse, and two
  /// principals whose ARNs would name the same entry, or whose entry and association names would
  /// meet (`role/ops` viewing, and `role/ops-view`).
  private func checkAccess() {
    var ids: [String: String] = [:]
    for grants in grantsByPrincipal where Access.isARN(grants.principal) {
      let slug = Access.slug(grants.principal)
      let policies = grants.policies.compactMap(\.policyName).filter(Access.isPolicyName)
      for id in [Access.entryID(slug)] + policies.map({ Access.associationID(slug, policy: $0) }) {
        if let other = ids[id], other != grants.principal {
          report(
            "duplicate-access-entry", "cluster '\(node.id)': the access of '\(other)' and of '\(grants.principal)' would have the same name '\(id)'",
            fix: "grant one of them through a role whose ARN differs in more than punctuation and a policy's name", at: grants.location)
        }
        ids[id] = ids[id] ?? grants.principal
      }
    }
    for grant in access {
      for principal in grant.principals where !Access.isARN(principal) {
        report(
          "invalid-principal", "cluster '\(node.id)': access for '\(principal)', which is not an IAM role or user ARN",
          fix: "write the ARN, e.g. arn:aws:iam::111122223333:role/platform-admins", at: grant.location)
      }
      for problem in grant.problems(in: node.id) { report(problem, at: grant.location) }
    }
    // One RoleBinding per group and namespace, named after the group.
    var bound: [String: String] = [:]
    for grant in access {
      guard let binding = grant.namespaceBinding else { continue }
      let key = "\(binding.namespace)/\(binding.group)"
      if let role = bound[key], role != binding.clusterRole {
        report(
          "duplicate-group-binding",
          "cluster '\(node.id)': group '\(binding.group)' is bound in namespace '\(binding.namespace)' to both '\(role)' and '\(binding.clusterRole)'",
          fix: "bind each group once in a namespace: a ClusterRole of your own can hold what both allow", at: grant.location)
      }
      bound[key] = bound[key] ?? binding.clusterRole
    }
  }

  /// A group bound in a namespace that is no tenant's: nothing would write its RoleBinding, so
  /// its members' access entries would give them nothing. (Tenants are made after their
  /// cluster, so this is known only once the stack is built.)
  public override func validate() -> [Diagnostic] {
    let namespaces = Set(tenants.map(\.namespace))
    var problems = super.validate()
    for grant in access {
      guard let binding = grant.namespaceBinding, !namespaces.contains(binding.namespace) else { continue }
      problems.append(
        .error(
          "group-binding-without-tenant",
          "cluster '\(node.id)': group '\(binding.group)' is bound in namespace '\(binding.namespace)', which is no tenant's, so its members would be given nothing",
          fix: "bind groups in a tenant's namespace, or grant a namespace that is not a tenant's with "
            + grant.location.spelled(swift: "Access.namespace(_:edit:) or (_:view:)", yaml: "access: {namespaces: {NAME: {edit: […], view: […]}}}"),
          at: grant.location, path: node.pathDescription))
    }
    if let bootstrap, let first = Self.clusters(under: node.root).first(where: { $0.bootstrap != nil }), first !== self {
      problems.append(
        .error(
          "duplicate-gitops-bootstrap",
          "cluster '\(node.id)' has a GitOps bootstrap, and so has cluster '\(first.node.id)' of the same stack: their units would have the same names and each apply both clusters' folders",
          fix: "give the bootstrap to one cluster, or put each cluster in a stack of its own", at: bootstrap.location,
          path: node.pathDescription))
    }
    return problems
  }

  /// The clusters in the tree under `construct`, in tree order.
  private static func clusters(under construct: Construct) -> [Cluster] {
    construct.node.children.flatMap { child in (child as? Cluster).map { [$0] } ?? clusters(under: child) }
  }

  /// The addons, each with its identity where it calls AWS, and the node pools between them:
  /// the addons a node needs from its first pod on (``Addon/beforeCompute``) are created before
  /// the node groups, and those that run as Deployments after them.
  private func buildAddonsAndNodePools(
    _ addons: [Addon], cluster eks: AwsEksCluster, oidcProvider: AwsIamOpenidConnectProvider, volumeKeyArn: Value<String>?,
    cniOnNodeRole: Bool
  ) {
    var built: [String: AwsEksAddon] = [:]
    for addon in addons where Addon.beforeCompute.contains(addon.name) {
      built[addon.name] = buildAddon(addon, cluster: eks, oidcProvider: oidcProvider, volumeKeyArn: volumeKeyArn)
    }
    let groups = buildNodePools(
      eks, cniOnNodeRole: cniOnNodeRole, volumeKeyArn: volumeKeyArn, after: addons.compactMap { built[$0.name] })
    for addon in addons where !Addon.beforeCompute.contains(addon.name) {
      let resource = buildAddon(addon, cluster: eks, oidcProvider: oidcProvider, volumeKeyArn: volumeKeyArn)
      // Deployments need nodes to become healthy.
      if Addon.afterCompute.contains(addon.name) { resource.dependsOn.insert(contentsOf: groups as [any Referenceable], at: 0) }
    }
  }

  /// One addon: its version (pinned, or the default for the cluster's Kubernetes version), its
  /// configuration values, and its identity, whose policies it waits for.
  func buildAddon(
    _ addon: Addon, cluster eks: AwsEksCluster, oidcProvider: AwsIamOpenidConnectProvider, volumeKeyArn: Value<String>?
  ) -> AwsEksAddon {
    let identity = AddonIdentity.of(addon.name).map {
      buildIdentity($0, of: addon, oidcProvider: oidcProvider, volumeKeyArn: volumeKeyArn)
    }
    let version: Value<String>
    if let pinned = addon.version {
      version = Value(pinned)
    } else {
      // Read once the cluster exists at its version: a new cluster, or one changing version,
      // reads it during apply.
      let resolved = DataAwsEksAddonVersion(
        "addon-\(addon.name)-version", addonName: Value(addon.name), kubernetesVersion: eks.version, mostRecent: false)
      resolved.provider = providerConfiguration
      version = resolved.version
    }
    let resource = placed(
      AwsEksAddon(
        "addon-\(addon.name)", addonName: Value(addon.name), clusterName: eks.name, addonVersion: version,
        configurationValues: addon.configurationExpression,
        podIdentityAssociation: identity.flatMap {
          $0.identity.mechanism == .podIdentity
            ? [.init(roleArn: $0.role.arn, serviceAccount: Value($0.identity.serviceAccount))] : nil
        } ?? [],
        resolveConflictsOnUpdate: "OVERWRITE",
        serviceAccountRoleArn: identity.flatMap { $0.identity.mechanism == .irsa ? $0.role.arn : nil }))
    if let location = addon.location { resource.node.authored(at: location) }
    resource.dependsOn = identity?.policies ?? []
    if addon.securityGroupsForPods, let controller = vpcResourceController { resource.dependsOn.append(controller) }
    return resource
  }

  /// The node role, with what the kubelet needs (and the CNI policy when `cniOnNodeRole`), and
  /// each pool's generations; node groups wait for the role's policies and for `addons`.
  private func buildNodePools(
    _ eks: AwsEksCluster, cniOnNodeRole: Bool, volumeKeyArn: Value<String>?, after addons: [AwsEksAddon]
  ) -> [AwsEksNodeGroup] {
    guard !pools.isEmpty else { return [] }
    let role = placed(AwsIamRole("node-role", assumeRolePolicy: Self.trust("ec2.amazonaws.com"), namePrefix: "eks-node-", tags: tags("nodes")))
    var attachments: [any Referenceable] = []
    for policy in Self.nodeRolePolicies(cniOnNodeRole: cniOnNodeRole) {
      attachments.append(
        placed(AwsIamRolePolicyAttachment("node-role-\(policy)", policyArn: Value("arn:aws:iam::aws:policy/\(policy)"), role: role.name)))
    }
    let prerequisites = attachments + addons.map { $0 as any Referenceable }
    let efaGroup = pools.contains(where: \.efa) ? buildEFASecurityGroup() : nil
    var groups: [AwsEksNodeGroup] = []
    for pool in pools {
      // An EFA pool's nodes share a cluster placement group: one zone, one network spine.
      var fabric: (securityGroup: AwsSecurityGroup, placement: AwsPlacementGroup)?
      if pool.efa, let efaGroup {
        let placement = placed(
          AwsPlacementGroup("placement-\(pool.name)", name: Value("\(clusterName)-\(pool.name)"), strategy: "cluster", tags: tags(pool.name)))
        fabric = (efaGroup, placement)
      }
      let built = pool.generations.map {
        buildGeneration(
          $0, of: pool, cluster: eks, role: role, volumeKeyArn: volumeKeyArn, fabric: fabric, after: prerequisites)
      }
      nodeGroups[pool.name] = built[0]
      if let retiring = built.dropFirst().first {
        // The taint lands once the new generation's node group is active, its nodes joined.
        retiring.dependsOn = prerequisites + [built[0]]
        retiringNodeGroups[pool.name] = retiring
      }
      groups += built
    }
    return groups
  }

  /// The security group that lets EFA traffic flow between the nodes of EFA pools: EFA needs
  /// all traffic allowed to and from the group itself. Their launch templates attach it beside
  /// the cluster's security group, which keeps the nodes reachable as the other nodes are.
  private func buildEFASecurityGroup() -> AwsSecurityGroup {
    let group = placed(
      AwsSecurityGroup(
        "efa-security-group", description: Value("EFA traffic between the nodes of EKS cluster \(clusterName)"),
        namePrefix: Value("\(clusterName)-efa-"), tags: tags("efa"), vpcId: network.vpcID))
    group.lifecycle.createBeforeDestroy = true
    placed(
      AwsVpcSecurityGroupIngressRule(
        "efa-ingress", ipProtocol: "-1", securityGroupId: group.id, description: "EFA traffic from the EFA nodes",
        referencedSecurityGroupId: group.id))
    placed(
      AwsVpcSecurityGroupEgressRule(
        "efa-egress", ipProtocol: "-1", securityGroupId: group.id, description: "EFA traffic to the EFA nodes",
        referencedSecurityGroupId: group.id))
    return group
  }

  /// The managed policies of a node role: the kubelet's, image pulls, and the CNI's when
  /// `cniOnNodeRole`.
  static func nodeRolePolicies(cniOnNodeRole: Bool) -> [String] {
    ["AmazonEKSWorkerNodePolicy"] + (cniOnNodeRole ? ["AmazonEKS_CNI_Policy"] : []) + ["AmazonEC2ContainerRegistryPullOnly"]
  }

  /// One generation of a pool: a launch template and a node group, both with name prefixes and
  /// create-before-destroy. The original generation keeps the names the pool always had; a
  /// retiring one is tainted and may shrink to no nodes. An EFA pool's `fabric` gives the
  /// template an EFA interface and the pool's placement group.
  private func buildGeneration(
    _ generation: NodePool.Generation, of pool: NodePool, cluster eks: AwsEksCluster, role: AwsIamRole,
    volumeKeyArn: Value<String>?, fabric: (securityGroup: AwsSecurityGroup, placement: AwsPlacementGroup)?,
    after prerequisites: [any Referenceable]
  ) -> AwsEksNodeGroup {
    let stem = generation.stem(of: pool)
    let nameTags = tags(stem, generation.name.map { ["infra:generation": $0] } ?? [:])
    let capacityBlock: Bool = if case .capacityBlock = pool.reservation { true } else { false }
    let template = placed(
      AwsLaunchTemplate(
        "pool-\(stem)-template",
        blockDeviceMappings: generation.amiType.volumes(diskGiB: generation.diskGiB).map { volume in
          .init(
            deviceName: Value(volume.device),
            ebs: .init(
              deleteOnTermination: "true", encrypted: "true", kmsKeyId: volumeKeyArn, volumeSize: volume.sizeGiB.map { Value($0) },
              volumeType: "gp3"))
        },
        capacityReservationSpecification: pool.reservation.map { .init(capacityReservationTarget: Self.target(of: $0)) },
        instanceMarketOptions: capacityBlock ? .init(marketType: "capacity-block") : nil,
        instanceType: capacityBlock ? generation.instanceTypes.first.map { Value($0) } : nil,
        metadataOptions: .init(
          httpEndpoint: "enabled", httpPutResponseHopLimit: Value(pool.podsReachInstanceMetadata ? 2 : 1), httpTokens: "required"),
        namePrefix: Value("\(clusterName)-\(stem)-"),
        // With interfaces in the template, EKS adds no security group: the cluster's is named.
        networkInterfaces: fabric.map { fabric in
          [
            .init(
              deleteOnTermination: "true", deviceIndex: 0, interfaceType: "efa", networkCardIndex: 0,
              securityGroups: Value<SetOf<String>>(Value([securityGroupID, fabric.securityGroup.id])))
          ]
        } ?? [],
        placement: fabric.map { .init(groupName: $0.placement.name) },
        tags: nameTags, updateDefaultVersion: true))
    template.lifecycle.createBeforeDestroy = true
    template.node.authored(at: pool.location)
    let taints = pool.taints + (generation.isRetiring ? [NodePool.retiringTaint] : [])
    let group = placed(
      AwsEksNodeGroup(
        "pool-\(stem)", clusterName: eks.name, nodeRoleArn: role.arn,
        scalingConfig: .init(
          desiredSize: Value(pool.desired ?? pool.size.lowerBound), maxSize: Value(pool.size.upperBound),
          minSize: Value(generation.isRetiring ? 0 : pool.size.lowerBound)),
        subnetIds: Value(subnetIDs(of: pool)), amiType: Value(generation.amiType.rawValue),
        capacityType: Value(capacityBlock ? "CAPACITY_BLOCK" : generation.capacity.rawValue),
        // A capacity block's instance type is the launch template's.
        instanceTypes: capacityBlock ? nil : Value(generation.instanceTypes),
        labels: pool.labels.isEmpty ? nil : Value(pool.labels),
        launchTemplate: .init(version: Value(template.latestVersion), id: template.id),
        nodeGroupNamePrefix: Value("\(stem)-"), releaseVersion: generation.releaseVersion.map { Value($0) },
        tags: nameTags,
        taint: taints.map { .init(effect: Value($0.effect.rawValue), key: Value($0.key), value: $0.value.map { Value($0) }) },
        updateConfig: .init(maxUnavailable: Value(pool.maxUnavailable)),
        // A reference, not a copy: a control-plane upgrade moves the nodes in the same apply, after it.
        version: pool.version.map { Value($0.description) } ?? eks.version))
    group.lifecycle.createBeforeDestroy = true
    group.node.authored(at: pool.location)
    group.lifecycle.ignoreChanges = .attributes(["scaling_config[0].desired_size"])
    group.dependsOn = prerequisites
    return group
  }

  /// The subnets of a pool's tier, or of its one zone: the one named, else the first.
  private func subnetIDs(of pool: NodePool) -> [Value<String>] {
    let subnets = network.subnetIDs(pool.tier)
    guard pool.isInOneZone, !subnets.isEmpty else { return subnets }
    let index = pool.zone.flatMap { network.zones.firstIndex(of: $0) } ?? 0
    return [subnets[min(index, subnets.count - 1)]]
  }

  /// The launch template's target for `reservation`.
  private static func target(of reservation: NodePool.Reservation) -> AwsLaunchTemplate.CapacityReservationTarget {
    switch reservation {
    case .capacityReservation(let id), .capacityBlock(let id): .init(capacityReservationId: Value(id))
    case .reservationGroup(let arn): .init(capacityReservationResourceGroupArn: Value(arn))
    }
  }
}
