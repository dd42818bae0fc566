import Terraform

/// A construct's place in its tree, read as `construct.node`: the id its author gave it, its
/// path, the construct it belongs to and the ones that belong to it, and where it was created.
public struct ConstructNode {
  /// The construct this node describes.
  public unowned let construct: Construct

  /// The id given by the author, unique among the siblings.
  public var id: String { construct.treeID }
  /// The ids from below the stack down to this construct; empty for a stack.
  public var path: [String] { construct.treePath }
  /// The name of the stack at the root of the tree.
  public var stackName: String { construct.treeStackName }
  /// Where the construct was created.
  public var location: SourceLocation { construct.treeLocation }
  /// The construct this one belongs to; nil for a stack.
  public var scope: Construct? { construct.treeScope }
  /// The constructs that belong to this one, in creation order.
  public var children: [Construct] { construct.treeChildren }

  /// The Terraform name an element at `path` gets unless it pins one: the ids joined with `_`,
  /// every other character than ASCII letters, digits and `_` made `_` (`core/public-a` gives
  /// `core_public_a`).
  public static func logicalID(forPath path: [String]) -> String {
    Identifier.sanitized(path.joined(separator: "_"))
  }

  /// The path as written in diagnostics and comments: `stack/core/public-a`.
  public var pathDescription: String {
    var description = stackName
    for id in path {
      description += "/"
      description += id
    }
    return description
  }

  /// The root of the construct's tree.
  public var root: Construct {
    var current = construct
    while let parent = current.treeScope { current = parent }
    return current
  }

  /// The stack the construct belongs to.
  public var stack: Stack? { root as? Stack }

  /// The environment of the construct's stack, when it says one.
  public var environment: Environment? { stack?.environment }

  /// Lint rules suppressed on this construct (not those of its scopes), in the order written.
  public var suppressions: [Suppression] { construct.treeSuppressions }

  /// Suppresses the lint rule `ruleID` on this construct and everything below it, for `reason`.
  ///
  /// ```swift
  /// recovery.node.suppress("nat-gateway-per-zone", reason: "a warm standby; one NAT gateway until failover")
  /// ```
  ///
  /// An empty reason is reported as an error of the stack, at this call.
  public func suppress(
    _ ruleID: String, reason: String, file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    construct.treeSuppressions.append(
      Suppression(ruleID: ruleID, reason: reason, location: SourceLocation(file: file, line: line, column: column)))
  }

  /// Where the author wrote this construct, or what it was made from: the location set by
  /// ``authored(at:)``, or the construct's own.
  public var authoredLocation: SourceLocation { construct.treeAuthoredLocation ?? location }

  /// Records that this construct was made from something the author wrote at `location` (a
  /// node pool inside a cluster's body), so findings about it point there.
  public func authored(at location: SourceLocation) {
    construct.treeAuthoredLocation = location
  }

  /// Where findings about this construct are reported: where the author wrote what produced it.
  /// That is the location of the outermost construct above it that ``Construct/locatesItsParts``
  /// (a network, a cluster: their call site), unless a construct between them says it was made
  /// from something written elsewhere (``authored(at:)``); otherwise the construct's own.
  public var origin: SourceLocation {
    var chain: [Construct] = []
    var current: Construct? = construct
    while let found = current, found.treeScope != nil {
      chain.append(found)
      current = found.treeScope
    }
    guard let outermost = chain.lastIndex(where: \.locatesItsParts) else { return authoredLocation }
    let inside = chain[..<outermost]
    return inside.lazy.compactMap(\.treeAuthoredLocation).first ?? chain[outermost].node.authoredLocation
  }

  /// Visits the construct and every construct below it, parents before children.
  public func forEachDescendant(_ visit: (Construct) -> Void) {
    visit(construct)
    for child in construct.treeChildren { child.node.forEachDescendant(visit) }
  }
}
