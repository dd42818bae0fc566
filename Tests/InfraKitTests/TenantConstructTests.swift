import InfraKit
import Testing

/// A tenant sees only its own database: followed here by references in the synthesized
/// configuration, from the tenant's pod security group to its database's security group and
/// back, to CoreDNS in the cluster security group, and from the pod identity association of its
/// namespace and service account to the role and the policy naming exactly its database's secret.
@Suite struct TenantConstructTests {
  private static let file = "Tests/InfraKitTests/TenantConstructTests.swift"

  private static func platform(_ body: @escaping (Network, Cluster) -> Void) -> Stack {
    Stack("platform", environment: .production, region: .euWest1) {
      let network = Network(
        "core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"], endpoints: [.s3, .sts])
      let cluster = Cluster("main", version: "1.31", network: network, podSecurityGroups: true) {
        NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
      }
      body(network, cluster)
    }
  }

  /// Two tenants, each with its own database.
  private static func twoTenants() -> Stack {
    platform { network, cluster in
      for name in ["acme", "globex"] {
        let database = Database("tenant-\(name)", engine: .postgres("16"), network: network)
        Tenant(name, cluster: cluster, database: database)
      }
    }
  }

  /// The configuration's resources by address, and the address each argument refers to.
  private struct Resources {
    let configuration: TerraformConfiguration

    func resource(_ address: String) -> ResourceBlock? {
      configuration.resources.first { "\($0.type).\($0.name)" == address }
    }
    func all(_ type: String) -> [ResourceBlock] { configuration.resources.filter { $0.type == type } }
    static func target(_ block: ResourceBlock, _ argument: String) -> String? { block.body[argument]?.references.first?.object }
    /// A literal argument as text: `tcp`, `53`.
    static func text(_ block: ResourceBlock, _ argument: String) -> String? {
      switch block.body[argument] {
      case .string(let text)?: text
      case .int(let number)?: "\(number)"
      default: nil
      }
    }
    /// `(from, protocol, port)` of every rule of `type` whose `security_group_id` refers to `group`.
    func rules(_ type: String, of group: String) -> [String] {
      all(type).filter { Self.target($0, "security_group_id") == group }.map {
        "\($0.name): \(Self.target($0, "referenced_security_group_id") ?? "?") \(Self.text($0, "ip_protocol") ?? "?") \(Self.text($0, "from_port") ?? "all")"
      }.sorted()
    }
  }

  @Test func aTenantsDatabaseAdmitsOnlyThatTenantsPods() throws {
    let resources = Resources(configuration: try Self.twoTenants().synthesize().configuration)
    for (tenant, other) in [("acme", "globex"), ("globex", "acme")] {
      let databaseGroup = "aws_security_group.tenant_\(tenant)_security_group"
      let instance = try #require(resources.resource("aws_db_instance.tenant_\(tenant)_instance"))
      #expect(instance.body["vpc_security_group_ids"]?.references.map(\.object) == [databaseGroup])
      // Exactly one way in: from the tenant's pod security group, on Postgres's port; not from
      // the cluster security group, and not from the other tenant's pods.
      #expect(resources.rules("aws_vpc_security_group_ingress_rule", of: databaseGroup) == [
        "\(tenant)_database_in: aws_security_group.\(tenant)_pods tcp 5432"
      ])
      #expect(!resources.rules("aws_vpc_security_group_ingress_rule", of: databaseGroup).contains { $0.contains("aws_eks_cluster") || $0.contains(other) })
      // The pods' way out: their own pods, CoreDNS in the cluster security group, the VPC's
      // endpoints, and their own database, on its port alone.
      let pods = "aws_security_group.\(tenant)_pods"
      #expect(resources.rules("aws_vpc_security_group_egress_rule", of: pods) == [
        "\(tenant)_aws_endpoints_out: aws_security_group.core_endpoints tcp 443",
        "\(tenant)_database_out: \(databaseGroup) tcp 5432",
        "\(tenant)_dns_tcp_out: aws_eks_cluster.main_cluster tcp 53",
        "\(tenant)_dns_udp_out: aws_eks_cluster.main_cluster udp 53",
        "\(tenant)_pods_out: \(pods) -1 all",
      ])
      #expect(resources.rules("aws_vpc_security_group_ingress_rule", of: pods) == ["\(tenant)_pods_in: \(pods) -1 all"])
      let group = try #require(resources.resource(pods))
      #expect(Resources.target(group, "vpc_id") == "aws_vpc.core_vpc")
      #expect(group.body["description"] == "Pods of tenant \(tenant) in EKS cluster platform-main")
    }
    // CoreDNS, in the cluster security group, answers each tenant's pods on port 53, and the
    // tenants add nothing else to the cluster security group.
    let clusterGroup = "aws_eks_cluster.main_cluster"
    let dnsRules = resources.all("aws_vpc_security_group_ingress_rule").filter { Resources.target($0, "security_group_id") == clusterGroup }
    #expect(dnsRules.map { "\($0.name): \(Resources.target($0, "referenced_security_group_id")!) \(Resources.text($0, "ip_protocol")!) \(Resources.text($0, "from_port")!)-\(Resources.text($0, "to_port")!)" }.sorted() == [
      "acme_coredns_tcp_in: aws_security_group.acme_pods tcp 53-53",
      "acme_coredns_udp_in: aws_security_group.acme_pods udp 53-53",
      "globex_coredns_tcp_in: aws_security_group.globex_pods tcp 53-53",
      "globex_coredns_udp_in: aws_security_group.globex_pods udp 53-53",
    ])
    #expect(dnsRules.allSatisfy { $0.body["security_group_id"] == .reference(.resource(type: "aws_eks_cluster", name: "main_cluster").attribute("vpc_config")[0].attribute("cluster_security_group_id")) })
  }

  @Test func aTenantsPodsMayReadExactlyItsDatabasesSecret() throws {
    let configuration = try Self.twoTenants().synthesize().configuration
    let resources = Resources(configuration: configuration)
    let associations = resources.all("aws_eks_pod_identity_association").filter { $0.body["namespace"] == "acme" }
    #expect(associations.map(\.name) == ["acme_workload_association"])
    let association = try #require(associations.first)
    #expect(association.body["service_account"] == "app")
    #expect(Resources.target(association, "cluster_name") == "aws_eks_cluster.main_cluster")
    let roleAddress = try #require(Resources.target(association, "role_arn"))
    #expect(roleAddress == "aws_iam_role.acme_workload_role")
    let policies = resources.all("aws_iam_role_policy").filter { Resources.target($0, "role") == roleAddress }
    #expect(policies.map(\.name) == ["acme_workload_permissions"])
    #expect(!resources.all("aws_iam_role_policy_attachment").contains { Resources.target($0, "role") == roleAddress })
    #expect(association.meta.dependsOn.map(\.object) == ["aws_iam_role_policy.acme_workload_permissions"])
    let instance = Reference.resource(type: "aws_db_instance", name: "tenant_acme_instance")
    let document = try #require(policies.first?.body["policy"])
    guard case .call(_, let arguments) = document, case .object(let policy)? = arguments.first,
      case .list(let statements)? = policy["Statement"]
    else {
      Issue.record("the policy is not jsonencode({...}): \(document)")
      return
    }
    let arn = Expr.reference(instance.attribute("arn"))
    func part(_ index: Int) -> Expr { .call("element", [.call("split", [":", arn]), .int(index)]) }
    #expect(statements == [
      .object([
        "Effect": "Allow", "Action": ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
        "Resource": [.reference(instance.attribute("master_user_secret")[0].attribute("secret_arn"))],
      ]),
      .object([
        "Effect": "Allow", "Action": ["kms:Decrypt"],
        "Resource": [.reference(.resource(type: "aws_kms_key", name: "tenant_acme_key").attribute("arn"))],
        "Condition": ["StringEquals": ["kms:ViaService": ["secretsmanager.eu-west-1.amazonaws.com"]]],
      ]),
      .object([
        "Effect": "Allow", "Action": ["rds-db:connect"],
        "Resource": [
          .template([
            "arn:", part(1), ":rds-db:", part(3), ":", part(4), ":dbuser:", .reference(instance.attribute("resource_id")), "/acme",
          ])
        ],
      ]),
    ])
    // As written for Terraform: the secret is the one of tenant-acme's instance, and no other.
    let json = resourceJSON(configuration) { $0.name == "acme_workload_permissions" }
    #expect(json.contains(#"\"Resource\" = [aws_db_instance.tenant_acme_instance.master_user_secret[0].secret_arn]}"#))
    #expect(!json.contains("globex"))
    // The database's key is the one that encrypts its master user's secret.
    let database = try #require(resources.resource("aws_db_instance.tenant_acme_instance"))
    #expect(Resources.target(database, "master_user_secret_kms_key_id") == "aws_kms_key.tenant_acme_key")
    #expect(database.body["iam_database_authentication_enabled"] == true)
  }

  @Test func theOutputsNameTheTenantsResources() throws {
    var tenant: Tenant?
    _ = try Self.platform { network, cluster in
      tenant = Tenant("acme", cluster: cluster, database: Database("tenant-acme", engine: .postgres("16"), network: network))
    }.synthesize()
    let acme = try #require(tenant)
    #expect(acme.podSecurityGroupID.expression == .reference(.resource(type: "aws_security_group", name: "acme_pods").attribute("id")))
    #expect(acme.roleArn.expression == .reference(.resource(type: "aws_iam_role", name: "acme_workload_role").attribute("arn")))
    #expect(acme.databaseEndpoint.expression == .reference(.resource(type: "aws_db_instance", name: "tenant_acme_instance").attribute("endpoint")))
    #expect(acme.databaseSecretArn.expression == .reference(.resource(type: "aws_db_instance", name: "tenant_acme_instance").attribute("master_user_secret")[0].attribute("secret_arn")))
  }

  @Test func extraPoliciesPermissionsAndProbes() throws {
    let configuration = try Self.platform { network, cluster in
      Tenant(
        "acme", cluster: cluster, database: Database("tenant-acme", engine: .mysql("8.0"), network: network),
        serviceAccount: "web", databaseUser: "web_app", policies: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
        permissions: [.allow(["sqs:SendMessage"], on: ["arn:aws:sqs:eu-west-1:111122223333:acme-jobs"])], probePorts: [8080])
    }.synthesize().configuration
    let resources = Resources(configuration: configuration)
    #expect(resources.all("aws_eks_pod_identity_association").filter { $0.body["namespace"] == "acme" }.map { $0.body["service_account"] } == ["web"])
    #expect(resources.all("aws_iam_role_policy_attachment").filter { Resources.target($0, "role") == "aws_iam_role.acme_workload_role" }.map { $0.body["policy_arn"] } == ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"])
    let json = resourceJSON(configuration) { $0.name == "acme_workload_permissions" }
    #expect(json.contains(#"dbuser:${aws_db_instance.tenant_acme_instance.resource_id}/web_app\"]}, {\"Action\" = [\"sqs:SendMessage\"]"#))
    #expect(resources.rules("aws_vpc_security_group_egress_rule", of: "aws_security_group.acme_pods").contains("acme_database_out: aws_security_group.tenant_acme_security_group tcp 3306"))
    #expect(resources.rules("aws_vpc_security_group_ingress_rule", of: "aws_security_group.acme_pods") == [
      "acme_pods_in: aws_security_group.acme_pods -1 all", "acme_probes_8080_in: aws_eks_cluster.main_cluster tcp 8080",
    ])
  }

  @Test func theClusterRoleGetsTheVPCResourceControllerOnlyWhenPodsGetSecurityGroups() throws {
    func attachments(_ podSecurityGroups: Bool) throws -> [Expr?] {
      let configuration = try Stack("platform", environment: .production, region: .euWest1) {
        let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
        Cluster("main", version: "1.31", network: network, podSecurityGroups: podSecurityGroups)
      }.synthesize().configuration
      return Resources(configuration: configuration).all("aws_iam_role_policy_attachment")
        .filter { Resources.target($0, "role") == "aws_iam_role.main_cluster_role" }.map { $0.body["policy_arn"] }
    }
    #expect(try attachments(false) == ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"])
    #expect(try attachments(true) == ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy", "arn:aws:iam::aws:policy/AmazonEKSVPCResourceController"])
  }

  @Test func settingsItRefuses() {
    let line = #line + 7
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      let other = Network("other", cidr: "10.1.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      let cluster = Cluster("main", version: "1.31", network: network) {
        NodePool("small", instanceTypes: ["t3.large", "m4.large"], size: 1...3)
      }
      Tenant("Acme", cluster: cluster, database: Database("tenant-acme", engine: .postgres("16"), network: network), databaseUser: "acme-app")
      Tenant("globex", cluster: cluster, database: Database("tenant-globex", engine: .postgres("16"), network: other, allowFrom: [.cluster(cluster)]), probePorts: [0])
    }
    let at = { (offset: Int) in "\(Self.file):\(line + offset):13: error:" }
    #expect(synthesisErrors(stack) == [
      "\(at(0)) tenant 'Acme': the name is its namespace, and 'Acme' is not a Kubernetes namespace name; use at most 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit [invalid-tenant-name]",
      "\(at(0)) tenant 'Acme': 'acme-app' is not a database user name; use at most 63 lowercase letters, digits and underscores, starting with a letter [invalid-database-user]",
      "\(at(0)) tenant 'Acme': cluster 'main' does not give pods security groups of their own, so the tenant's pods would share every other pod's; create the cluster with podSecurityGroups: true [tenant-without-pod-security-groups]",
      "\(at(0)) tenant 'Acme': no node pool of cluster 'main' runs an instance type that gives pods network interfaces of their own (t3.large, m4.large); add a pool of a current Nitro family such as m6i, c6i or r6i; no t family type can [tenant-without-trunk-nodes]",
      "\(at(1)) tenant 'globex': cluster 'main' does not give pods security groups of their own, so the tenant's pods would share every other pod's; create the cluster with podSecurityGroups: true [tenant-without-pod-security-groups]",
      "\(at(1)) tenant 'globex': no node pool of cluster 'main' runs an instance type that gives pods network interfaces of their own (t3.large, m4.large); add a pool of a current Nitro family such as m6i, c6i or r6i; no t family type can [tenant-without-trunk-nodes]",
      "\(at(1)) tenant 'globex': database 'tenant-globex' is in network 'other', cluster 'main' in 'core'; create the tenant's database in the cluster's network [tenant-database-other-network]",
      "\(at(1)) tenant 'globex': database 'tenant-globex' admits every pod of the cluster, which undoes the tenant's isolation; remove .cluster(…) from the database's allowFrom: the tenant admits its own pods [tenant-database-open-to-cluster]",
      "\(at(1)) tenant 'globex': probe port 0 is not a port; use a port from 1 to 65535 [invalid-port]",
    ])
  }

  @Test func theTenantsIdentityIsCheckedLikeAnyOther() {
    let line = #line + 3
    let stack = Self.platform { network, cluster in
      WorkloadIdentity("billing", cluster: cluster, namespace: "acme", serviceAccount: "app", permissions: [.allow(["s3:GetObject"], on: ["arn:aws:s3:::acme/*"])])
      Tenant("acme", cluster: cluster, database: Database("tenant-acme", engine: .postgres("16"), network: network), serviceAccount: "App")
    }
    #expect(synthesisErrors(stack) == [
      "\(Self.file):\(line):13: error: workload identity 'acme/workload': 'App' is not a Kubernetes service account name; use at most 253 lowercase letters, digits, hyphens and dots, starting and ending with a letter or digit [invalid-service-account]",
    ])
  }
}
