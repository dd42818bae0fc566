import InfraCore

/// Composes parser events into a `YAMLNode` tree, without recursion: anchors and aliases,
/// merge keys, duplicate keys, tags and the limits are all decided here.
///
/// Problems that leave the tree's shape intact are collected in `problems`; those after which
/// nothing sensible can follow (an unknown alias, a limit) are thrown.
struct TreeBuilder {
  private struct Frame {
    let isMapping: Bool
    let location: SourceLocation
    let anchor: String?
    /// A sequence's elements; a mapping's keys and values, alternating.
    var children: [YAMLNode] = []
    /// This node and everything below it, each alias counted as the nodes it repeats.
    var size = 1
  }

  private enum Anchor {
    /// Its node is still being read: an alias to it would make the node contain itself.
    case open(SourceLocation)
    case complete(YAMLNode, size: Int)
  }

  let file: String
  let limits: YAMLLimits
  private(set) var problems: [Diagnostic] = []
  private(set) var root: YAMLNode?
  private var frames: [Frame] = []
  private var anchors: [String: Anchor] = [:]
  private var nodeCount = 0

  init(file: String, limits: YAMLLimits) {
    self.file = file
    self.limits = limits
  }

  func location(line: Int, column: Int) -> SourceLocation {
    SourceLocation(file: file, line: line, column: column)
  }

  // MARK: - Events

  mutating func scalar(_ scalar: YAMLScalar, anchor: String?, at location: SourceLocation) throws(FatalProblem) {
    if let tag = scalar.tag { checkTag(tag, of: scalar, at: location) }
    try count(1, at: location)
    let node = YAMLNode(.scalar(scalar), at: location)
    if let anchor { anchors[anchor] = .complete(node, size: 1) }
    add(node, size: 1)
  }

  mutating func startCollection(
    isMapping: Bool, anchor: String?, tag: String?, at location: SourceLocation
  ) throws(FatalProblem) {
    if frames.count >= limits.maximumDepth {
      throw FatalProblem(.error(
        YAMLDiagnosticID.limit, "sequences and mappings are nested more than \(limits.maximumDepth) levels deep here",
        fix: "flatten the structure; infra reads at most \(limits.maximumDepth) levels", at: location))
    }
    if let tag, tag != "!", tag != (isMapping ? "!!map" : "!!seq") {
      problems.append(Self.tagProblem(tag, on: isMapping ? "a mapping" : "a sequence", at: location))
    }
    try count(1, at: location)
    if let anchor { anchors[anchor] = .open(location) }
    frames.append(Frame(isMapping: isMapping, location: location, anchor: anchor))
  }

  mutating func endCollection() {
    let frame = frames.removeLast()
    let node: YAMLNode
    if frame.isMapping {
      node = YAMLNode(.mapping(mapping(from: frame.children, at: frame.location)), at: frame.location)
    } else {
      node = YAMLNode(.sequence(frame.children), at: frame.location)
    }
    if let anchor = frame.anchor { anchors[anchor] = .complete(node, size: frame.size) }
    add(node, size: frame.size)
  }

  mutating func alias(_ name: String, at location: SourceLocation) throws(FatalProblem) {
    switch anchors[name] {
    case nil:
      throw FatalProblem(.error(
        YAMLDiagnosticID.alias, "the alias *\(Self.excerpt(name)) refers to no anchor",
        fix: "define &\(Self.excerpt(name)) on a node before this line, or correct the name", at: location))
    case .open(let anchorLocation):
      throw FatalProblem(.error(
        YAMLDiagnosticID.alias,
        "the alias *\(Self.excerpt(name)) is inside the node it refers to (anchored at line \(anchorLocation.line)), so it would contain itself",
        fix: "refer only to a node that ends before the alias", at: location))
    case .complete(let node, let size):
      try count(size, at: location)
      let alias = YAMLAlias(name: name, anchorLocation: node.alias?.anchorLocation ?? node.location)
      add(node.repeated(as: alias, at: location), size: size)
    }
  }

  // MARK: - Building

  private mutating func count(_ nodes: Int, at location: SourceLocation) throws(FatalProblem) {
    nodeCount += nodes
    if nodeCount > limits.maximumNodes {
      throw FatalProblem(.error(
        YAMLDiagnosticID.limit,
        "the document holds more than \(limits.maximumNodes) nodes, counting each alias as the nodes it repeats",
        fix: "split the file, or repeat large nodes through fewer aliases", at: location))
    }
  }

  private mutating func add(_ node: YAMLNode, size: Int) {
    guard !frames.isEmpty else {
      root = node
      return
    }
    frames[frames.count - 1].children.append(node)
    frames[frames.count - 1].size += size
  }

  /// The mapping of alternating keys and values: keys checked, duplicates reported, merge keys
  /// (`<<`) expanded.
  private mutating func mapping(from children: [YAMLNode], at location: SourceLocation) -> YAMLMapping {
    var written: [YAMLMapping.Entry] = []
    written.reserveCapacity(children.count / 2)
    var hasMerge = false
    for pair in stride(from: 0, to: children.count - 1, by: 2) {
      let key = children[pair]
      guard let scalar = key.scalar else {
        problems.append(
          .error(
            YAMLDiagnosticID.key, "a mapping key must be a scalar, but this one is \(NodeDescription.of(key))",
            fix: "use a plain name as the key", at: key.location))
        continue
      }
      if Self.isMergeKey(scalar) { hasMerge = true }
      written.append(YAMLMapping.Entry(name: scalar.value, key: key, value: children[pair + 1]))
    }
    reportDuplicates(in: written)
    let entries = hasMerge ? merged(written) : written
    return YAMLMapping(entries, at: location, index: Self.index(of: entries))
  }

  private mutating func reportDuplicates(in entries: [YAMLMapping.Entry]) {
    func report(_ duplicate: YAMLMapping.Entry, first: YAMLMapping.Entry) {
      problems.append(
        .error(
          YAMLDiagnosticID.duplicateKey,
          "the key '\(Self.excerpt(duplicate.name))' appears twice in this mapping, at lines \(first.key.location.line) and \(duplicate.key.location.line)",
          fix: "remove one of them, or rename it", at: duplicate.key.location))
    }
    if entries.count <= YAMLMapping.indexThreshold {
      for (position, entry) in entries.enumerated() {
        if let first = entries[..<position].first(where: { $0.name == entry.name }) { report(entry, first: first) }
      }
      return
    }
    var seen: [String: Int] = [:]
    seen.reserveCapacity(entries.count)
    for (position, entry) in entries.enumerated() {
      if let first = seen.updateValue(position, forKey: entry.name) {
        report(entry, first: entries[first])
        seen[entry.name] = first
      }
    }
  }

  /// YAML 1.1's merge keys: each `<<` is replaced by the entries of the mapping it is given (or
  /// of each mapping in a sequence, earlier ones winning), except keys the mapping writes itself.
  private mutating func merged(_ written: [YAMLMapping.Entry]) -> [YAMLMapping.Entry] {
    var present = Set<String>()
    for entry in written where !(entry.key.scalar.map(Self.isMergeKey) ?? false) { present.insert(entry.name) }
    var result: [YAMLMapping.Entry] = []
    for entry in written {
      guard let scalar = entry.key.scalar, Self.isMergeKey(scalar) else {
        result.append(entry)
        continue
      }
      let sources: [YAMLNode] = entry.value.elements ?? [entry.value]
      for source in sources {
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

  private static func index(of entries: [YAMLMapping.Entry]) -> [String: Int]? {
    guard entries.count > YAMLMapping.indexThreshold else { return nil }
    var index: [String: Int] = [:]
    index.reserveCapacity(entries.count)
    for (position, entry) in entries.enumerated() where index[entry.name] == nil { index[entry.name] = position }
    return index
  }

  // MARK: - Tags

  private mutating func checkTag(_ tag: String, of scalar: YAMLScalar, at location: SourceLocation) {
    let fits: Bool
    let meaning: String
    switch tag {
    case "!", "!!str": return
    case "!!int": (fits, meaning) = (CoreSchema.kind(ofPlain: scalar.value) == .integer, "an integer")
    case "!!float": (fits, meaning) = ([.integer, .float].contains(CoreSchema.kind(ofPlain: scalar.value)), "a number")
    case "!!bool": (fits, meaning) = (CoreSchema.kind(ofPlain: scalar.value) == .bool, "true or false")
    case "!!null": (fits, meaning) = (CoreSchema.kind(ofPlain: scalar.value) == .null, "null")
    case "!!merge": (fits, meaning) = (scalar.value == "<<", "the merge key <<")
    default:
      problems.append(Self.tagProblem(tag, on: "a scalar", at: location))
      return
    }
    if !fits {
      problems.append(
        .error(
          YAMLDiagnosticID.tag, "'\(Self.excerpt(scalar.value))' is tagged \(tag) but is not \(meaning)",
          fix: "correct the value, or remove the tag", at: location))
    }
  }

  private static func tagProblem(_ tag: String, on node: String, at location: SourceLocation) -> Diagnostic {
    .error(
      YAMLDiagnosticID.tag, "the tag \(excerpt(tag)) cannot be used on \(node) in an infra stack file",
      fix: "remove it; infra reads plain YAML values (tags such as CloudFormation's !Ref mean nothing here)",
      at: location)
  }

  /// Text from the file as it may appear in a message: at most 40 characters.
  static func excerpt(_ text: String) -> String {
    text.count <= 40 ? text : String(text.prefix(39)) + "…"
  }
}
