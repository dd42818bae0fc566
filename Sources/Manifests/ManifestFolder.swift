/// A folder of manifests that kustomize builds on its own: the objects, by file, and a
/// `kustomization.yaml` that lists the files and fills in every value from Terraform.
///
/// Values that exist only once Terraform has applied the stack are written as placeholders
/// (``ManifestValue/fromTerraform(key:)``). The kustomization reads them from
/// `terraform-outputs.env` in the same folder, which the pipeline writes after
/// `terraform apply` from the stack's Terraform output for the folder, and replaces each
/// placeholder with its value. Until that file exists the folder does not build: nothing reaches
/// the cluster before the infrastructure it points at.
public struct ManifestFolder: Sendable {
  /// The folder's path inside `kubernetes/`, such as `tenants/acme`.
  public let path: String
  /// The files and their objects, in the order added; each file's objects in the order added.
  public private(set) var files: [(name: String, objects: [KubernetesObject])] = []

  /// The file, beside the folder's manifests, that the pipeline writes the Terraform values to.
  public static let valuesFileName = "terraform-outputs.env"
  /// The ConfigMap kustomize makes of the values file, `terraform-outputs-tenants-acme`; never
  /// applied (`local-config`). Named after the folder, so that a kustomization over several
  /// folders (Flux's over `tenants/`) holds one per folder rather than one name twice.
  public var valuesConfigMap: String { "terraform-outputs-" + String(path.map { $0 == "/" ? "-" : $0 }) }

  public init(path: String) {
    self.path = path
  }

  public mutating func add(_ object: KubernetesObject, to file: String) {
    if let index = files.firstIndex(where: { $0.name == file }) {
      files[index].objects.append(object)
    } else {
      files.append((file, [object]))
    }
  }

  public var objects: [KubernetesObject] { files.flatMap(\.objects) }

  /// The keys of the values from Terraform the objects use, sorted, each once.
  public var terraformKeys: [String] {
    Set(objects.flatMap { $0.terraformValues.map(\.key) }).sorted()
  }

  /// `kustomization.yaml`: the files, sorted; with values from Terraform, the generator of the
  /// values' ConfigMap and one replacement per key, naming every field that takes it.
  public var kustomization: ManifestValue {
    var entries: [ManifestValue.Entry] = [
      .init("apiVersion", "kustomize.config.k8s.io/v1beta1"),
      .init("kind", "Kustomization"),
      .init("resources", .list(files.map(\.name).sorted().map(ManifestValue.string))),
    ]
    let keys = terraformKeys
    guard !keys.isEmpty else { return .map(entries) }
    entries.append(
      .init(
        "configMapGenerator",
        [
          .map([
            "name": .string(valuesConfigMap),
            "envs": [.string(Self.valuesFileName)],
            "options": .map([
              "disableNameSuffixHash": true,
              "annotations": .sorted(["config.kubernetes.io/local-config": "true"]),
            ]),
          ])
        ]))
    var targets: [String: [(object: KubernetesObject, fieldPaths: [String])]] = [:]
    for object in objects {
      var byKey: [String: [String]] = [:]
      for (key, path) in object.terraformValues { byKey[key, default: []].append(Self.fieldPath(path)) }
      for (key, paths) in byKey { targets[key, default: []].append((object, paths)) }
    }
    let replacements: [ManifestValue] = keys.map { key in
      .map([
        "source": .map([
          "kind": "ConfigMap", "name": .string(valuesConfigMap), "fieldPath": .string("data.\(key)"),
        ]),
        "targets": .list(
          targets[key, default: []].map { target in
            .map([
              "select": .map([
                "kind": .string(target.object.kind), "name": .string(target.object.name),
                "namespace": target.object.namespace.map(ManifestValue.string),
              ]),
              "fieldPaths": .list(target.fieldPaths.map(ManifestValue.string)),
            ])
          }),
      ])
    }
    entries.append(.init("replacements", .list(replacements)))
    return .map(entries)
  }

  /// kustomize's field path (`spec.securityGroups.groupIds.0`): a key with a dot in it is
  /// written in brackets.
  private static func fieldPath(_ path: [String]) -> String {
    path.map { $0.contains(".") ? "[\($0)]" : $0 }.joined(separator: ".")
  }

  /// Every file of the folder as written: each manifest file and `kustomization.yaml`, by name,
  /// each starting with `header` as a comment.
  public func rendered(header: String) -> [(name: String, text: String)] {
    var result: [(String, String)] = files.map { file in
      var writer = YAMLWriter()
      writer.comment(header)
      for object in file.objects { writer.document(object.value) }
      return (file.name, writer.text)
    }
    var writer = YAMLWriter()
    writer.comment(header)
    writer.document(kustomization)
    result.append(("kustomization.yaml", writer.text))
    return result
  }
}
