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

  /// Whether the folder holds no object, and so is not written.
  public var isEmpty: Bool { files.isEmpty }

  /// The keys of the values from Terraform the objects use, sorted, each once.
  public var terraformKeys: [String] {
    Self.keys(of: objects.map(\.terraformValues))
  }

  private static func keys(of values: [[(key: String, path: [String])]]) -> [String] {
    Set(values.lazy.flatMap { $0.lazy.map(\.key) }).sorted()
  }

  /// `kustomization.yaml`: the files, sorted; with values from Terraform, the generator of the
  /// values' ConfigMap and one replacement per key, naming every field that takes it.
  public var kustomization: ManifestValue {
    var entries: [ManifestValue.Entry] = [
      .init("apiVersion", "kustomize.config.k8s.io/v1beta1"),
      .init("kind", "Kustomization"),
      .init("resources", .list(files.map(\.name).sorted().map(ManifestValue.string))),
    ]
    // Each object's values from Terraform, found once: the keys and the targets both come from them.
    let objects = objects
    let values = objects.map(\.terraformValues)
    let keys = Self.keys(of: values)
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
    var targets: [String: [ManifestValue]] = [:]
    for (object, values) in zip(objects, values) where !values.isEmpty {
      // The object's keys in the order first used, each with its fields in the order written.
      var order: [String] = []
      var byKey: [String: [ManifestValue]] = [:]
      for (key, path) in values {
        if byKey[key] == nil { order.append(key) }
        byKey[key, default: []].append(.string(Self.fieldPath(path)))
      }
      let select: ManifestValue = .map([
        "kind": .string(object.kind), "name": .string(object.name), "namespace": object.namespace.map(ManifestValue.string),
      ])
      for key in order {
        targets[key, default: []].append(.map([.init("select", select), .init("fieldPaths", .list(byKey[key]!))]))
      }
    }
    let replacements: [ManifestValue] = keys.map { key in
      .map([
        .init(
          "source",
          .map([.init("kind", "ConfigMap"), .init("name", .string(valuesConfigMap)), .init("fieldPath", .string("data.\(key)"))])),
        .init("targets", .list(targets[key, default: []])),
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
    renderedBytes(header: header).map { ($0.name, String(decoding: $0.bytes, as: UTF8.self)) }
  }

  /// The files of ``rendered(header:)`` as the UTF-8 bytes written to disk.
  public func renderedBytes(header: String) -> [(name: String, bytes: [UInt8])] {
    var headed = YAMLWriter()
    headed.comment(header)
    var result: [(name: String, bytes: [UInt8])] = []
    result.reserveCapacity(files.count + 1)
    for file in files {
      var writer = headed
      for object in file.objects { writer.document(object) }
      result.append((file.name, writer.bytes))
    }
    var writer = headed
    writer.document(kustomization)
    result.append(("kustomization.yaml", writer.bytes))
    return result
  }
}
