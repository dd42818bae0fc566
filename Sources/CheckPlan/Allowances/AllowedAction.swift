/// The action an allowance is limited to: `--allow aws_db_instance.orders:delete`.
public enum AllowedAction: String, Sendable, Hashable, CaseIterable {
  case create, update, replace, delete, forget

  /// Whether a change of `kind` is this action; `replace` is either kind of replacement.
  public func matches(_ kind: ResourceChange.Kind) -> Bool {
    switch self {
    case .create: kind == .create
    case .update: kind == .update
    case .replace: kind.isReplacement
    case .delete: kind == .delete
    case .forget: kind == .forget
    }
  }

  /// `create, update, replace, delete or forget`.
  static var choices: String { Prose.list(allCases.map(\.rawValue), conjunction: "or") }
}
