import InfraKit
import Testing

/// A tenant's manifests, followed by references: from each object to the AWS resource whose
/// value it needs, through the folder's kustomization and the stack's Terraform output.
@Suite struct TenantManifestTests {
  /// A production platform with the tenant `acme` behind an internet-facing load balancer.
  private static func platform(quota: Tenant.Quota? = nil, podSecurity: Tenant.PodSecurity = .restricted) throws -> SynthesizedStack {
    try Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"], endpoints: [.sts])
      let cluster = Cluster("main", version: "1.35", network: network, podSecurityGroups: true) {
        NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
      }
      let database = Database("tenant-acme", engine: .postgres("16"), network: network)
      let acme = Tenant("acme", cluster: cluster, database: database, quota: quota, podSecurity: podSecurity)
      LoadBalancer(
        "web", scheme: .internetFacing, network: network, cluster: cluster,
        certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d", allow: ["203.0.113.0/24"], targets: [.tenant(acme, "shop", port: 9090)])
    }.synthesize()
  }

  private static func folder(_ stack: SynthesizedStack, _ path: String) throws -> ManifestFolder {
    try #require(stack.manifests.first { $0.folder == path }).manifests
  }

  private static func object(_ folder: ManifestFolder, _ kind: String, _ name: String) throws -> KubernetesObject {
    try #require(folder.objects.first { $0.kind == kind && $0.name == name })
  }

  /// The CIDR blocks an `ipBlock` list allows, and the ports.
  private static func rule(_ rule: ManifestValue?, peers: String) -> (cidrs: [String], ports: [Int]) {
    let cidrs = rule?[peers]?.listValue?.compactMap { $0["ipBlock"]?["cidr"]?.stringValue } ?? []
    let ports = rule?["ports"]?.listValue?.compactMap { port -> Int? in
      if case .int(let number)? = port["port"] { number } else { nil }
    } ?? []
    return (cidrs, ports)
  }

  @Test func theSecurityGroupPolicyNamesThePodsGroupThroughTheFoldersOutput() throws {
    let stack = try Self.platform()
    let manifests = try #require(stack.manifests.first { $0.folder == "tenants/acme" })
    let policy = try Self.object(manifests.manifests, "SecurityGroupPolicy", "tenant-pods")
    #expect(policy.namespace == "acme")
    #expect(policy["spec"]?["podSelector"] == .map([]), "every pod of the namespace")
    #expect(policy["spec"]?["securityGroups"]?["groupIds"] == [.fromTerraform(key: "pods-security-group-id")])
    // The kustomization copies the value into that field …
    let replacements = manifests.manifests.kustomization["replacements"]?.listValue ?? []
    let replacement = try #require(replacements.first { $0["source"]?["fieldPath"] == "data.pods-security-group-id" })
    #expect(
      replacement["targets"] == [
        .map([
          "select": .map(["kind": "SecurityGroupPolicy", "name": "tenant-pods", "namespace": "acme"]),
          "fieldPaths": ["spec.securityGroups.groupIds.0"],
        ])
      ])
    // … from the line of the folder's output that names the pods' security group.
    let output = try #require(stack.configuration.outputs.first { $0.name == manifests.logicalID })
    #expect(manifests.logicalID == "acme_kubernetes")
    #expect(
      output.value
        == .template([
          "database-host=", .reference(.resource(type: "aws_db_instance", name: "tenant_acme_instance").attribute("address")),
          "\npods-security-group-id=", .reference(.resource(type: "aws_security_group", name: "acme_pods").attribute("id")),
          "\nweb-shop-target-group-arn=", .reference(.resource(type: "aws_lb_target_group", name: "web_target_shop").attribute("arn")), "\n",
        ]))
  }

  @Test func theNamespaceAndServiceAccountAreTheOnesThePodIdentityAssociationNames() throws {
    let stack = try Self.platform()
    let folder = try Self.folder(stack, "tenants/acme")
    let association = try #require(stack.configuration.resources.first { $0.type == "aws_eks_pod_identity_association" && $0.name.hasPrefix("acme_") })
    let namespace = try Self.object(folder, "Namespace", "acme")
    #expect(association.body["namespace"] == .string(namespace.name))
    let account = try Self.object(folder, "ServiceAccount", "app")
    #expect(account.namespace == "acme")
    #expect(association.body["service_account"] == .string(account.name))
    #expect(
      namespace.labels == [
        "app.kubernetes.io/managed-by": "infra", "environment": "production", "tenant": "acme",
        "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "v1.35",
        "pod-security.kubernetes.io/audit": "restricted", "pod-security.kubernetes.io/warn": "restricted",
        // The load balancer sends to the tenant's pods.
        "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled",
      ])
  }

  /// The database policy opens the subnets the database's subnet group holds, on its port; the
  /// load balancer policy the subnets the load balancer is in, on the target port.
  @Test func networkPoliciesOpenTheDatabasesAndTheLoadBalancersSubnets() throws {
    let stack = try Self.platform()
    let folder = try Self.folder(stack, "tenants/acme")
    let configuration = stack.configuration
    func cidrs(ofSubnets value: Expr?) throws -> [String] {
      try (value?.references ?? []).map { reference in
        let subnet = try #require(configuration.resources.first { "\($0.type).\($0.name)" == reference.object })
        guard case .string(let cidr)? = subnet.body["cidr_block"] else { throw CancellationError() }
        return cidr
      }
    }
    let subnetGroup = try #require(configuration.resources.first { $0.type == "aws_db_subnet_group" && $0.name.hasPrefix("tenant_acme") })
    let database = Self.rule(try Self.object(folder, "NetworkPolicy", "allow-database")["spec"]?["egress"]?.listValue?.first, peers: "to")
    #expect(database.cidrs == (try cidrs(ofSubnets: subnetGroup.body["subnet_ids"])))
    #expect(database.cidrs.count == 2, "one subnet per zone")
    #expect(database.ports == [5432])

    let alb = try #require(configuration.resources.first { $0.type == "aws_lb" && $0.name == "web_alb" })
    let ingress = try Self.object(folder, "NetworkPolicy", "allow-load-balancers")["spec"]?["ingress"]?.listValue ?? []
    #expect(ingress.count == 1)
    let loadBalancer = Self.rule(ingress.first, peers: "from")
    #expect(loadBalancer.cidrs == (try cidrs(ofSubnets: alb.body["subnets"])))
    #expect(loadBalancer.ports == [9090])

    let names = folder.objects.filter { $0.kind == "NetworkPolicy" }.map(\.name)
    #expect(names == ["default-deny", "allow-same-namespace", "allow-dns", "allow-pod-identity", "allow-database", "allow-https", "allow-load-balancers"])
    let deny = try Self.object(folder, "NetworkPolicy", "default-deny")
    #expect(deny["spec"] == .map(["podSelector": .map([]), "policyTypes": ["Ingress", "Egress"]]))
  }

  @Test func theQuotaIsTheEnvironmentsUnlessGivenAndNeverAllowsLoadBalancerServices() throws {
    for (quota, hard) in [
      (nil, ["16", "32Gi", "64Gi", "200", "500Gi", "40"]),
      (Tenant.Quota(cpu: "2500m", memory: "6Gi", pods: 30, storage: "50Gi", volumeClaims: 0), ["2500m", "6Gi", "12Gi", "30", "50Gi", "0"]),
    ] as [(Tenant.Quota?, [String])] {
      let folder = try Self.folder(try Self.platform(quota: quota), "tenants/acme")
      let limits = try Self.object(folder, "ResourceQuota", "tenant")["spec"]?["hard"]
      let keys = ["requests.cpu", "requests.memory", "limits.memory", "pods", "requests.storage", "persistentvolumeclaims"]
      #expect(keys.map { limits?[$0]?.stringValue } == hard)
      #expect(limits?["services.loadbalancers"] == "0")
      #expect(limits?["services.nodeports"] == "0")
    }
  }

  @Test func aQuotaThatIsNotAKubernetesQuantityIsAnErrorAtTheTenant() throws {
    let line = #line + 5
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      let cluster = Cluster("main", network: network, podSecurityGroups: true) { NodePool("general", instanceTypes: ["m6i.large"], size: 3...9) }
      let database = Database("tenant-acme", engine: .postgres("16"), network: network)
      Tenant(
        "acme", cluster: cluster, database: database,
        quota: .init(cpu: "eight", memory: "16GB", pods: 0, storage: "1Ti", volumeClaims: 1))
    }
    let error = try #require(throws: SynthesisError.self) { try stack.synthesize() }
    let messages = error.diagnostics.map(\.description)
    let fix = "give quantities as Kubernetes writes them (cpu \"8\" or \"500m\", memory and storage \"16Gi\") and counts as whole numbers"
    #expect(
      messages.filter { $0.contains("invalid-tenant-quota") } == [
        "Tests/InfraKitTests/TenantManifestTests.swift:\(line):13: error: tenant 'acme': the quota's cpu 'eight' is not a Kubernetes quantity; \(fix) [invalid-tenant-quota]",
        "Tests/InfraKitTests/TenantManifestTests.swift:\(line):13: error: tenant 'acme': the quota's memory '16GB' is not a Kubernetes quantity; \(fix) [invalid-tenant-quota]",
        "Tests/InfraKitTests/TenantManifestTests.swift:\(line):13: error: tenant 'acme': the quota's pods 0 is not from 1 to 10000; \(fix) [invalid-tenant-quota]",
      ])
  }

  @Test func theClusterWritesAnEncryptedDefaultStorageClassThatBindsInThePodsZone() throws {
    let folder = try Self.folder(try Self.platform(), "clusters/main")
    let storage = try Self.object(folder, "StorageClass", "gp3")
    #expect(storage.annotations == ["storageclass.kubernetes.io/is-default-class": "true"])
    #expect(storage["provisioner"] == "ebs.csi.aws.com")
    #expect(storage["parameters"] == .map(["type": "gp3", "encrypted": "true"]))
    #expect(storage["volumeBindingMode"] == "WaitForFirstConsumer")
    #expect(storage["reclaimPolicy"] == "Retain", "production keeps a released volume")
  }

  /// A tenant's people may edit its namespace, network policies included; the cluster's policy
  /// lets only the GitOps tool (and Kubernetes, deleting the namespace) write them there.
  @Test func onlyTheGitOpsToolWritesATenantsNetworkPolicies() throws {
    let folder = try Self.folder(try Self.platform(), "clusters/main")
    let policy = try Self.object(folder, "ValidatingAdmissionPolicy", "tenant-network-policies")
    #expect(policy["spec"]?["matchConstraints"]?["namespaceSelector"] == .map(["matchExpressions": [.map(["key": "tenant", "operator": "Exists"])]]))
    #expect(
      policy["spec"]?["validations"]?.listValue?.first?["expression"]
        == "request.userInfo.username in ['system:serviceaccount:flux-system:kustomize-controller', 'system:serviceaccount:kube-system:namespace-controller']")
    let binding = try Self.object(folder, "ValidatingAdmissionPolicyBinding", "tenant-network-policies")
    #expect(binding["spec"] == .map(["policyName": "tenant-network-policies", "validationActions": ["Deny"]]))
    // Every tenant namespace carries the label the policy selects.
    #expect(try Self.object(Self.folder(try Self.platform(), "tenants/acme"), "Namespace", "acme").labels["tenant"] == "acme")
  }
}
