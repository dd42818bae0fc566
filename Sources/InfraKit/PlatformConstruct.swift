/// What infra's production constructs share: the provider configuration their resources use,
/// the problems found in their settings (reported as located errors before anything is
/// written), and how their resources are named and tagged.
open class PlatformConstruct: Construct {
  /// The provider configuration of every resource the construct creates; nil for the stack's
  /// default.
  public let providerConfiguration: Provider?
  private var problems: [Diagnostic] = []
  /// The id the construct had before, as its initializer was told.
  private let renamedFromAtCreation: String?

  /// - Parameter renamedFrom: the id the construct had before it was renamed: its resources move
  ///   to their new Terraform addresses (`moved` blocks), and keep the names AWS knows them by,
  ///   which are made from this id, so a rename replaces nothing. Keep it while any environment
  ///   still has the construct under its old id.
  public init(
    _ id: String, renamedFrom: String? = nil, provider: Provider?, in scope: Construct? = nil,
    file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.providerConfiguration = provider
    self.renamedFromAtCreation = renamedFrom
    super.init(id, in: scope, file: file, line: line, column: column)
    if let renamedFrom { renamed(from: renamedFrom, file: file, line: line, column: column) }
    if node.environment == nil {
      report(
        "stack-without-environment", "'\(node.pathDescription)' is in the stack '\(node.stackName)', which says no environment",
        fix: "create the stack with one, e.g. Stack(\"\(node.stackName)\", environment: .production, region: .euWest1)")
    }
  }

  /// The environment of the construct's stack, which picks the construct's defaults; production,
  /// the strictest, in a stack that says none (reported as an error).
  public var environment: Environment { node.environment ?? .production }

  /// What lint finds in the resources a production construct creates is reported where the
  /// construct was written, not inside infra's code.
  open override var locatesItsParts: Bool { true }

  /// `<stack>-<id>`: the start of the names and Name tags of what the construct creates.
  public var baseName: String { "\(node.stackName)-\(namingID)" }

  /// The id the names AWS knows the construct's resources by are made from: the id it had before
  /// a rename (``init(_:renamedFrom:provider:in:file:line:column:)``), or its own. A rename
  /// therefore changes no name, and replaces nothing.
  public var namingID: String { renamedFromAtCreation ?? node.id }

  /// The region the construct's resources land in: its provider's, or the stack's default AWS
  /// provider's; nil when neither is an ``AWSProvider``.
  public var region: Region? {
    (providerConfiguration as? AWSProvider)?.region
      ?? (providerConfiguration == nil ? AWSProvider.stackDefault(of: self)?.region : nil)
  }

  /// Records a problem with the construct's settings, at `location` or the construct's own line.
  public func report(_ id: String, _ message: String, fix: String, at location: SourceLocation? = nil) {
    problems.append(.error(id, message, fix: fix, at: location ?? node.location, path: node.pathDescription))
  }

  /// Whether a problem has been reported; a construct with one creates nothing.
  public var hasProblems: Bool { !problems.isEmpty }

  /// A production construct that created nothing was rejected, or builds on one that was.
  open override var isRejected: Bool { node.children.isEmpty }

  /// The reference of the resource of `type` that this construct creates with the id `id`. It is
  /// the same whether or not the construct was built: a block that reads an output of a
  /// construct whose settings were rejected still synthesizes, and the stack reports the
  /// construct's error rather than trapping on a resource that was never made.
  public func reference(toResource type: String, id: String) -> Reference {
    .resource(type: type, name: ConstructNode.logicalID(forPath: node.path + [id]))
  }

  /// `resource`'s reference, or that of the resource of `type` with the id `id` that this
  /// construct would have created had its settings been accepted.
  public func reference(of resource: Resource?, type: String, id: String) -> Reference {
    resource?.reference ?? reference(toResource: type, id: id)
  }

  /// The attribute `name` of `resource`, or of the resource of `type` with the id `id` that this
  /// construct would have created had its settings been accepted.
  public func output<T>(_ resource: Resource?, _ name: String, type: String, id: String) -> Value<T> {
    Value(reference(of: resource, type: type, id: id).attribute(name))
  }

  open override func validate() -> [Diagnostic] {
    guard let previous = node.previousID, renamedFromAtCreation == nil else { return super.validate() + problems }
    // Names were made from the id when the construct was built: renamed afterwards, it would
    // move in Terraform and still be replaced in AWS.
    return super.validate() + problems + [
      .error(
        "rename-after-build",
        "'\(node.pathDescription)' is renamed from '\(previous)' after it was built, so what it creates would be named after '\(node.id)' and replaced",
        fix: "pass renamedFrom: \"\(previous)\" to its initializer instead of calling renamed(from:)", at: node.location,
        path: node.pathDescription)
    ]
  }

  /// `resource`, using the construct's provider configuration.
  @discardableResult
  public func placed<R: Resource>(_ resource: R) -> R {
    resource.provider = providerConfiguration
    return resource
  }

  /// Tags with `Name = <stack>-<id>-<name>`, and `extra`.
  public func tags(_ name: String, _ extra: [String: String] = [:]) -> Value<[String: String]> {
    Value(extra.merging(["Name": "\(baseName)-\(name)"]) { given, _ in given })
  }
}
