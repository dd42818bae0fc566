import Manifests

extension Cluster {
  /// The cluster's own objects, in `kubernetes/clusters/<id>/`: a default StorageClass whose
  /// volumes are encrypted gp3, when the EBS CSI driver runs.
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
  }
}
