import Terraform

/// The `moved` blocks that renamed constructs call for: for each resource and module call
/// beneath a construct renamed with ``Construct/renamed(from:file:line:column:)``, its address
/// under the old path to its address now, where the two differ. Also what Terraform would
/// reject about them, as located errors at the rename.
struct RenameMoves {
  /// Sorted by the old address, so the output depends on the stack only.
  private(set) var blocks: [MovedBlock] = []
  private(set) var problems: [Diagnostic] = []

  /// - Parameters:
  ///   - accepted: the elements of the configuration, in tree order.
  ///   - elements: the same, by address.
  init(accepted: [TerraformElement], elements: [String: TerraformElement]) {
    // Each old address to what moves from it, as messages name it; moved blocks written by hand first.
    var sources: [String: String] = [:]
    for case let moved as Moved in accepted {
      sources[moved.from.object] = "the moved block at \(moved.node.location)"
    }
    var reported: Set<ObjectIdentifier> = []
    for element in accepted {
      guard let (renamed, rename) = Self.rename(above: element) else { continue }
      let oldID = element.logicalID(atPath: element.node.previousPath)
      guard oldID != element.logicalID, let from = element.movableReference(logicalID: oldID),
        let to = element.movableReference(logicalID: element.logicalID)
      else { continue }
      let path = renamed.node.pathDescription
      let problem: (id: String, message: String, fix: String)?
      if let holder = elements[from.object] {
        problem = (
          "renamed-from-existing",
          "'\(path)' is renamed from '\(rename.previousID)', but '\(from.object)', the old address of '\(element.node.pathDescription)', still belongs to '\(holder.node.pathDescription)' (at \(holder.node.origin))",
          "remove or rename what still has the old name, or drop the rename: Terraform cannot move an object to a new address while the old one is in the configuration"
        )
      } else if let first = sources[from.object] {
        problem = (
          "ambiguous-rename",
          "'\(path)' is renamed from '\(rename.previousID)', so '\(element.node.pathDescription)' moves from '\(from.object)', but \(first) moves from it too",
          "rename each construct from the id it had itself: Terraform moves an object from one address to one address"
        )
      } else {
        problem = nil
      }
      if let problem {
        // One error per rename is enough: every object beneath it meets the same problem.
        if reported.insert(ObjectIdentifier(renamed)).inserted {
          problems.append(.error(problem.id, problem.message, fix: problem.fix, at: rename.location, path: path))
        }
        continue
      }
      sources[from.object] = "'\(element.node.pathDescription)' (renamed at \(rename.location))"
      blocks.append(MovedBlock(from: from, to: to))
    }
    blocks.sort { Ordering.utf8($0.from.object, $1.from.object) }
  }

  /// The innermost renamed construct at or above `element`, and its rename.
  private static func rename(above element: Construct) -> (Construct, Rename)? {
    var current: Construct? = element
    while let found = current {
      if let rename = found.treeRename { return (found, rename) }
      current = found.treeScope
    }
    return nil
  }
}
