/// A node of a stack's construct tree: a stack, a resource, or a higher-level construct made of
/// others (a network, a cluster).
///
/// Every construct has an id, unique among its siblings, and a path from its stack
/// (`core/public-a`). The path gives Terraform elements their logical names, so a name changes
/// only when an id in its path changes. The tree's own facts live under ``node``, so that a
/// resource's Terraform attributes (`vpc.id`, `role.path`) keep their names.
///
/// A construct joins the scope it is given (`in:`), or else the construct whose body is being
/// built (a `Stack { … }` body, or ``within(_:)``).
open class Construct {
  // Stored under names no subclass will want; read through `node`.
  let treeID: String
  let treePath: [String]
  let treeStackName: String
  let treeLocation: SourceLocation
  weak var treeScope: Construct?
  /// Lint rules suppressed on this construct and everything below it.
  var treeSuppressions: [Suppression] = []
  /// Where the author wrote what this construct was made from, when that is not where it was
  /// created (a node pool's line, for the node group a cluster makes of it).
  var treeAuthoredLocation: SourceLocation?
  /// The id the construct had before it was renamed, and where the rename was written; see
  /// ``renamed(from:file:line:column:)``.
  var treeRename: Rename?
  var treeChildren: [Construct] = []
  /// The children by id, so adding one stays constant-time however many siblings it has.
  private var treeChildrenByID: [String: Construct] = [:]

  /// Creates a construct in `scope`, or in the construct whose body is being built.
  public init(
    _ id: String, in scope: Construct? = nil, file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    let location = SourceLocation(file: file, line: line, column: column)
    guard let parent = scope ?? ConstructScope.current?.construct else {
      fatalError(
        "\(location): \(Self.self) '\(id)' was created outside any stack; create it inside a Stack { … } body or pass `in:`"
      )
    }
    self.treeID = id
    self.treePath = parent.treePath + [id]
    self.treeStackName = parent.treeStackName
    self.treeLocation = location
    self.treeScope = parent
    parent.adopt(self)
  }

  /// Creates the root of a tree: a stack.
  init(root id: String, location: SourceLocation) {
    self.treeID = id
    self.treePath = []
    self.treeStackName = id
    self.treeLocation = location
  }

  /// The construct's place in its tree: id, path, scope, children, location.
  public final var node: ConstructNode { ConstructNode(construct: self) }

  /// Builds `body` with this construct as the scope of the constructs it creates.
  public final func within(@ConstructBuilder _ body: () -> Void) {
    ConstructScope.$current.withValue(ConstructScope.Box(self), operation: body)
  }

  /// Whether the constructs this one creates are details of its implementation, so that what is
  /// found about them is reported where this construct was written (its call site, or the YAML
  /// line it came from), not inside its code. False by default; infra's production constructs
  /// say true.
  open var locatesItsParts: Bool { false }

  /// Whether the construct created nothing because its settings, or those of a construct it
  /// builds on, were rejected: a reference to what it would have created is then explained by
  /// those errors. False by default; infra's production constructs say whether they built.
  open var isRejected: Bool { false }

  /// Problems with this construct's own settings, reported before anything is written.
  /// Subclasses add their checks; the default finds nothing.
  open func validate() -> [Diagnostic] { [] }

  /// Called once, when the stack's body is complete and before it is first synthesized, on each
  /// construct in tree order: a construct that adds to what others in the stack made, whatever
  /// order they were written in (alarms for every database), does it here. The default does
  /// nothing.
  open func completeStack() {}

  private func adopt(_ child: Construct) {
    if let problem = Self.problem(withID: child.treeID) {
      (node.root as? Stack)?.report(
        .error(
          "invalid-construct-id", "\(problem) in '\(node.pathDescription)'", fix: "give it a non-empty id without '/'",
          at: child.treeLocation, path: child.node.pathDescription))
      return
    }
    if let existing = treeChildrenByID[child.treeID] {
      (node.root as? Stack)?.report(
        .error(
          "duplicate-construct-id",
          "'\(node.pathDescription)' already has a construct with id '\(child.treeID)' (created at \(existing.treeLocation))",
          fix: "give each construct in the same scope its own id", at: child.treeLocation,
          path: child.node.pathDescription))
      return
    }
    treeChildren.append(child)
    treeChildrenByID[child.treeID] = child
  }

  static func problem(withID id: String) -> String? {
    if id.isEmpty { return "a construct id is empty" }
    if id.utf8.contains(UInt8(ascii: "/")) { return "construct id '\(id)' contains '/'" }
    return nil
  }
}

/// The construct whose body is being built, for constructs created without `in:`.
enum ConstructScope {
  final class Box: @unchecked Sendable {
    // Read only on the thread that set it, inside the synchronous body that `within` runs.
    unowned let construct: Construct
    init(_ construct: Construct) { self.construct = construct }
  }

  @TaskLocal static var current: Box?
}
