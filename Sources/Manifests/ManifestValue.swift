/// A value in a Kubernetes manifest, with its mapping keys in the order they are written:
/// manifests read best in the order Kubernetes' own documentation uses (`apiVersion`, `kind`,
/// `metadata`, `spec`), so the order is the author's, and fixed, which keeps the output
/// byte-for-byte the same on every run.
public indirect enum ManifestValue: Hashable, Sendable {
  case string(String)
  case int(Int)
  case bool(Bool)
  case list([ManifestValue])
  case map([Entry])
  /// A string known only once Terraform has applied the stack (a security group's id, a
  /// database's address): written as a placeholder, which the folder's kustomization replaces
  /// with the value named `key` in the folder's `terraform-outputs.env`.
  case fromTerraform(key: String)

  public struct Entry: Hashable, Sendable {
    public let key: String
    public let value: ManifestValue
    public init(_ key: String, _ value: ManifestValue) {
      self.key = key
      self.value = value
    }
  }

  /// The placeholder written where a value from Terraform goes, before the kustomization
  /// replaces it.
  public static func placeholder(forKey key: String) -> String { "terraform-output:\(key)" }

  /// A mapping whose entries are written in the order given; nil values are left out.
  public static func map(_ entries: KeyValuePairs<String, ManifestValue?>) -> ManifestValue {
    .map(entries.compactMap { key, value in value.map { Entry(key, $0) } })
  }

  /// A mapping of strings, written with its keys sorted (labels, annotations, data).
  public static func sorted(_ strings: [String: String]) -> ManifestValue {
    .map(strings.sorted { $0.key < $1.key }.map { Entry($0.key, .string($0.value)) })
  }

  /// The value at `key` of a mapping.
  public subscript(key: String) -> ManifestValue? {
    guard case .map(let entries) = self else { return nil }
    return entries.first { $0.key == key }?.value
  }

  public var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  public var listValue: [ManifestValue]? {
    if case .list(let values) = self { return values }
    return nil
  }

  /// Every value from Terraform in this value, with the keys and list positions that reach it
  /// (`["spec", "securityGroups", "groupIds", "0"]`), in the order they are written.
  public var terraformValues: [(key: String, path: [String])] {
    var found: [(key: String, path: [String])] = []
    // The positions that reach the current value, pushed and popped; the keys are looked up
    // only where a placeholder is: a manifest holds thousands of values and few placeholders.
    var positions: [Int] = []
    Self.walk(self, from: self, positions: &positions, found: &found)
    return found
  }

  /// Appends the values from Terraform in `value`, which `positions` reach from `root`, to `found`.
  private static func walk(
    _ value: ManifestValue, from root: ManifestValue, positions: inout [Int], found: inout [(key: String, path: [String])]
  ) {
    switch value {
    case .fromTerraform(let key): found.append((key, root.path(at: positions)))
    case .list(let values):
      for index in values.indices {
        positions.append(index)
        walk(values[index], from: root, positions: &positions, found: &found)
        positions.removeLast()
      }
    case .map(let entries):
      for index in entries.indices {
        positions.append(index)
        walk(entries[index].value, from: root, positions: &positions, found: &found)
        positions.removeLast()
      }
    case .string, .int, .bool: break
    }
  }

  /// The keys and list positions that reach the value at `positions`.
  private func path(at positions: [Int]) -> [String] {
    var value = self
    var path: [String] = []
    path.reserveCapacity(positions.count)
    for position in positions {
      switch value {
      case .list(let values):
        path.append(String(position))
        value = values[position]
      case .map(let entries):
        path.append(entries[position].key)
        value = entries[position].value
      case .string, .int, .bool, .fromTerraform: preconditionFailure("a position inside a scalar")
      }
    }
    return path
  }
}

extension ManifestValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
  ExpressibleByArrayLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int) { self = .int(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(arrayLiteral elements: ManifestValue...) { self = .list(elements) }
}
