import Diagnostics

/// Composes parser events into a `YAMLNode` tree, without recursion: anchors and aliases, tags
/// and the limits are decided here, mapping keys in `MappingBuilder`.
///
/// Problems that leave the tree's shape intact are collected in `problems`; those after which
/// nothing sensible can follow (an unknown alias, a limit) are thrown.
struct TreeBuilder {
  private struct Frame {
    let location: SourceLocation
    let anchor: String?
    /// A mapping's entries so far; nil for a sequence.
    var mapping: MappingBuilder?
    /// A sequence's elements so far.
    var elements: [YAMLNode] = []
    /// This node and everything below it, each alias counted as the nodes it repeats.
    var size = 1
    /// The levels of sequences and mappings from this node down, through aliases: 1 for a
    /// collection of scalars.
    var height = 1
  }

  private enum Anchor {
    /// Its node is still being read: an alias to it would make the node contain itself.
    case open(SourceLocation)
    case complete(YAMLNode, size: Int, height: Int)
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

  // MARK: - Events

  mutating func scalar(_ scalar: YAMLScalar, anchor: String?, at location: SourceLocation) throws(FatalProblem) {
    if let tag = scalar.tag { checkTag(tag, of: scalar, at: location) }
    try count(1, at: location)
    let node = YAMLNode(.scalar(scalar), at: location)
    if let anchor { anchors[anchor] = .complete(node, size: 1, height: 0) }
    add(node, size: 1, height: 0)
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
    frames.append(Frame(location: location, anchor: anchor, mapping: isMapping ? MappingBuilder(at: location) : nil))
  }

  mutating func endCollection() {
    let frame = frames.removeLast()
    let node: YAMLNode
    if let mapping = frame.mapping {
      node = YAMLNode(.mapping(mapping.build(problems: &problems)), at: frame.location)
    } else {
      node = YAMLNode(.sequence(frame.elements), at: frame.location)
    }
    if let anchor = frame.anchor { anchors[anchor] = .complete(node, size: frame.size, height: frame.height) }
    add(node, size: frame.size, height: frame.height)
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
    case .complete(let node, let size, let height):
      // The repeated node's levels add to those open here: without this check, aliases of
      // aliases could nest a tree thousands of levels deep from lines of a few hundred.
      if frames.count + height > limits.maximumDepth {
        throw FatalProblem(.error(
          YAMLDiagnosticID.limit,
          "the alias *\(Self.excerpt(name)) repeats a node \(height) levels deep, so sequences and mappings are nested more than \(limits.maximumDepth) levels deep here",
          fix: "flatten the structure; infra reads at most \(limits.maximumDepth) levels, counting those an alias repeats",
          at: location))
      }
      try count(size, at: location)
      let alias = YAMLAlias(name: name, anchorLocation: node.location)
      add(node.repeated(as: alias, at: location), size: size, height: height)
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

  private mutating func add(_ node: YAMLNode, size: Int, height: Int) {
    guard !frames.isEmpty else {
      root = node
      return
    }
    let top = frames.count - 1
    frames[top].size += size
    frames[top].height = max(frames[top].height, height + 1)
    if frames[top].mapping != nil {
      frames[top].mapping!.add(node, problems: &problems)
    } else {
      frames[top].elements.append(node)
    }
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
