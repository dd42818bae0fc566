import Terraform

/// A construct that becomes one block of the Terraform configuration: a resource, a data
/// source, a provider, a variable, an output, a local, a module call.
///
/// Its Terraform name derives from its construct path (`core/public-a` gives `core_public_a`)
/// and never changes unless an id on the path changes, or the author overrides it.
open class TerraformElement: Construct {
  private let overriddenLogicalID: String?

  /// The name Terraform knows this element by: the one given, or the one derived from the path.
  /// A given name that is not a valid Terraform name is reported by ``validate()`` and
  /// sanitized here, so references to the element can still be made.
  public private(set) lazy var logicalID: String = logicalID(atPath: treePath)

  /// - Parameter logicalID: the Terraform name to use instead of the one derived from the path;
  ///   renaming the path then no longer renames the object in Terraform.
  public init(
    _ id: String, in scope: Construct? = nil, logicalID: String? = nil, file: String = #filePath,
    line: Int = #line, column: Int = #column
  ) {
    overriddenLogicalID = logicalID
    super.init(id, in: scope, file: file, line: line, column: column)
  }

  /// The name the element would have at `path`: the pinned one when it was given.
  final func logicalID(atPath path: [String]) -> String {
    overriddenLogicalID.map(Identifier.sanitized) ?? ConstructNode.logicalID(forPath: path)
  }

  /// The element as a `moved` block names it, were its logical id `logicalID`; nil for what
  /// Terraform keeps no state of (data sources, variables, outputs, locals, providers).
  func movableReference(logicalID: String) -> Reference? { nil }

  /// Every reference the element's block makes to other objects of the configuration.
  open var references: [Reference] { [] }

  open override func validate() -> [Diagnostic] {
    guard let given = overriddenLogicalID, !Identifier.isValid(given) else { return [] }
    return [
      .error(
        "invalid-logical-id", "'\(given)' is not a valid Terraform name",
        fix: "start it with a letter or '_', then use letters, digits, '_' and '-'", at: node.location,
        path: node.pathDescription)
    ]
  }

  /// The key that must be unique within the stack: `aws_vpc.core`, `var.region`.
  open var terraformAddress: String { fatalError("\(Self.self) must override `terraformAddress`") }

  /// Adds this element's block to `configuration`.
  open func render(into configuration: inout TerraformConfiguration) {
    fatalError("\(Self.self) must override `render(into:)`")
  }
}
