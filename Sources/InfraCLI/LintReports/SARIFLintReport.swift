import InfraKit
import InfraLint

/// The report as SARIF 2.1.0 for code scanning (GitHub reads it with upload-sarif): every lint
/// rule as a rule, every finding as a result at the file, line and column its construct was
/// written, suppressed findings as results with an in-source suppression and its reason.
struct SARIFLintReport {
  let report: LintReport

  var text: String {
    let rules = report.rules
    var json = JSONWriter()
    json.object { json in
      json.member("$schema", SARIF.schemaURI)
      json.member("version", "2.1.0")
      json.array("runs") { json in
        json.object { json in
          json.object("tool") { json in
            json.object("driver") { json in
              json.member("name", "infra lint")
              json.member("version", InfraVersion.current)
              json.array("rules") { json in
                for rule in rules { SARIF.write(rule, into: &json) }
              }
            }
          }
          json.array("results") { json in
            for finding in report.findings {
              Self.write(finding, ruleIndex: rules.firstIndex(of: finding.rule) ?? 0, into: &json)
            }
          }
        }
      }
    }
    return String(decoding: json.finish(), as: UTF8.self)
  }

  private static func write(_ finding: LintFinding, ruleIndex: Int, into json: inout JSONWriter) {
    json.object { json in
      json.member("ruleId", finding.rule.id)
      json.member("ruleIndex", ruleIndex)
      json.member("level", SARIF.level(finding.severity))
      json.object("message") { $0.member("text", "\(finding.message); \(finding.fix)") }
      json.array("locations") { json in
        json.object { json in
          if let location = finding.location { SARIF.write(location, into: &json) }
          json.array("logicalLocations") { json in
            json.object { json in
              json.member("fullyQualifiedName", "\(finding.stack)/\(finding.address)")
              json.member("kind", "resource")
            }
          }
        }
      }
      if let suppression = finding.suppression {
        json.array("suppressions") { json in
          json.object { json in
            json.member("kind", "inSource")
            json.member("status", "accepted")
            json.member("justification", suppression.reason)
            json.object("location") { SARIF.write(suppression.location, into: &$0) }
          }
        }
      }
    }
  }
}
