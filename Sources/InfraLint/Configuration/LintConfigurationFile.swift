import InfraCore
import InfraYAML

/// `.infra-lint.yaml`: which rules run and at what severity, and the tags every stack must carry.
///
/// ```yaml
/// rules:
///   vpc-flow-logs: off            # off, or the severity to report at: error, warning, note
///   lb-drop-invalid-headers: error
/// required-tags: [Environment, Team]
/// ```
///
/// Every problem is reported with its line and column; an unknown key or rule id comes with the
/// closest known one.
public enum LintConfigurationFile {
  /// The file `infra lint` reads when no `--config` is given, if it exists.
  public static let defaultPath = ".infra-lint.yaml"
  static let keys = ["rules", "required-tags"]

  /// The configuration in the file at `path`, or every problem with it. `rules` are the rules
  /// the file may name: infra's own, and a team's.
  public static func read(path: String, rules: [any LintRule.Type] = LintRules.all) throws(YAMLLoadError) -> LintConfiguration {
    let document = try YAMLLoader.load(file: path)
    var problems: [Diagnostic] = []
    var configuration = LintConfiguration()
    if document.isNull { return configuration }
    guard let mapping = document.mapping(reporting: &problems) else { throw YAMLLoadError(problems) }
    for entry in mapping.entries {
      switch entry.name {
      case "rules":
        configuration.rules = settings(entry.value, known: rules.map { $0.description.id }, reporting: &problems)
      case "required-tags":
        if let tags = entry.value.sequence(reporting: &problems) {
          configuration.settings.requiredTags = tags.compactMap { $0.string(reporting: &problems) }
        }
      default:
        problems.append(unknown("setting", entry.name, among: keys, at: entry.key.location, id: "lint-config-unknown-key"))
      }
    }
    guard problems.isEmpty else { throw YAMLLoadError(problems) }
    return configuration
  }

  private static func settings(
    _ node: YAMLNode, known: [String], reporting problems: inout [Diagnostic]
  ) -> [String: LintConfiguration.RuleSetting] {
    guard let mapping = node.mapping(reporting: &problems) else { return [:] }
    var settings: [String: LintConfiguration.RuleSetting] = [:]
    for entry in mapping.entries {
      guard known.contains(entry.name) else {
        problems.append(unknown("rule", entry.name, among: known, at: entry.key.location, id: "lint-config-unknown-rule"))
        continue
      }
      guard let text = entry.value.string(reporting: &problems) else { continue }
      switch text {
      case "off": settings[entry.name] = .off
      case "error": settings[entry.name] = .severity(.error)
      case "warning": settings[entry.name] = .severity(.warning)
      case "note": settings[entry.name] = .severity(.note)
      default:
        problems.append(
          .error(
            "lint-config-rule-setting", "'\(text)' is not a setting of the rule \(entry.name)",
            fix: "write off, error, warning or note", at: entry.value.location))
      }
    }
    return settings
  }

  private static func unknown(
    _ kind: String, _ name: String, among known: [String], at location: SourceLocation, id: String
  ) -> Diagnostic {
    let hint = Suggestion.closest(to: name, among: known).map { "did you mean '\($0)'? " } ?? ""
    let listed = kind == "rule" ? "infra lint --list-rules shows them" : "known: \(known.joined(separator: ", "))"
    return .error(id, "'\(name)' is not a \(kind) of infra lint", fix: "\(hint)\(listed)", at: location)
  }
}
