import Terraform

/// A nested block of a typed resource (`vpc_config { … }`): the body it writes, and the blocks
/// inside it whose count is outside the schema's limits.
public protocol BlockValue: Sendable {
  var body: Body { get }
  /// Problems with the number of blocks inside this one, as ``BlockCount`` says them.
  var blockCountProblems: [String] { get }
}

/// The schema's limits on how many blocks of a kind a body may hold (`min_items`,
/// `max_items`), for those limits the Swift types cannot express.
public enum BlockCount {
  /// The problem with `count` blocks called `name`, if any.
  public static func check(_ name: String, count: Int, min: Int?, max: Int?) -> [String] {
    if let min, count < min {
      return ["`\(name)` needs at least \(min.counted("block")), \(count) given"]
    }
    if let max, count > max {
      return ["`\(name)` takes at most \(max.counted("block")), \(count) given"]
    }
    return []
  }

  /// The problems inside the blocks called `name`, their paths prefixed with it.
  public static func nested(_ name: String, _ blocks: [some BlockValue]) -> [String] {
    // Each problem starts with its path in backticks: "`match` takes …" becomes "`rule.match` takes …".
    blocks.flatMap { block in block.blockCountProblems.map { "`\(name)." + $0.dropFirst() } }
  }

  /// The problems inside the block called `name`, their paths prefixed with it.
  public static func nested(_ name: String, _ block: (some BlockValue)?) -> [String] {
    block.map { nested(name, [$0]) } ?? []
  }

  /// The problems inside the blocks called `name`, keyed by label.
  public static func nested(_ name: String, _ blocks: [String: some BlockValue]) -> [String] {
    blocks.keys.sorted().flatMap { key in nested("\(name)[\"\(key)\"]", blocks[key]) }
  }

  /// The problems as located errors of `element`.
  public static func diagnostics(_ problems: [String], of element: TerraformElement) -> [Diagnostic] {
    problems.map { problem in
      .error(
        "block-count", "\(problem)", fix: "give as many blocks as the provider's schema allows", at: element.node.location,
        path: element.node.pathDescription)
    }
  }
}

extension Int {
  fileprivate func counted(_ noun: String) -> String { self == 1 ? "1 \(noun)" : "\(self) \(noun)s" }
}

extension Body {
  /// The blocks labelled by key, as a `map` nesting writes them; none removes them.
  public mutating func setLabelledBlocks(_ name: String, _ blocks: [String: Body]) {
    setBlock(name, blocks.isEmpty ? nil : Body(blocks.mapValues(Entry.block)))
  }
}
