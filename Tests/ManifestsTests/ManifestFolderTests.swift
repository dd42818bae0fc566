import Manifests
import Testing

@Suite struct ManifestFolderTests {
  /// Each key is replaced in every field that takes it, across objects; a key with a dot in it is
  /// bracketed as kustomize's field paths need.
  @Test func replacementsNameEveryFieldThatTakesAValue() {
    var folder = ManifestFolder(path: "tenants/acme")
    folder.add(
      KubernetesObject(
        "v1", "ServiceAccount", name: "app", namespace: "acme",
        body: ["metadata2": .map(["eks.amazonaws.com/role-arn": .fromTerraform(key: "role-arn")])]), to: "identity.yaml")
    folder.add(
      KubernetesObject(
        "v1", "ConfigMap", name: "settings", namespace: "acme",
        body: ["data": .map(["ROLE": .fromTerraform(key: "role-arn"), "HOSTS": [.fromTerraform(key: "host"), .fromTerraform(key: "role-arn")]])]),
      to: "config.yaml")
    #expect(folder.terraformKeys == ["host", "role-arn"])
    let replacements = folder.kustomization["replacements"]?.listValue ?? []
    #expect(replacements.map { $0["source"]?["fieldPath"] } == ["data.host", "data.role-arn"])
    #expect(
      replacements[1]["targets"] == [
        .map([
          "select": .map(["kind": "ServiceAccount", "name": "app", "namespace": "acme"]),
          "fieldPaths": ["metadata2.[eks.amazonaws.com/role-arn]"],
        ]),
        .map([
          "select": .map(["kind": "ConfigMap", "name": "settings", "namespace": "acme"]),
          "fieldPaths": ["data.ROLE", "data.HOSTS.1"],
        ]),
      ])
    #expect(folder.kustomization["resources"] == ["config.yaml", "identity.yaml"])
  }

  /// An annotation may take a value from Terraform: written among the others in key order, and
  /// replaced in `metadata.annotations` (a cluster-scoped object's target names no namespace).
  @Test func anAnnotationFromTerraformIsWrittenAndReplacedInMetadata() {
    var namespace = KubernetesObject("v1", "Namespace", name: "acme", annotations: ["b-given": "yes", "z-given": "no"])
    namespace.annotationsFromTerraform = ["role": "role-arn"]
    var folder = ManifestFolder(path: "tenants/acme")
    folder.add(namespace, to: "namespace.yaml")
    #expect(
      namespace.value["metadata"]?["annotations"]
        == .map([.init("b-given", "yes"), .init("role", .fromTerraform(key: "role-arn")), .init("z-given", "no")]))
    #expect(folder.terraformKeys == ["role-arn"])
    #expect(
      folder.kustomization["replacements"]?.listValue?.first?["targets"] == [
        .map(["select": .map(["kind": "Namespace", "name": "acme"]), "fieldPaths": ["metadata.annotations.role"]])
      ])
  }

  @Test func aFolderWithoutValuesFromTerraformHasNoGenerator() {
    var folder = ManifestFolder(path: "clusters/main")
    folder.add(KubernetesObject("storage.k8s.io/v1", "StorageClass", name: "gp3", body: ["provisioner": "ebs.csi.aws.com"]), to: "storage-class.yaml")
    #expect(
      folder.kustomization
        == .map(["apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization", "resources": ["storage-class.yaml"]]))
  }
}
