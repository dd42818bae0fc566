import InfraKit

/// What the SARIF 2.1.0 reports of `check-plan` and `lint` share: the schema, rules as
/// reporting descriptors, levels and source regions.
enum SARIF {
  static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

  /// A rule as a `reportingDescriptor`.
  static func write(_ rule: RuleDescription, level: Diagnostic.Severity? = nil, into json: inout JSONWriter) {
    json.object { json in
      json.member("id", rule.id)
      json.member("name", rule.id)
      json.object("shortDescription") { $0.member("text", rule.title) }
      json.object("fullDescription") { $0.member("text", rule.rationale) }
      json.object("help") { $0.member("text", rule.fix) }
      json.object("defaultConfiguration") { $0.member("level", Self.level(level ?? rule.severity)) }
    }
  }

  /// SARIF's `error`, `warning`, `note`.
  static func level(_ severity: Diagnostic.Severity) -> String {
    severity.rawValue
  }

  /// `physicalLocation` of a file, line and column, the file relative to the working directory.
  static func write(_ location: SourceLocation, into json: inout JSONWriter) {
    json.object("physicalLocation") { json in
      json.object("artifactLocation") { $0.member("uri", location.displayFile) }
      json.object("region") { json in
        json.member("startLine", max(location.line, 1))
        json.member("startColumn", max(location.column, 1))
      }
    }
  }
}
