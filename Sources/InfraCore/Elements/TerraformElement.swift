import Terraform

/// A construct that becomes one block of the Terraform configuration: a resource, a data
/// source, a provider, a variable, an output, a local, a module call.
///
/// Its Terraform name derives from its construct path (`core/public-a` gives `core_public_a`)
/// and never changes unless an id on the path changes, or the author overrides it.
open class TerraformElement: Construct {
  private let overriddenLogicalID: String?

  /// The name Terraform knows this element by: the one given, or the one derived from the path.
  public private(set) lazy var logicalID: String =
    overriddenLogicalID ?? Identifier.sanitized(path.joined(separator: "_"))

  /// - Parameter logicalID: the Terraform name to use instead of the one derived from the path;
  ///   renaming the path then no longer renames the object in Terraform.
  public init(
    _ id: String, in scope: Construct? = nil, logicalID: String? = nil, file: String = #filePath,
    line: Int = #line, column: Int = #column
  ) {
    if let logicalID, !Identifier.isValid(logicalID) {
      fatalError("\(file):\(line):\(column): '\(logicalID)' is not a valid Terraform name")
    }
    overriddenLogicalID = logicalID
    super.init(id, in: scope, file: file, line: line, column: column)
  }

  /// The key that must be unique within the stack: `aws_vpc.core`, `var.region`.
  open var address: String { fatalError("\(Self.self) must override `address`") }

  /// Adds this element's block to `configuration`.
  open func render(into configuration: inout TerraformConfiguration) {
    fatalError("\(Self.self) must override `render(into:)`")
  }
}
