/// A client of the platform, said once: a namespace of its own in a cluster, a security group
/// its pods get through EKS security groups for pods, a database that admits only that group,
/// and an AWS identity for its pods that may read exactly that database's secret.
///
/// ```swift
/// let cluster = Cluster("main", network: network, podSecurityGroups: true) {
///   Access.namespace("acme", edit: ["arn:aws:iam::111122223333:role/acme-developers"])
///   NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
/// }
/// let database = Database("tenant-acme", engine: .postgres("16"), network: network)
/// let acme = Tenant("acme", cluster: cluster, database: database)
/// Output("acme_pod_security_group_id", value: acme.podSecurityGroupID)
/// ```
///
/// The tenant's Kubernetes side is written beside the Terraform, to
/// `kubernetes/tenants/<name>/` (docs/kubernetes.md): the namespace (Pod Security Standard
/// `restricted` by default), its quota and default limits, network policies that deny all but
/// what the tenant needs, the service account its identity is bound to, the
/// `SecurityGroupPolicy` that puts its pods in their security group, a ConfigMap saying where its
/// database is, a RoleBinding for each Kubernetes group bound in its namespace
/// (`Access.namespace(_:group:clusterRole:to:)`), and, when the cluster runs External Secrets
/// Operator (``WorkloadIdentity/externalSecrets(cluster:namespace:serviceAccount:in:file:line:column:)``),
/// the SecretStore and ExternalSecret that copy its database's secret into the Secret
/// `database-credentials`, read as the tenant's own role. The group lets the pods reach each other, CoreDNS, the network's
/// interface endpoints and their own database, and nothing else inside the VPC; the database
/// admits that group alone. Access entries for the tenant's people stay on the cluster
/// (`Access.namespace(_:edit:)`), where they are grouped by principal.
public final class Tenant: PlatformConstruct {
  /// The Kubernetes namespace: the tenant's name.
  public let namespace: String
  /// The service account whose pods get the tenant's AWS identity.
  public let serviceAccount: String
  /// The database user the identity may sign in as through IAM database authentication.
  public let databaseUser: String
  public let database: Database
  /// The cluster the namespace is in.
  public let cluster: Cluster
  /// The namespace's quota: the one given, or the environment's default.
  public var quota: Quota { givenQuota ?? .default(for: environment) }
  private let givenQuota: Quota?
  /// The Pod Security Standard the namespace enforces.
  public let podSecurity: PodSecurity
  /// The tenant's manifests; nil when the tenant was not built.
  public private(set) var manifests: KubernetesManifests?
  /// The load balancers that send to the tenant's pods, which its network policies let in.
  private(set) var loadBalancerPaths: [LoadBalancerPath] = []
  /// The target groups whose targets are the tenant's pods.
  private(set) var targetGroupBindings: [TargetGroupBinding] = []
  /// The security group of the tenant's pods; nil when the tenant was not built.
  public private(set) var podSecurityGroup: AwsSecurityGroup?
  /// The tenant's workload identity; nil when the tenant was not built.
  public private(set) var identity: WorkloadIdentity?

  /// The id of the pods' security group, for the `SecurityGroupPolicy` in the tenant's namespace.
  public var podSecurityGroupID: Value<String> { output(podSecurityGroup, "id", type: "aws_security_group", id: "pods") }
  /// The ARN of the role the tenant's service account gets.
  public var roleArn: Value<String> {
    identity?.roleArn
      ?? Value(Reference.resource(type: "aws_iam_role", name: ConstructNode.logicalID(forPath: node.path + ["workload", "role"])).attribute("arn"))
  }
  /// Where the tenant's applications connect: `host:port` of its database.
  public var databaseEndpoint: Value<String> { database.endpoint }
  /// The Secrets Manager secret of the database's master user, which the tenant's pods may read.
  public var databaseSecretArn: Value<String> { database.masterUserSecretArn }

  /// - Parameters:
  ///   - id: the tenant's name, which is its namespace: at most 63 lowercase letters, digits
  ///     and hyphens.
  ///   - cluster: where the tenant's pods run; it needs `podSecurityGroups: true`, a node pool
  ///     whose instance types can hold pods' network interfaces, and the eks-pod-identity-agent.
  ///   - database: the tenant's own database, in the cluster's network; the tenant opens it to
  ///     its pods. It must not admit the whole cluster (`allowFrom: [.cluster(…)]`).
  ///   - serviceAccount: the service account whose pods get the tenant's AWS identity; `app` by
  ///     default.
  ///   - databaseUser: the database user the identity may sign in as with an IAM token
  ///     (`rds-db:connect`); the namespace with `_` for `-` by default. Create it in the
  ///     database and grant it `rds_iam` (Postgres) before using it.
  ///   - policies: managed policies for the tenant's pods beyond reading its database.
  ///   - permissions: further permissions for the tenant's pods.
  ///   - probePorts: ports kubelet's probes reach the pods on through the node's security
  ///     group. Under the VPC CNI's `standard` enforcing mode, which tenants need, probes from the
  ///     pod's own node bypass security groups and none is needed; give them for `strict` mode.
  ///   - quota: what the namespace may hold; ``Quota/default(for:)`` of the environment by default.
  ///   - podSecurity: the Pod Security Standard the namespace enforces; `restricted` by default.
  @discardableResult
  public init(
    _ id: String, renamedFrom: String? = nil, cluster: Cluster, database: Database, serviceAccount: String = "app",
    databaseUser: String? = nil, policies: [String] = [], permissions: [Permission] = [], probePorts: [Int] = [],
    quota: Quota? = nil, podSecurity: PodSecurity = .restricted,
    in scope: Construct? = nil, file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.namespace = id
    self.serviceAccount = serviceAccount
    self.databaseUser = databaseUser ?? id.replacingOccurrences(of: "-", with: "_")
    self.database = database
    self.cluster = cluster
    self.podSecurity = podSecurity
    self.givenQuota = quota
    super.init(id, renamedFrom: renamedFrom, provider: cluster.providerConfiguration, in: scope, file: file, line: line, column: column)
    cluster.tenants.append(self)
    check(cluster: cluster, probePorts: probePorts)
    checkNames([(.securityGroupPrefix, "\(baseName)-pods-")])
    guard !hasProblems, cluster.eks != nil, let vpc = cluster.network.vpc, database.securityGroup != nil else { return }
    within {
      build(cluster: cluster, vpc: vpc, probePorts: probePorts)
      identity = WorkloadIdentity(
        "workload", cluster: cluster, namespace: namespace, serviceAccount: serviceAccount, policies: policies,
        permissions: databasePermissions + permissions, file: file, line: line, column: column)
      admitExternalSecrets()
      manifests = KubernetesManifests(
        "kubernetes", folder: "tenants/\(namespace)", inStackKustomization: false, file: file, line: line, column: column
      ) { [unowned self] manifests, folder in
        makeManifests(manifests, &folder, cluster: cluster)
      }
    }
  }

  /// When the cluster runs External Secrets Operator, lets its controller assume the tenant's
  /// role, which may read the database's secret, to copy that secret into the namespace.
  func admitExternalSecrets() {
    guard let controller = cluster.externalSecrets else { return }
    identity?.trust(controller.roleArn, tagged: [WorkloadIdentity.externalSecretsTag: cluster.clusterName])
  }

  /// Lets `loadBalancer`, in the subnets `cidrs`, reach the tenant's pods on `port`.
  func admit(loadBalancer: String, cidrs: [String], port: Int) {
    let path = LoadBalancerPath(loadBalancer: loadBalancer, cidrs: cidrs, port: port)
    if !loadBalancerPaths.contains(path) { loadBalancerPaths.append(path) }
  }

  /// Registers a target group of a load balancer whose targets are the pods of one of the
  /// tenant's Services: its binding goes in the tenant's folder.
  func bind(_ binding: TargetGroupBinding) { targetGroupBindings.append(binding) }

  private var subject: String { "tenant '\(node.id)'" }

  // MARK: - Checks

  private func check(cluster: Cluster, probePorts: [Int]) {
    if !WorkloadIdentity.isLabel(namespace) {
      report(
        "invalid-tenant-name", "\(subject): the name is its namespace, and '\(namespace)' is not a Kubernetes namespace name",
        fix: WorkloadIdentity.namespaceFix)
    }
    if !Self.isDatabaseUser(databaseUser) {
      report(
        "invalid-database-user", "\(subject): '\(databaseUser)' is not a database user name",
        fix: "use at most 63 lowercase letters, digits and underscores, starting with a letter")
    }
    if !cluster.podSecurityGroups {
      report(
        "tenant-without-pod-security-groups",
        "\(subject): cluster '\(cluster.node.id)' does not give pods security groups of their own, so the tenant's pods would share every other pod's",
        fix: "create the cluster with podSecurityGroups: true")
    }
    if !cluster.pools.isEmpty, !cluster.pools.contains(where: \.holdsPodNetworkInterfaces) {
      report(
        "tenant-without-trunk-nodes",
        "\(subject): no node pool of cluster '\(cluster.node.id)' runs an instance type that gives pods network interfaces of their own (\(cluster.pools.flatMap(\.instanceTypes).joined(separator: ", ")))",
        fix: "add a pool of a current Nitro family such as m6i, c6i or r6i; no t family type can")
    }
    if database.network !== cluster.network {
      report(
        "tenant-database-other-network",
        "\(subject): database '\(database.node.id)' is in network '\(database.network.node.id)', cluster '\(cluster.node.id)' in '\(cluster.network.node.id)'",
        fix: "create the tenant's database in the cluster's network")
    }
    if database.allowFrom.contains(where: { if case .cluster = $0 { true } else { false } }) {
      report(
        "tenant-database-open-to-cluster",
        "\(subject): database '\(database.node.id)' admits every pod of the cluster, which undoes the tenant's isolation",
        fix: "remove .cluster(…) from the database's allowFrom: the tenant admits its own pods")
    }
    for port in probePorts where !(1...65535).contains(port) {
      report("invalid-port", "\(subject): probe port \(port) is not a port", fix: "use a port from 1 to 65535")
    }
    for problem in quota.problems {
      report(
        "invalid-tenant-quota", "\(subject): the quota's \(problem)",
        fix: "give quantities as Kubernetes writes them (cpu \"8\" or \"500m\", memory and storage \"16Gi\") and counts as whole numbers")
    }
  }

  /// Postgres and MySQL both take these unquoted.
  static func isDatabaseUser(_ name: String) -> Bool {
    guard let first = name.first, first.isASCII, first.isLowercase, name.count <= 63 else { return false }
    return name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
  }

  // MARK: - Resources

  /// Reading the master user's secret (and decrypting it, with the database's key, only through
  /// Secrets Manager), and signing in as the tenant's database user with an IAM token.
  private var databasePermissions: [Permission] {
    let viaSecretsManager: [Permission.Condition] = region.map {
      [.init("StringEquals", "kms:ViaService", ["secretsmanager.\($0.code).amazonaws.com"])]
    } ?? []
    return [
      .allow(["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"], on: [database.masterUserSecretArn]),
      .allow(["kms:Decrypt"], on: [database.keyArn], when: viaSecretsManager),
      .allow(["rds-db:connect"], on: [database.connectArn(user: databaseUser)]),
    ]
  }

  private func build(cluster: Cluster, vpc: AwsVpc, probePorts: [Int]) {
    let pods = placed(
      AwsSecurityGroup(
        "pods", description: Value("Pods of tenant \(namespace) in EKS cluster \(cluster.baseName)"),
        namePrefix: Value("\(baseName)-pods-"), tags: tags("pods"), vpcId: vpc.id))
    podSecurityGroup = pods
    let clusterGroup = cluster.securityGroupID
    func ingress(_ id: String, into group: Value<String>, from source: Value<String>, _ ipProtocol: String, _ port: Int?, _ description: String) {
      placed(
        AwsVpcSecurityGroupIngressRule(
          id, ipProtocol: Value(ipProtocol), securityGroupId: group, description: Value(description),
          fromPort: port.map { Value($0) }, referencedSecurityGroupId: source, toPort: port.map { Value($0) }))
    }
    func egress(_ id: String, to destination: Value<String>, _ ipProtocol: String, _ port: Int?, _ description: String) {
      placed(
        AwsVpcSecurityGroupEgressRule(
          id, ipProtocol: Value(ipProtocol), securityGroupId: pods.id, description: Value(description),
          fromPort: port.map { Value($0) }, referencedSecurityGroupId: destination, toPort: port.map { Value($0) }))
    }
    // The tenant's pods reach each other on any port, across nodes.
    ingress("pods-in", into: pods.id, from: pods.id, "-1", nil, "From the tenant's own pods")
    egress("pods-out", to: pods.id, "-1", nil, "To the tenant's own pods")
    // CoreDNS runs in the cluster security group: both sides of the lookup.
    for ipProtocol in ["udp", "tcp"] {
      egress("dns-\(ipProtocol)-out", to: clusterGroup, ipProtocol, 53, "DNS lookups to CoreDNS")
      ingress("coredns-\(ipProtocol)-in", into: clusterGroup, from: pods.id, ipProtocol, 53, "DNS lookups from pods of tenant \(namespace)")
    }
    // The tenant's own database, and no other.
    let port = database.port
    egress("database-out", to: database.securityGroupID, "tcp", port, "To the tenant's database")
    ingress("database-in", into: database.securityGroupID, from: pods.id, "tcp", port, "From pods of tenant \(namespace)")
    // AWS APIs inside the VPC; outside it, the node's address and security group carry the call.
    if let endpoints = cluster.network.endpointsSecurityGroup {
      egress("aws-endpoints-out", to: endpoints.id, "tcp", 443, "HTTPS to the VPC's AWS service endpoints")
    }
    for port in Set(probePorts).sorted() {
      ingress("probes-\(port)-in", into: pods.id, from: clusterGroup, "tcp", port, "kubelet probes from the nodes")
    }
  }
}

extension NodePool {
  /// Whether an instance type of the pool can take a trunk network
  /// interface, through which pods get interfaces (and security groups) of their own: most
  /// Nitro families can; no `t` family, and no family older than Nitro, can.
  var holdsPodNetworkInterfaces: Bool {
    instanceTypes.contains { type in
      let family = String(type.prefix { $0 != "." })
      return !family.hasPrefix("t") && !Self.preNitroFamilies.contains(family)
    }
  }

  /// Instance families built before Nitro, which cannot take a trunk interface.
  static let preNitroFamilies: Set<String> = [
    "a1", "c1", "c3", "c4", "d2", "f1", "g2", "g3", "g3s", "h1", "i2", "i3", "m1", "m2", "m3", "m4", "p2", "p3", "r3", "r4",
    "x1", "x1e",
  ]
}
