import Diagnostics

extension YAMLNode {
  /// This node with `overlay` laid over it, the way a per-environment stack file changes the
  /// base it extends:
  ///
  /// - two mappings merge key by key: a key in both takes the merge of the two values, a key
  ///   only in the overlay is added after the base's keys, and a key the overlay sets to null is
  ///   removed;
  /// - two sequences whose elements all have an identity (`identity` returns one for every
  ///   element, as a node pool has a name) merge element by element: elements with the same
  ///   identity merge, new ones are added after the base's;
  /// - anything else is replaced by the overlay.
  ///
  /// Every node keeps the location it was written at, so a problem found in the result points
  /// into whichever file holds the text.
  public func overlaid(by overlay: YAMLNode, identity: (YAMLNode) -> String?) -> YAMLNode {
    switch (content, overlay.content) {
    case (.mapping(let base), .mapping(let changes)):
      return YAMLNode(.mapping(base.overlaid(by: changes, identity: identity)), at: overlay.location)
    case (.sequence(let base), .sequence(let changes)):
      guard let merged = Self.merged(base, changes, identity: identity) else { return overlay }
      return YAMLNode(.sequence(merged), at: overlay.location)
    default:
      return overlay
    }
  }

  private static func merged(_ base: [YAMLNode], _ changes: [YAMLNode], identity: (YAMLNode) -> String?) -> [YAMLNode]? {
    guard !base.isEmpty, !changes.isEmpty else { return nil }
    var positions: [String: Int] = [:]
    var result = base
    for (position, element) in base.enumerated() {
      guard let name = identity(element) else { return nil }
      positions[name] = positions[name] ?? position
    }
    for change in changes {
      guard let name = identity(change) else { return nil }
      if let position = positions[name] {
        result[position] = result[position].overlaid(by: change, identity: identity)
      } else {
        positions[name] = result.count
        result.append(change)
      }
    }
    return result
  }
}

extension YAMLMapping {
  func overlaid(by changes: YAMLMapping, identity: (YAMLNode) -> String?) -> YAMLMapping {
    var entries: [Entry] = []
    entries.reserveCapacity(count + changes.count)
    for entry in self.entries {
      guard let change = changes.entry(entry.name) else {
        entries.append(entry)
        continue
      }
      if !change.value.isNull {
        entries.append(Entry(key: change.key, value: entry.value.overlaid(by: change.value, identity: identity)))
      }
    }
    for change in changes.entries where position(of: change.name) == nil && !change.value.isNull {
      entries.append(change)
    }
    return YAMLMapping(entries, at: changes.location)
  }
}
