import Manifests

/// The admission policies a cluster with tenants holds, which keep each tenant to what infra
/// gave it where Kubernetes RBAC cannot: a tenant's people may edit their namespace, but not
/// its network policies, and not a SecretStore that reads as another tenant.
extension Cluster {
  /// The annotation of a tenant's namespace that names the tenant's role, the one role a
  /// SecretStore in the namespace may have External Secrets Operator's controller assume.
  public static let externalSecretsRoleAnnotation = "external-secrets-role"

  /// The admission policy that keeps each tenant to its own role.
  public static let externalSecretsPolicyName = "tenant-secret-stores"

  /// The admission policy that keeps tenants' network policies to the ones infra writes.
  public static let tenantNetworkPoliciesPolicyName = "tenant-network-policies"

  /// External Secrets Operator's controller may assume every tenant's role, so that each
  /// tenant's SecretStore can read as that tenant. What keeps anyone from writing a SecretStore
  /// that names a tenant's role but its own is this policy: in every namespace, a SecretStore
  /// that reads AWS with the controller's own credentials (no `auth.jwt` or `auth.secretRef`)
  /// must name the role in the namespace's ``externalSecretsRoleAnnotation``, and chain no other
  /// role; a namespace without the annotation (no tenant's) may name none. The namespace is
  /// cluster-scoped, out of the tenant's reach.
  func externalSecretsPolicy(labels: [String: String]) -> [KubernetesObject] {
    let annotation = "namespaceObject.metadata.annotations"
    let key = "'\(Self.externalSecretsRoleAnnotation)'"
    // The operator reads with its own credentials unless `auth` names a service account's
    // token or a secret of keys: an empty `auth: {}` is its own credentials too.
    let aws = "object.spec.provider.aws"
    let rule = [
      "!has(object.spec.provider) || !has(\(aws)) ||",
      "(has(\(aws).auth) && (has(\(aws).auth.jwt) || has(\(aws).auth.secretRef))) ||",
      "(has(\(aws).role) && has(\(annotation)) && \(key) in \(annotation) &&",
      "\(aws).role == \(annotation)[\(key)] &&",
      "(!has(\(aws).additionalRoles) || size(\(aws).additionalRoles) == 0))",
    ].joined(separator: " ")
    // Every namespace: outside a tenant's (no annotation) the controller's credentials may
    // assume no role at all.
    return Self.admissionPolicy(
      Self.externalSecretsPolicyName, tenantNamespacesOnly: false, group: "external-secrets.io", resource: "secretstores",
      operations: ["CREATE", "UPDATE"], expression: rule,
      message: "a SecretStore that reads AWS with External Secrets Operator's own credentials reads as its namespace's tenant: set spec.provider.aws.role to the namespace's \(Self.externalSecretsRoleAnnotation) annotation, and no additionalRoles",
      labels: labels)
  }

  /// In a tenant's namespace (labelled `tenant`, which the tenant cannot change), only the GitOps
  /// tool may create, change or delete a NetworkPolicy, and Kubernetes itself may delete them
  /// with the namespace. A tenant's people, whose `edit` rights include network policies, could
  /// otherwise open their namespace to every other tenant's pods.
  func tenantNetworkPoliciesGuard(labels: [String: String]) -> [KubernetesObject] {
    let appliers = [gitOps.applier, "system:serviceaccount:kube-system:namespace-controller"]
    return Self.admissionPolicy(
      Self.tenantNetworkPoliciesPolicyName, tenantNamespacesOnly: true, group: "networking.k8s.io", resource: "networkpolicies",
      operations: ["CREATE", "UPDATE", "DELETE"],
      expression: "request.userInfo.username in [" + appliers.map { "'\($0)'" }.joined(separator: ", ") + "]",
      message: "a tenant's network policies are the ones infra writes, applied by GitOps: change the stack, not the namespace",
      labels: labels)
  }

  /// A `ValidatingAdmissionPolicy` named `name` that denies `operations` on `resource` of
  /// `group` unless `expression` holds, in tenants' namespaces or in every one, and its binding.
  private static func admissionPolicy(
    _ name: String, tenantNamespacesOnly: Bool, group: String, resource: String, operations: [String], expression: String,
    message: String, labels: [String: String]
  ) -> [KubernetesObject] {
    [
      KubernetesObject(
        "admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy", name: name, labels: labels,
        body: [
          "spec": .map([
            "failurePolicy": "Fail",
            "matchConstraints": .map([
              "namespaceSelector": tenantNamespacesOnly
                ? .map(["matchExpressions": [.map(["key": "tenant", "operator": "Exists"])]]) : nil,
              "resourceRules": [
                .map([
                  "apiGroups": [.string(group)], "apiVersions": ["*"], "operations": .list(operations.map(ManifestValue.string)),
                  "resources": [.string(resource)],
                ])
              ],
            ]),
            "validations": [.map(["expression": .string(expression), "message": .string(message)])],
          ])
        ]),
      KubernetesObject(
        "admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicyBinding", name: name, labels: labels,
        body: ["spec": .map(["policyName": .string(name), "validationActions": ["Deny"]])]),
    ]
  }
}
