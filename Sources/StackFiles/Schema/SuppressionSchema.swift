import InfraCore
import InfraYAML

extension StackSchema {
  static let suppressionKeys = ["rule", "reason"]

  /// `suppress: [{rule: rds-multi-az, reason: "…"}]` on a part: lint rules that do not apply to
  /// what the part creates, each with the reason reviewers read. Returns what to apply to the
  /// part's construct once it exists.
  func readSuppressions(_ fields: Fields) -> [Suppression] {
    fields.elements("suppress").compactMap { node in
      guard let entry = Fields(node, "a suppression", keys: Self.suppressionKeys, problems: problems),
        let rule = entry.required("rule", example: "rds-multi-az").flatMap(entry.string),
        let reason = entry.required("reason", example: "\"a disposable replica\"").flatMap(entry.string)
      else { return nil }
      return Suppression(ruleID: rule, reason: reason, location: node.location)
    }
  }
}

extension Construct {
  /// Records `suppressions` read from a stack file on this construct.
  func suppress(_ suppressions: [Suppression]) {
    for suppression in suppressions {
      let location = suppression.location
      node.suppress(suppression.ruleID, reason: suppression.reason, file: location.file, line: location.line, column: location.column)
    }
  }
}
