/// A node of a stack's construct tree: a stack, a resource, or a higher-level construct made of
/// others (a network, a cluster).
///
/// Every construct has an id, unique among its siblings, and a path from its stack
/// (`core/public-a`). The path gives Terraform elements their logical names, so a name changes
/// only when an id in its path changes.
///
/// A construct joins the scope it is given (`in:`), or else the construct whose body is being
/// built (a `Stack { … }` body, or ``within(_:)``).
open class Construct {
  /// The id given by the author, unique among the siblings.
  public let id: String
  /// The ids from below the stack down to this construct; empty for a stack.
  public let path: [String]
  /// The name of the stack at the root of the tree.
  public let stackName: String
  /// Where the construct was created.
  public let location: SourceLocation
  /// The construct this one belongs to; nil for a stack.
  public private(set) weak var scope: Construct?
  /// The constructs that belong to this one, in creation order.
  public private(set) var children: [Construct] = []
  /// The children by id, so adding one stays constant-time however many siblings it has.
  private var childrenByID: [String: Construct] = [:]

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
    self.id = id
    self.path = parent.path + [id]
    self.stackName = parent.stackName
    self.location = location
    self.scope = parent
    parent.adopt(self)
  }

  /// Creates the root of a tree: a stack.
  init(root id: String, location: SourceLocation) {
    self.id = id
    self.path = []
    self.stackName = id
    self.location = location
  }

  /// The path as written in diagnostics and comments: `stack/core/public-a`.
  public var pathDescription: String {
    ([stackName] + path).joined(separator: "/")
  }

  /// The root of this construct's tree.
  public var root: Construct {
    var node = self
    while let parent = node.scope { node = parent }
    return node
  }

  /// The stack this construct belongs to.
  public var stack: Stack? { root as? Stack }

  /// Builds `body` with this construct as the scope of the constructs it creates.
  public func within(@ConstructBuilder _ body: () -> Void) {
    ConstructScope.$current.withValue(ConstructScope.Box(self), operation: body)
  }

  /// Problems with this construct's own settings, reported before anything is written.
  /// Subclasses add their checks; the default finds nothing.
  open func validate() -> [Diagnostic] { [] }

  /// Visits this construct and every construct below it, parents before children.
  public func forEachDescendant(_ visit: (Construct) -> Void) {
    visit(self)
    for child in children { child.forEachDescendant(visit) }
  }

  private func adopt(_ child: Construct) {
    if let problem = Self.problem(withID: child.id) {
      (root as? Stack)?.report(
        .error(
          "invalid-construct-id", "\(problem) in '\(pathDescription)'", fix: "give it a non-empty id without '/'",
          at: child.location, path: child.pathDescription))
      return
    }
    if let existing = childrenByID[child.id] {
      (root as? Stack)?.report(
        .error(
          "duplicate-construct-id",
          "'\(pathDescription)' already has a construct with id '\(child.id)' (created at \(existing.location))",
          fix: "give each construct in the same scope its own id", at: child.location, path: child.pathDescription))
      return
    }
    children.append(child)
    childrenByID[child.id] = child
  }

  private static func problem(withID id: String) -> String? {
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
