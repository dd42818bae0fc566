import Manifests

extension Cluster {
  /// The NVIDIA device plugin's image: the release the plugin's DaemonSet runs. Newer releases
  /// exist; change it here, in one place, after reading their notes.
  public static let nvidiaDevicePluginImage = "nvcr.io/nvidia/k8s-device-plugin:v0.17.0"

  /// The cluster's own objects, in `kubernetes/clusters/<id>/`: a default StorageClass whose
  /// volumes are encrypted gp3, when the EBS CSI driver runs; the NVIDIA device plugin, when a
  /// pool runs NVIDIA GPUs on Amazon Linux (Bottlerocket's NVIDIA variants carry their own);
  /// Karpenter's NodePools and EC2NodeClasses, when Karpenter adds the nodes
  /// (KarpenterManifests.swift); the bindings of load balancer target groups to Services that
  /// are no tenant's; and, with a bootstrap, the GitOps units that apply the stack's folders.
  /// The charts it runs have a folder of their own (``chartsFolder(_:)``).
  func makeManifests(_ manifests: KubernetesManifests, _ folder: inout ManifestFolder, volumeKeyArn: Value<String>?) {
    let labels = ["app.kubernetes.io/managed-by": "infra"]
    if addons.contains(where: { $0.name == "aws-ebs-csi-driver" }) {
      var parameters: [ManifestValue.Entry] = [.init("type", "gp3"), .init("encrypted", "true")]
      if let volumeKeyArn { parameters.append(.init("kmsKeyId", manifests.value("volume-key-arn", volumeKeyArn))) }
      folder.add(
        KubernetesObject(
          "storage.k8s.io/v1", "StorageClass", name: "gp3", labels: labels,
          annotations: ["storageclass.kubernetes.io/is-default-class": "true"],
          body: [
            "provisioner": "ebs.csi.aws.com",
            "parameters": .map(parameters),
            // A volume is made in the zone of the node its first pod lands on, so it can attach.
            "volumeBindingMode": "WaitForFirstConsumer",
            "allowVolumeExpansion": true,
            // In production a deleted claim keeps its volume, for someone to decide about.
            "reclaimPolicy": .string(environment == .production ? "Retain" : "Delete"),
          ]), to: "storage-class.yaml")
    }
    if autoscaling?.kind == .karpenter, karpenterNodeRole != nil {
      for object in karpenterObjects(manifests, volumeKeyArn: volumeKeyArn, labels: labels) { folder.add(object, to: "karpenter.yaml") }
    }
    if externalSecrets != nil {
      for object in externalSecretsPolicy(labels: labels) { folder.add(object, to: "external-secrets-policy.yaml") }
    }
    if !tenants.isEmpty {
      for object in tenantNetworkPoliciesGuard(labels: labels) { folder.add(object, to: "tenant-network-policies.yaml") }
    }
    let gpuPools = pools.filter { $0.accelerator == .nvidia && $0.amiType.operatingSystem == .amazonLinux2023 }
    if !gpuPools.isEmpty {
      folder.add(nvidiaDevicePlugin(tolerating: gpuPools.flatMap(\.taints), labels: labels), to: "nvidia-device-plugin.yaml")
    }
    for binding in targetGroupBindings { folder.add(binding.object(manifests), to: "target-group-bindings.yaml") }
    let units = bootstrap?.objects(tool: gitOps, stack: node.stackName, cluster: node.id, charts: !releases().isEmpty, tenants: !tenants.isEmpty)
    for object in units ?? [] {
      folder.add(object, to: "gitops.yaml")
    }
  }

  /// The annotation of a tenant's namespace that names the tenant's role, the one role a
  /// SecretStore in the namespace may have External Secrets Operator's controller assume.
  public static let externalSecretsRoleAnnotation = "external-secrets-role"

  /// The admission policy that keeps each tenant to its own role.
  public static let externalSecretsPolicyName = "tenant-secret-stores"

  /// External Secrets Operator's controller may assume every tenant's role, so that each
  /// tenant's SecretStore can read as that tenant. What keeps anyone from writing a SecretStore
  /// that names a tenant's role but its own is this policy: in every namespace, a SecretStore
  /// that reads AWS with the controller's own credentials (no `auth.jwt` or `auth.secretRef`)
  /// must name the role in the namespace's ``externalSecretsRoleAnnotation``, and chain no other
  /// role; a namespace without the annotation (no tenant's) may name none. The namespace is
  /// cluster-scoped, out of the tenant's reach.
  private func externalSecretsPolicy(labels: [String: String]) -> [KubernetesObject] {
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
    let name = Self.externalSecretsPolicyName
    return [
      KubernetesObject(
        "admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy", name: name, labels: labels,
        body: [
          "spec": .map([
            "failurePolicy": "Fail",
            // Every namespace: outside a tenant's (no annotation) the controller's credentials
            // may assume no role at all.
            "matchConstraints": .map([
              "resourceRules": [
                .map([
                  "apiGroups": ["external-secrets.io"], "apiVersions": ["*"], "operations": ["CREATE", "UPDATE"],
                  "resources": ["secretstores"],
                ])
              ],
            ]),
            "validations": [
              .map([
                "expression": .string(rule),
                "message": .string(
                  "a SecretStore that reads AWS with External Secrets Operator's own credentials reads as its namespace's tenant: set spec.provider.aws.role to the namespace's \(Self.externalSecretsRoleAnnotation) annotation, and no additionalRoles"),
              ])
            ],
          ])
        ]),
      KubernetesObject(
        "admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicyBinding", name: name, labels: labels,
        body: ["spec": .map(["policyName": .string(name), "validationActions": ["Deny"]])]),
    ]
  }

  /// The admission policy that keeps tenants' network policies to the ones infra writes.
  public static let tenantNetworkPoliciesPolicyName = "tenant-network-policies"

  /// In a tenant's namespace (labelled `tenant`, which the tenant cannot change), only the GitOps
  /// tool may create, change or delete a NetworkPolicy, and Kubernetes itself may delete them
  /// with the namespace. A tenant's people, whose `edit` rights include network policies, could
  /// otherwise open their namespace to every other tenant's pods.
  private func tenantNetworkPoliciesGuard(labels: [String: String]) -> [KubernetesObject] {
    let name = Self.tenantNetworkPoliciesPolicyName
    let appliers = [gitOps.applier, "system:serviceaccount:kube-system:namespace-controller"]
    let rule = "request.userInfo.username in [" + appliers.map { "'\($0)'" }.joined(separator: ", ") + "]"
    return [
      KubernetesObject(
        "admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy", name: name, labels: labels,
        body: [
          "spec": .map([
            "failurePolicy": "Fail",
            "matchConstraints": .map([
              "namespaceSelector": .map(["matchExpressions": [.map(["key": "tenant", "operator": "Exists"])]]),
              "resourceRules": [
                .map([
                  "apiGroups": ["networking.k8s.io"], "apiVersions": ["*"], "operations": ["CREATE", "UPDATE", "DELETE"],
                  "resources": ["networkpolicies"],
                ])
              ],
            ]),
            "validations": [
              .map([
                "expression": .string(rule),
                "message": .string(
                  "a tenant's network policies are the ones infra writes, applied by GitOps: change the stack, not the namespace"),
              ])
            ],
          ])
        ]),
      KubernetesObject(
        "admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicyBinding", name: name, labels: labels,
        body: ["spec": .map(["policyName": .string(name), "validationActions": ["Deny"]])]),
    ]
  }

  /// The DaemonSet that makes each GPU node advertise `nvidia.com/gpu`, so that pods asking for
  /// GPUs are scheduled there: it runs only on the GPU pools' nodes (their `accelerator` label)
  /// and tolerates their taints, which keep every other pod away.
  private func nvidiaDevicePlugin(tolerating taints: [NodePool.Taint], labels: [String: String]) -> KubernetesObject {
    let name = "nvidia-device-plugin"
    let selector = ManifestValue.sorted(["app.kubernetes.io/name": name])
    var seen: Set<String> = []
    let tolerations: [ManifestValue] = taints.compactMap { taint in
      let effect = taint.effect.kubernetesName
      guard seen.insert("\(taint.key)=\(taint.value ?? ""):\(effect)").inserted else { return nil }
      return .map(["key": .string(taint.key), "operator": taint.value == nil ? "Exists" : "Equal", "value": taint.value.map(ManifestValue.string), "effect": .string(effect)])
    }
    return KubernetesObject(
      "apps/v1", "DaemonSet", name: name, namespace: "kube-system", labels: labels.merging(["app.kubernetes.io/name": name]) { $1 },
      body: [
        "spec": .map([
          "selector": .map(["matchLabels": selector]),
          "updateStrategy": .map(["type": "RollingUpdate"]),
          "template": .map([
            "metadata": .map(["labels": selector]),
            "spec": .map([
              "nodeSelector": .sorted(["accelerator": "nvidia"]),
              "tolerations": .list(tolerations),
              "priorityClassName": "system-node-critical",
              "containers": [
                .map([
                  "name": .string(name),
                  "image": .string(Self.nvidiaDevicePluginImage),
                  // A node whose driver is not ready yet keeps the plugin waiting, not crashing.
                  "env": [.map(["name": "FAIL_ON_INIT_ERROR", "value": "false"])],
                  "securityContext": .map([
                    "allowPrivilegeEscalation": false, "capabilities": .map(["drop": ["ALL"]]),
                  ]),
                  "resources": .map(["requests": .sorted(["cpu": "50m", "memory": "64Mi"])]),
                  "volumeMounts": [.map(["name": "device-plugin", "mountPath": "/var/lib/kubelet/device-plugins"])],
                ])
              ],
              "volumes": [
                .map(["name": "device-plugin", "hostPath": .map(["path": "/var/lib/kubelet/device-plugins"])])
              ],
            ]),
          ]),
        ])
      ])
  }
}
