import InfraCore

/// A rule that fired on a stack: what is wrong, how to fix it, where the author wrote what
/// produced it, and the suppression that covers it, if any.
public struct LintFinding: Sendable, Hashable {
  public let rule: RuleDescription
  /// The rule's severity, or the one the configuration gives it.
  public let severity: Diagnostic.Severity
  public let stack: String
  /// The block it is about, `aws_db_instance.orders`, or the Kubernetes object, `Namespace/acme`.
  public let address: String
  /// The construct path of what wrote it: `platform-prod/orders/instance`, `platform-prod/acme/kubernetes`.
  public let path: String?
  public let message: String
  public let fix: String
  /// Where the author wrote the construct that produced the block.
  public let location: SourceLocation?
  /// The suppression on that construct or one above it, when the finding is suppressed.
  public let suppression: Suppression?

  public var isSuppressed: Bool { suppression != nil }

  /// The finding as a compiler would print it:
  /// `file:line:col: error: what is wrong; how to fix it [rule-id]`.
  public var diagnostic: Diagnostic {
    Diagnostic(severity, id: rule.id, message: message, fix: fix, location: location, path: path)
  }
}
