/// A problem found in a stack: what is wrong, how to fix it, where, and a stable id.
///
/// Printed as `file:line:col: error: what is wrong; how to fix it [id]`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
  public enum Severity: String, Hashable, Sendable {
    case note, warning, error
  }

  public var severity: Severity
  /// A stable, kebab-case id: `duplicate-construct-id`.
  public var id: String
  /// What is wrong.
  public var message: String
  /// How to fix it.
  public var fix: String?
  public var location: SourceLocation?
  /// The construct path, when the problem belongs to a construct.
  public var path: String?

  public init(
    _ severity: Severity, id: String, message: String, fix: String? = nil, location: SourceLocation? = nil,
    path: String? = nil
  ) {
    self.severity = severity
    self.id = id
    self.message = message
    self.fix = fix
    self.location = location
    self.path = path
  }

  public static func error(
    _ id: String, _ message: String, fix: String? = nil, at location: SourceLocation? = nil, path: String? = nil
  ) -> Diagnostic {
    Diagnostic(.error, id: id, message: message, fix: fix, location: location, path: path)
  }

  public var description: String {
    let place = location?.description ?? path ?? "infra"
    let remedy = fix.map { "; " + $0 } ?? ""
    return "\(place): \(severity.rawValue): \(message)\(remedy) [\(id)]"
  }
}
