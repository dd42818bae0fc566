import Diagnostics

/// Collects a mapping's keys and values as they are read: keys must be scalars and unique
/// (reported as soon as a key repeats, so a later syntax error does not hide it), and merge keys
/// (`<<`) are expanded when the mapping ends.
struct MappingBuilder {
  let location: SourceLocation
  private var entries: [YAMLMapping.Entry] = []
  /// The key whose value comes next.
  private var key: YAMLNode?
  /// Whether the value that comes next belongs to a rejected key.
  private var skipsValue = false
  /// Keys to positions in `entries`, once there are too many entries to search them.
  private var index: [String: Int]?
  private var hasMergeKey = false

  init(at location: SourceLocation) {
    self.location = location
  }

  /// Adds the next key or value.
  mutating func add(_ node: YAMLNode, problems: inout [Diagnostic]) {
    if skipsValue {
      skipsValue = false
      return
    }
    guard let key else {
      if node.scalar == nil {
        problems.append(
          .error(
            YAMLDiagnosticID.key, "a mapping key must be a scalar, but this one is \(NodeDescription.of(node))",
            fix: "use a plain name as the key", at: node.location))
        skipsValue = true
      } else {
        key = node
      }
      return
    }
    self.key = nil
    let scalar = key.scalar!
    if let first = position(of: scalar.value) {
      problems.append(
        .error(
          YAMLDiagnosticID.duplicateKey,
          "the key '\(TreeBuilder.excerpt(scalar.value))' appears twice in this mapping, at lines \(entries[first].key.location.line) and \(key.location.line)",
          fix: "remove one of them, or rename it", at: key.location))
      return
    }
    if Self.isMergeKey(scalar) { hasMergeKey = true }
    entries.append(YAMLMapping.Entry(key: key, value: node))
    if index != nil {
      index![scalar.value] = entries.count - 1
    } else if entries.count > YAMLMapping.indexThreshold {
      index = YAMLMapping.index(of: entries)
    }
  }

  /// The mapping read.
  consuming func build(problems: inout [Diagnostic]) -> YAMLMapping {
    guard hasMergeKey else { return YAMLMapping(entries, at: location, index: index) }
    return YAMLMapping(merged(problems: &problems), at: location)
  }

  private func position(of name: String) -> Int? {
    if let index { return index[name] }
    for position in entries.indices where entries[position].key.hasText(name) { return position }
    return nil
  }

  /// YAML 1.1's merge keys: each `<<` is replaced by the entries of the mapping it is given (or
  /// of each mapping in a sequence, earlier ones winning), except keys the mapping writes itself.
  private func merged(problems: inout [Diagnostic]) -> [YAMLMapping.Entry] {
    var present = Set<String>()
    for entry in entries where !Self.isMergeKey(entry.key.scalar!) { present.insert(entry.name) }
    var result: [YAMLMapping.Entry] = []
    for entry in entries {
      guard Self.isMergeKey(entry.key.scalar!) else {
        result.append(entry)
        continue
      }
      for source in entry.value.elements ?? [entry.value] {
        guard let mapping = source.entries else {
          problems.append(
            .error(
              YAMLDiagnosticID.key,
              "a merge key (<<) takes a mapping or a sequence of mappings, but this is \(NodeDescription.of(source))",
              fix: "merge an anchored mapping, as in `<<: *defaults`, or quote '<<' to use it as an ordinary key",
              at: source.location))
          continue
        }
        for merging in mapping.entries where present.insert(merging.name).inserted {
          result.append(merging)
        }
      }
    }
    return result
  }

  private static func isMergeKey(_ key: YAMLScalar) -> Bool {
    key.value == "<<" && key.style == .plain && (key.tag == nil || key.tag == "!!merge")
  }
}
