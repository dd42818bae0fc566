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
    if !gpuPools.isEmpty {
      folder.add(nvidiaDevicePlugin(tolerating: gpuPools.flatMap(\.taints), labels: labels), to: "nvidia-device-plugin.yaml")
    }
    for binding in targetGroupBindings { folder.add(binding.object(manifests), to: "target-group-bindings.yaml") }
    let units = bootstrap?.objects(tool: gitOps, stack: node.stackName, cluster: node.id, charts: !releases().isEmpty, tenants: !tenants.isEmpty)
    for object in units ?? [] {
      folder.add(object, to: "gitops.yaml")
    }
  }

  /// Tolerations of `taints`, each once: what a pod that must run on the pools' nodes carries.
  static func tolerations(of taints: [NodePool.Taint]) -> [ManifestValue] {
    var seen: Set<String> = []
    return taints.compactMap { taint in
      let effect = taint.effect.kubernetesName
      guard seen.insert("\(taint.key)=\(taint.value ?? ""):\(effect)").inserted else { return nil }
      return .map(["key": .string(taint.key), "operator": taint.value == nil ? "Exists" : "Equal", "value": taint.value.map(ManifestValue.string), "effect": .string(effect)])
    }
  }

  /// The GPU pools that GPU pods run on: NVIDIA pools on Amazon Linux 2023, which ships the driver.
  var gpuPools: [NodePool] { pools.filter { $0.accelerator == .nvidia && $0.amiType.operatingSystem == .amazonLinux2023 } }

  /// The DaemonSet that makes each GPU node advertise `nvidia.com/gpu`, so that pods asking for
  /// GPUs are scheduled there: it runs only on the GPU pools' nodes (their `accelerator` label)
  /// and tolerates their taints, which keep every other pod away.
  private func nvidiaDevicePlugin(tolerating taints: [NodePool.Taint], labels: [String: String]) -> KubernetesObject {
    let name = "nvidia-device-plugin"
    let selector = ManifestValue.sorted(["app.kubernetes.io/name": name])
    let tolerations = Self.tolerations(of: taints)
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
