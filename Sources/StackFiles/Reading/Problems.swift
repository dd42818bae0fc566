import InfraCore

/// Every problem found in a stack file, collected while the whole file is read, so one run
/// reports them all.
///
/// Text that is read more than once (the database settings every tenant shares) would repeat
/// its problems; a problem with the id, place and fix of one already found is dropped.
final class Problems {
  private(set) var list: [Diagnostic] = []
  private var seen: Set<String> = []

  var isEmpty: Bool { list.isEmpty }

  func add(_ diagnostics: [Diagnostic]) {
    for diagnostic in diagnostics where seen.insert("\(diagnostic.id) \(diagnostic.location?.description ?? "") \(diagnostic.fix ?? "")").inserted {
      list.append(diagnostic)
    }
  }

  func error(_ id: StackFileDiagnosticID, _ message: String, fix: String, at location: SourceLocation) {
    add([.error(id.rawValue, message, fix: fix, at: location)])
  }

  /// Runs a typed accessor of InfraYAML, keeping what it reports.
  func reading<T>(_ accessor: (inout [Diagnostic]) -> T?) -> T? {
    var found: [Diagnostic] = []
    let value = accessor(&found)
    if !found.isEmpty { add(found) }
    return value
  }
}

/// The ids of the problems a stack file's content can have, after its YAML was read.
public enum StackFileDiagnosticID: String, Sendable, CaseIterable {
  /// A key the schema does not have at that place (a typo, or a setting of another construct).
  case unknownKey = "stack-unknown-key"
  /// A setting the construct cannot do without.
  case missingKey = "stack-missing-key"
  /// A value of the right type that is not allowed: a bad CIDR, an unknown choice, a number out
  /// of range.
  case invalidValue = "stack-invalid-value"
  /// Two node pools, databases, tenants or load balancers with the same name.
  case duplicateName = "stack-duplicate-name"
  /// A setting that needs another part of the stack it does not have (a cluster without a
  /// network).
  case missingPart = "stack-missing-part"
  /// `extends` names a file that cannot be read, or files that extend each other in a circle.
  case extends = "stack-extends"
  /// The stack folder cannot be read.
  case folder = "stack-folder"
}
