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

  /// Visits the construct and every construct below it, parents before children.
  public func forEachDescendant(_ visit: (Construct) -> Void) {
    visit(construct)
    for child in construct.treeChildren { child.node.forEachDescendant(visit) }
  }
}
