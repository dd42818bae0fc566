import InfraCore

/// Every problem found in a stack file, collected while the whole file is read, so one run
/// reports them all.
///
/// Text that is read more than once (the database settings every tenant shares, a base that
/// several stacks extend) would repeat its problems; a problem with the id, place and fix of one
/// already found is dropped, and one in a base names the stacks it was found for.
final class Problems {
  private var found: [Diagnostic] = []
  /// For each problem found, the files of the stacks being read when it was.
  private var foundFor: [[String]] = []
  private var index: [String: Int] = [:]
  /// The file of the stack being read, which problems found now are found for.
  var stackFile: String?

  var isEmpty: Bool { found.isEmpty }

  /// Every problem, those in a file other than the stack's own (a base) naming the stacks that
  /// extend it, by `stackName`, the name of the stack of a file.
  func list(stackName: (String) -> String) -> [Diagnostic] {
    zip(found, foundFor).map { diagnostic, files in
      guard let file = diagnostic.location?.file else { return diagnostic }
      return diagnostic.inBase(of: files.filter { $0 != file }.map(stackName), alsoOwn: files.contains(file))
    }
  }

  func add(_ diagnostics: [Diagnostic]) {
    for diagnostic in diagnostics {
      let key = "\(diagnostic.id) \(diagnostic.location?.description ?? "") \(diagnostic.fix ?? "")"
      if let known = index[key] {
        if let stackFile, !foundFor[known].contains(stackFile) { foundFor[known].append(stackFile) }
        continue
      }
      index[key] = found.count
      found.append(diagnostic)
      foundFor.append(stackFile.map { [$0] } ?? [])
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

extension Diagnostic {
  /// The diagnostic, found in a base that the stacks `names` extend, saying so after its message:
  /// `(in the base of dev and staging)`; itself when `names` is empty.
  ///
  /// - Parameter alsoOwn: whether the file is also the stack file of a stack it was found for.
  func inBase(of names: [String], alsoOwn: Bool = false) -> Diagnostic {
    guard !names.isEmpty else { return self }
    let listed = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names.last!
    var diagnostic = self
    diagnostic.message += " (\(alsoOwn ? "also " : "")in the base of \(listed))"
    return diagnostic
  }
}
