/// That a construct was called something else before: the id it had, and where the author said so.
struct Rename {
  let previousID: String
  let location: SourceLocation
}

extension Construct {
  /// Says that this construct had the id `previousID` before, so that synthesis writes a
  /// Terraform `moved` block for every resource and module call beneath it: the rename plans as
  /// moves, not as destroying and creating everything again.
  ///
  /// ```swift
  /// Network("core", …).renamed(from: "main")
  /// let db = Database("orders-db", …).renamed(from: "orders")
  /// ```
  ///
  /// Renames nest: a renamed construct inside a renamed one moves from the path made of both
  /// previous ids. A resource pinned with `logicalID:` keeps its address and does not move.
  /// Only Terraform addresses move: names that infra derives from the id (a database
  /// identifier, a cluster name, tags) follow the new id, and Terraform plans whatever change
  /// that is. Keep the rename until every environment has applied it.
  ///
  /// An invalid previous id, a second rename of the same construct, an old address that
  /// something in the stack still has, and two renames that move from one address are errors
  /// of the stack, reported at this call.
  @discardableResult
  public func renamed(
    from previousID: String, file: String = #filePath, line: Int = #line, column: Int = #column
  ) -> Self {
    let location = SourceLocation(file: file, line: line, column: column)
    if let problem = renameProblem(previousID) {
      (node.root as? Stack)?.report(
        .error(problem.id, problem.message, fix: problem.fix, at: location, path: node.pathDescription))
    } else {
      treeRename = Rename(previousID: previousID, location: location)
    }
    return self
  }

  private func renameProblem(_ previousID: String) -> (id: String, message: String, fix: String)? {
    let path = node.pathDescription
    if treeScope == nil {
      return (
        "invalid-rename", "the stack '\(path)' is renamed, but a stack's name is part of no Terraform address",
        "remove the rename: renaming a stack moves nothing"
      )
    }
    if let problem = Self.problem(withID: previousID) {
      return (
        "invalid-previous-id", "'\(path)' is renamed from an invalid id: \(problem)",
        "give the id the construct had before: non-empty, without '/'"
      )
    }
    if previousID == treeID {
      return (
        "invalid-previous-id", "'\(path)' is renamed from '\(previousID)', its own id",
        "give the id it had before, or remove the rename"
      )
    }
    if let earlier = treeRename {
      return (
        "duplicate-rename",
        "'\(path)' is renamed from '\(previousID)', but it was already renamed from '\(earlier.previousID)' (at \(earlier.location))",
        "keep one rename: the id the construct has in the state Terraform holds"
      )
    }
    return nil
  }
}

extension ConstructNode {
  /// The id the construct had before ``Construct/renamed(from:file:line:column:)``; nil when it
  /// was not renamed.
  public var previousID: String? { construct.treeRename?.previousID }

  /// The path the construct had before it, or any construct above it, was renamed: each id on
  /// the path replaced by its previous one. Equal to ``path`` when nothing on it was renamed.
  public var previousPath: [String] {
    var ids: [String] = []
    var current: Construct? = construct
    while let found = current, found.treeScope != nil {
      ids.append(found.treeRename?.previousID ?? found.treeID)
      current = found.treeScope
    }
    return ids.reversed()
  }
}
