import Diagnostics
import JSON

/// A file of approved changes, in JSON:
///
/// ```json
/// {
///   "approvals": [
///     {
///       "address": "aws_db_instance.orders",
///       "action": "delete",
///       "reason": "orders moved to Aurora; final snapshot kept (PLAT-412)",
///       "expires": "2025-07-01"
///     }
///   ]
/// }
/// ```
///
/// `address` and `reason` are required; `action` (create, update, replace, delete, forget) and
/// `expires` (the last day the approval applies, `YYYY-MM-DD`) are optional.
public enum ApprovalsFile {
  static let keys = ["address", "action", "reason", "expires"]

  /// The approvals in `bytes`, read from the file at `path`.
  public static func read(_ bytes: [UInt8], path: String) throws(AllowanceError) -> [Allowance] {
    let document: JSON
    let locations: JSONParser.Locations
    do {
      (document, locations) = try JSONParser.parseWithLocations(bytes)
    } catch {
      throw AllowanceError(
        .error(
          "approvals-not-json", "this is not JSON: \(error.message)",
          fix: #"write {"approvals": [{"address": ..., "reason": ...}]}"#,
          at: SourceLocation(file: path, line: error.line, column: error.column)))
    }
    func location(_ valuePath: String) -> SourceLocation {
      let (line, column) = locations[valuePath] ?? (1, 1)
      return SourceLocation(file: path, line: line, column: column)
    }
    func invalid(_ valuePath: String, _ message: String, _ fix: String) -> AllowanceError {
      AllowanceError(.error("approval-invalid", message, fix: fix, at: location(valuePath)))
    }

    guard let root = document.object else {
      throw invalid("", "the file is not a JSON object", #"write {"approvals": [...]}"#)
    }
    if let unknown = root.keys.sorted().first(where: { $0 != "approvals" }) {
      throw invalid(unknown, "unknown key \"\(unknown)\" at the top level", #"the file holds only "approvals""#)
    }
    guard let entries = root["approvals"]?.array else {
      throw invalid("", #"there is no "approvals" list"#, #"write {"approvals": [...]}"#)
    }

    var allowances: [Allowance] = []
    for (index, entry) in entries.enumerated() {
      let at = "approvals[\(index)]"
      guard let fields = entry.object else {
        throw invalid(at, "an approval must be an object", #"write {"address": ..., "reason": ...}"#)
      }
      if let unknown = fields.keys.sorted().first(where: { !keys.contains($0) }) {
        throw invalid(
          "\(at).\(unknown)", "unknown key \"\(unknown)\" in an approval",
          "the keys are \(Prose.list(keys.map { "\"\($0)\"" }))")
      }
      guard let address = fields["address"]?.string, !address.isEmpty else {
        throw invalid(
          fields["address"] == nil ? at : "\(at).address", "an approval needs an \"address\" string",
          #"name the resource, as in "address": "aws_db_instance.orders""#)
      }
      var action: AllowedAction?
      if let value = fields["action"] {
        guard let text = value.string, let known = AllowedAction(rawValue: text) else {
          throw invalid("\(at).action", "\(value.shortText) is not an action", "use \(AllowedAction.choices)")
        }
        action = known
      }
      guard let reason = fields["reason"]?.string, reason.contains(where: { !$0.isWhitespace }) else {
        throw AllowanceError(
          .error(
            "approval-without-reason", "the approval of \(address) gives no reason",
            fix: "add \"reason\": why this change is intended, so reviewers can judge it",
            at: location(fields["reason"] == nil ? at : "\(at).reason")))
      }
      var expires: CalendarDate?
      if let value = fields["expires"] {
        guard let text = value.string, let date = CalendarDate(text) else {
          throw invalid("\(at).expires", "\(value.shortText) is not a date", "write the last day it applies as YYYY-MM-DD")
        }
        expires = date
      }
      allowances.append(
        Allowance(address: address, action: action, reason: reason, expires: expires, source: .file(location(at))))
    }
    return allowances
  }
}
