import Diagnostics

/// A finding a team has approved: an address, optionally one action, and why.
public struct Allowance: Sendable, Hashable {
  /// Where the allowance was given.
  public enum Source: Sendable, Hashable {
    /// The text of an `--allow` option.
    case commandLine(String)
    /// The start of an entry in an approvals file.
    case file(SourceLocation)
  }

  public let address: String
  public let action: AllowedAction?
  /// Why the change is intended; always given in an approvals file.
  public let reason: String?
  /// The last day the approval applies.
  public let expires: CalendarDate?
  public let source: Source

  public init(address: String, action: AllowedAction?, reason: String?, expires: CalendarDate?, source: Source) {
    self.address = address
    self.action = action
    self.reason = reason
    self.expires = expires
    self.source = source
  }

  /// Whether the allowance covers `finding`: the same address and, when it names one, the same action.
  public func matches(_ finding: PlanFinding) -> Bool {
    guard finding.address == address, let kind = finding.kind else { return false }
    return action.map { $0.matches(kind) } ?? true
  }

  /// Whether the approval has expired on `today`; it applies through its expiry day.
  public func hasExpired(on today: CalendarDate) -> Bool {
    expires.map { $0 < today } ?? false
  }

  /// `aws_db_instance.orders`, or `aws_db_instance.orders (delete)`.
  public var subject: String {
    address + (action.map { " (\($0.rawValue))" } ?? "")
  }

  /// Reads `ADDRESS[:ACTION]` as given to `--allow`. A colon inside an index (`["a:b"]`) is
  /// part of the address.
  public static func commandLine(_ text: String) throws(AllowanceError) -> Allowance {
    var separator: String.Index?
    var depth = 0
    var inQuotes = false
    var escaped = false
    for index in text.indices {
      let character = text[index]
      if escaped { escaped = false; continue }
      switch character {
      case "\\" where inQuotes: escaped = true
      case "\"": inQuotes.toggle()
      case "[" where !inQuotes: depth += 1
      case "]" where !inQuotes: depth -= 1
      case ":" where !inQuotes && depth == 0: separator = index
      default: break
      }
    }
    let address = separator.map { String(text[..<$0]) } ?? text
    let actionText = separator.map { String(text[text.index(after: $0)...]) }
    func invalid(_ message: String, _ fix: String) -> AllowanceError {
      AllowanceError(Diagnostic.error("allow-invalid", message, fix: fix, path: "--allow \(text)"))
    }
    guard !address.isEmpty else {
      throw invalid("no resource address", "write --allow ADDRESS or --allow ADDRESS:ACTION")
    }
    var action: AllowedAction?
    if let actionText {
      guard let known = AllowedAction(rawValue: actionText) else {
        throw invalid("'\(actionText)' is not an action", "use \(AllowedAction.choices)")
      }
      action = known
    }
    return Allowance(address: address, action: action, reason: nil, expires: nil, source: .commandLine(text))
  }
}

/// Why allowances could not be read: a diagnostic with its location.
public struct AllowanceError: Error, Sendable {
  public let diagnostic: Diagnostic

  init(_ diagnostic: Diagnostic) {
    self.diagnostic = diagnostic
  }
}
