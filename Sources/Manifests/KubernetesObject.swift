/// One Kubernetes object: its type, its name (and namespace, for namespaced kinds), labels and
/// annotations, and the rest of its body (`spec`, `data`, `rules` …) in the order written.
public struct KubernetesObject: Hashable, Sendable {
  public let apiVersion: String
  public let kind: String
  public let name: String
  /// nil for cluster-scoped kinds (Namespace, StorageClass, ClusterRole).
  public let namespace: String?
  public var labels: [String: String]
  public var annotations: [String: String]
  /// Annotations whose values come from Terraform: the annotation's key, and the key of the
  /// value (``ManifestValue/fromTerraform(key:)``), which the folder's kustomization fills in.
  public var annotationsFromTerraform: [String: String] = [:]
  /// Everything after `metadata`.
  public var body: [ManifestValue.Entry]

  public init(
    _ apiVersion: String, _ kind: String, name: String, namespace: String? = nil, labels: [String: String] = [:],
    annotations: [String: String] = [:], body: KeyValuePairs<String, ManifestValue?> = [:]
  ) {
    self.apiVersion = apiVersion
    self.kind = kind
    self.name = name
    self.namespace = namespace
    self.labels = labels
    self.annotations = annotations
    self.body = body.compactMap { key, value in value.map { ManifestValue.Entry(key, $0) } }
  }

  /// The value of a top-level field of the body, such as `spec`.
  public subscript(field: String) -> ManifestValue? {
    body.first { $0.key == field }?.value
  }

  /// The object as written: `apiVersion`, `kind`, `metadata` (name, namespace, labels and
  /// annotations, each sorted by key), then the body.
  public var value: ManifestValue {
    var metadata: [ManifestValue.Entry] = [.init("name", .string(name))]
    if let namespace { metadata.append(.init("namespace", .string(namespace))) }
    if !labels.isEmpty { metadata.append(.init("labels", .sorted(labels))) }
    if let annotations = annotationsValue { metadata.append(.init("annotations", annotations)) }
    return .map([.init("apiVersion", .string(apiVersion)), .init("kind", .string(kind)), .init("metadata", .map(metadata))] + body)
  }

  /// The annotations as written, sorted by key, those from Terraform as placeholders; nil
  /// without any.
  public var annotationsValue: ManifestValue? {
    if annotationsFromTerraform.isEmpty { return annotations.isEmpty ? nil : .sorted(annotations) }
    let given = annotations.mapValues(ManifestValue.string)
      .merging(annotationsFromTerraform.mapValues { ManifestValue.fromTerraform(key: $0) }) { $1 }
    return .map(given.sorted { $0.key < $1.key }.map { ManifestValue.Entry($0.key, $0.value) })
  }

  /// Every value from Terraform in the object, with the keys and list positions that reach it,
  /// as ``ManifestValue/terraformValues`` gives them for ``value``: the annotations', then the
  /// body's.
  public var terraformValues: [(key: String, path: [String])] {
    annotationsFromTerraform.sorted { $0.key < $1.key }.map { ($0.value, ["metadata", "annotations", $0.key]) }
      + ManifestValue.map(body).terraformValues
  }

  /// `Kind/namespace/name`, as messages name an object.
  public var reference: String {
    [kind, namespace, name].compactMap { $0 }.joined(separator: "/")
  }
}
