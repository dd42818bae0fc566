import Manifests

extension Tenant {
  /// The file each kind of the tenant's objects is written to, in `kubernetes/tenants/<name>/`.
  enum ManifestFile {
    static let namespace = "namespace.yaml"
    static let quota = "quota.yaml"
    static let networkPolicies = "network-policies.yaml"
    static let identity = "identity.yaml"
    static let database = "database.yaml"
    static let loadBalancers = "load-balancers.yaml"
    static let rbac = "rbac.yaml"
  }

  /// Where a load balancer sends to the tenant's pods: the load balancer's subnets and the port.
  struct LoadBalancerPath: Hashable {
    let loadBalancer: String
    let cidrs: [String]
    let port: Int
  }

  /// The tenant's namespace and what keeps it apart and working: its quota and default limits,
  /// network policies that deny everything but what the tenant needs, the service account its
  /// AWS identity is bound to, the security group policy that puts its pods in their security
  /// group, where its database is, and which of its Services the stack's load balancers send to.
  func makeManifests(_ manifests: KubernetesManifests, _ folder: inout ManifestFolder, cluster: Cluster) {
    let labels = [
      "app.kubernetes.io/managed-by": "infra", "tenant": namespace, "environment": environment.rawValue,
    ]
    func object(
      _ apiVersion: String, _ kind: String, _ name: String, namespaced: Bool = true,
      labels extra: [String: String] = [:], body: KeyValuePairs<String, ManifestValue?>
    ) -> KubernetesObject {
      KubernetesObject(
        apiVersion, kind, name: name, namespace: namespaced ? namespace : nil,
        // Most objects take the tenant's labels as they are: shared, not merged into a copy each.
        labels: extra.isEmpty ? labels : labels.merging(extra) { $1 }, body: body)
    }
    let level = podSecurity.rawValue
    var namespaceObject = object(
      "v1", "Namespace", namespace, namespaced: false,
      labels: [
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/enforce-version": "v\(cluster.version)",
        "pod-security.kubernetes.io/audit": level, "pod-security.kubernetes.io/warn": level,
      ], body: [:])
    if !targetGroupBindings.isEmpty {
      // A new pod counts as ready only once its load balancer target is healthy, so a rolling
      // update never leaves the target group without a healthy target.
      namespaceObject.labels["elbv2.k8s.aws/pod-readiness-gate-inject"] = "enabled"
    }
    if cluster.externalSecrets != nil {
      // The one role a SecretStore here may have the controller assume (the cluster's
      // admission policy, ``Cluster/externalSecretsPolicyName``); the tenant cannot change it.
      _ = manifests.value(Self.roleArnKey, roleArn)
      namespaceObject.annotationsFromTerraform = [Cluster.externalSecretsRoleAnnotation: Self.roleArnKey]
    }
    folder.add(namespaceObject, to: ManifestFile.namespace)

    let quota = self.quota
    folder.add(
      object(
        "v1", "ResourceQuota", "tenant",
        body: [
          "spec": .map([
            "hard": .sorted([
              "requests.cpu": quota.cpu, "requests.memory": quota.memory, "limits.memory": quota.memoryLimit,
              "pods": String(quota.pods), "requests.storage": quota.storage,
              "persistentvolumeclaims": String(quota.volumeClaims),
              // Traffic comes in through the stack's load balancers only.
              "services.loadbalancers": "0", "services.nodeports": "0",
            ])
          ])
        ]), to: ManifestFile.quota)
    folder.add(
      object(
        "v1", "LimitRange", "container-defaults",
        body: [
          "spec": .map([
            "limits": [
              .map([
                "type": "Container",
                "defaultRequest": .sorted(["cpu": "100m", "memory": "128Mi"]),
                "default": .sorted(["memory": "512Mi"]),
              ])
            ]
          ])
        ]), to: ManifestFile.quota)

    for policy in networkPolicies(cluster: cluster) { folder.add(policy, to: ManifestFile.networkPolicies) }

    folder.add(object("v1", "ServiceAccount", serviceAccount, body: [:]), to: ManifestFile.identity)
    folder.add(
      object(
        "vpcresources.k8s.aws/v1beta1", "SecurityGroupPolicy", "tenant-pods",
        body: [
          "spec": .map([
            "podSelector": .map([]),
            "securityGroups": .map(["groupIds": [manifests.value("pods-security-group-id", podSecurityGroupID)]]),
          ])
        ]), to: ManifestFile.identity)

    for binding in cluster.groupBindings[namespace] ?? [] {
      let rbac = "rbac.authorization.k8s.io"
      folder.add(
        object(
          "\(rbac)/v1", "RoleBinding", binding.group,
          body: [
            "roleRef": .map(["apiGroup": .string(rbac), "kind": "ClusterRole", "name": .string(binding.clusterRole)]),
            "subjects": [.map(["apiGroup": .string(rbac), "kind": "Group", "name": .string(binding.group)])],
          ]), to: ManifestFile.rbac)
    }

    folder.add(
      object(
        "v1", "ConfigMap", "database",
        body: [
          "data": .map([
            "DATABASE_HOST": manifests.value("database-host", database.address),
            "DATABASE_PORT": .string(String(database.port)),
            "DATABASE_USER": .string(databaseUser),
          ])
        ]), to: ManifestFile.database)

    for binding in targetGroupBindings { folder.add(binding.object(manifests), to: ManifestFile.loadBalancers) }

    if cluster.externalSecrets != nil { addDatabaseSecret(manifests, &folder, labels: labels) }
  }

  /// The key of the tenant's role ARN among the folder's values from Terraform.
  static let roleArnKey = "role-arn"

  /// The name of the Kubernetes Secret that holds the database's master user, `username` and
  /// `password`, when the cluster runs External Secrets Operator.
  public static let databaseSecretName = "database-credentials"

  /// External Secrets Operator's objects that copy the master user's secret, which RDS keeps in
  /// Secrets Manager, into the Secret ``databaseSecretName``: a SecretStore through which the
  /// controller reads as the tenant's own role, and the ExternalSecret naming the secret's ARN.
  private func addDatabaseSecret(_ manifests: KubernetesManifests, _ folder: inout ManifestFolder, labels: [String: String]) {
    let store = "database"
    var aws: [ManifestValue.Entry] = [.init("service", "SecretsManager")]
    if let region { aws.append(.init("region", .string(region.code))) }
    aws.append(.init("role", manifests.value(Self.roleArnKey, roleArn)))
    folder.add(
      KubernetesObject(
        "external-secrets.io/v1", "SecretStore", name: store, namespace: namespace, labels: labels,
        body: ["spec": .map(["provider": .map(["aws": .map(aws)])])]), to: ManifestFile.database)
    let secretArn = manifests.value("database-secret-arn", database.masterUserSecretArn)
    func key(_ name: String) -> ManifestValue {
      .map(["secretKey": .string(name), "remoteRef": .map(["key": secretArn, "property": .string(name)])])
    }
    folder.add(
      KubernetesObject(
        "external-secrets.io/v1", "ExternalSecret", name: Self.databaseSecretName, namespace: namespace, labels: labels,
        body: [
          "spec": .map([
            // RDS rotates the password (every 7 days by default); the Secret follows within the hour.
            "refreshInterval": "1h",
            "secretStoreRef": .map(["kind": "SecretStore", "name": .string(store)]),
            "target": .map(["name": .string(Self.databaseSecretName), "creationPolicy": "Owner"]),
            "data": [key("username"), key("password")],
          ])
        ]), to: ManifestFile.database)
  }

  /// Deny by default, then allow: the tenant's own pods to each other, DNS through CoreDNS,
  /// credentials from the EKS Pod Identity agent, the tenant's database, HTTPS out (AWS's APIs),
  /// and the stack's load balancers to the ports they send to.
  private func networkPolicies(cluster: Cluster) -> [KubernetesObject] {
    func policy(_ name: String, _ spec: KeyValuePairs<String, ManifestValue?>) -> KubernetesObject {
      KubernetesObject(
        "networking.k8s.io/v1", "NetworkPolicy", name: name, namespace: namespace,
        labels: ["app.kubernetes.io/managed-by": "infra", "tenant": namespace], body: ["spec": .map(spec)])
    }
    func port(_ number: Int, _ transport: String = "TCP") -> ManifestValue {
      .map(["protocol": .string(transport), "port": .int(number)])
    }
    func blocks(_ cidrs: [String]) -> ManifestValue {
      .list(cidrs.map { .map(["ipBlock": .map(["cidr": .string($0)])]) })
    }
    let everyPod: ManifestValue = .map([])
    var policies = [
      policy("default-deny", ["podSelector": everyPod, "policyTypes": ["Ingress", "Egress"]]),
      policy(
        "allow-same-namespace",
        [
          "podSelector": everyPod, "policyTypes": ["Ingress", "Egress"],
          "ingress": [.map(["from": [.map(["podSelector": everyPod])]])],
          "egress": [.map(["to": [.map(["podSelector": everyPod])]])],
        ]),
      policy(
        "allow-dns",
        [
          "podSelector": everyPod, "policyTypes": ["Egress"],
          "egress": [
            .map([
              "to": [
                .map([
                  "namespaceSelector": .map(["matchLabels": .sorted(["kubernetes.io/metadata.name": "kube-system"])]),
                  "podSelector": .map(["matchLabels": .sorted(["k8s-app": "kube-dns"])]),
                ])
              ],
              "ports": [port(53, "UDP"), port(53)],
            ])
          ],
        ]),
      policy(
        "allow-pod-identity",
        [
          "podSelector": everyPod, "policyTypes": ["Egress"],
          "egress": [
            .map([
              "to": blocks(["169.254.170.23/32"] + (cluster.network.ipv6 ? ["fd00:ec2::23/128"] : [])),
              "ports": [port(80)],
            ])
          ],
        ]),
    ]
    let databaseCIDRs = cidrs(of: database.tier, in: database.network)
    if !databaseCIDRs.isEmpty {
      policies.append(
        policy(
          "allow-database",
          [
            "podSelector": everyPod, "policyTypes": ["Egress"],
            "egress": [.map(["to": blocks(databaseCIDRs), "ports": [port(database.port)]])],
          ]))
    }
    // AWS's APIs: through the VPC's interface endpoints, or out through NAT as the node. Inside
    // the VPC the pods' security group still admits only what it names.
    policies.append(
      policy(
        "allow-https",
        [
          "podSelector": everyPod, "policyTypes": ["Egress"],
          "egress": [.map(["to": blocks(["0.0.0.0/0"] + (cluster.network.ipv6 ? ["::/0"] : [])), "ports": [port(443)]])],
        ]))
    if !loadBalancerPaths.isEmpty {
      let rules: [ManifestValue] = loadBalancerPaths.map { path in
        .map(["from": blocks(path.cidrs), "ports": [port(path.port)]])
      }
      policies.append(
        policy("allow-load-balancers", ["podSelector": everyPod, "policyTypes": ["Ingress"], "ingress": .list(rules)]))
    }
    return policies
  }

  /// The CIDR blocks of the subnets of `selection` in `network`, in zone order.
  private func cidrs(of selection: SubnetSelection, in network: Network) -> [String] {
    guard let tier = selection.tier(in: network.tiers) else { return [] }
    return network.allSubnets.filter { $0.tier == tier.name }.map(\.cidr.description)
  }
}
