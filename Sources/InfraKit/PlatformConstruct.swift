/// What infra's production constructs share: the provider configuration their resources use,
/// the problems found in their settings (reported as located errors before anything is
/// written), and how their resources are named and tagged.
open class PlatformConstruct: Construct {
  /// The provider configuration of every resource the construct creates; nil for the stack's
  /// default.
  public let providerConfiguration: Provider?
  private var problems: [Diagnostic] = []

  public init(
    _ id: String, provider: Provider?, in scope: Construct? = nil, file: String = #filePath, line: Int = #line,
    column: Int = #column
  ) {
    self.providerConfiguration = provider
    super.init(id, in: scope, file: file, line: line, column: column)
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
  public var baseName: String { "\(node.stackName)-\(node.id)" }

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

  /// The reference of the resource of `type` that this construct creates with the id `id`. It is
  /// the same whether or not the construct was built: a block that reads an output of a
  /// construct whose settings were rejected still synthesizes, and the stack reports the
  /// construct's error rather than trapping on a resource that was never made.
  public func reference(toResource type: String, id: String) -> Reference {
    .resource(type: type, name: Identifier.sanitized((node.path + [id]).joined(separator: "_")))
  }

  /// The attribute `name` of `resource`, or of the resource of `type` with the id `id` that this
  /// construct would have created had its settings been accepted.
  public func output<T>(_ resource: Resource?, _ name: String, type: String, id: String) -> Value<T> {
    Value((resource?.reference ?? reference(toResource: type, id: id)).attribute(name))
  }

  open override func validate() -> [Diagnostic] { super.validate() + problems }

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
