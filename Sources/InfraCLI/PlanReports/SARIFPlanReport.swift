import InfraKit
import CheckPlan

/// The report as SARIF 2.1.0, for code scanning (GitHub reads it with upload-sarif): every plan
/// check as a rule, every finding as a result at its resource address, allowed findings as
/// suppressed results with the approval's reason, and allowance warnings as notifications.
struct SARIFPlanReport {
  let review: PlanReview
  /// The plan file as given; nil for standard input.
  let planPath: String?
  /// Every check that ran, infra's and a team's.
  let rules: [RuleDescription]

  var text: String {
    var json = JSONWriter()
    json.object { json in
      json.member("$schema", SARIF.schemaURI)
      json.member("version", "2.1.0")
      json.array("runs") { json in
        json.object { json in
          json.object("tool") { json in
            json.object("driver") { json in
              json.member("name", "infra check-plan")
              json.member("version", InfraVersion.current)
              json.array("rules") { json in
                for rule in rules { SARIF.write(rule, into: &json) }
              }
            }
          }
          json.array("invocations") { json in
            json.object { json in
              json.member("executionSuccessful", true)
              json.array("toolConfigurationNotifications") { json in
                for warning in review.allowanceWarnings { Self.write(warning, into: &json) }
              }
            }
          }
          json.array("results") { json in
            for reviewed in review.findings {
              write(reviewed, ruleIndex: rules.firstIndex(of: reviewed.finding.rule) ?? 0, into: &json)
            }
          }
        }
      }
    }
    return String(decoding: json.finish(), as: UTF8.self)
  }

  private func write(_ reviewed: PlanReview.ReviewedFinding, ruleIndex: Int, into json: inout JSONWriter) {
    let finding = reviewed.finding
    json.object { json in
      json.member("ruleId", finding.rule.id)
      json.member("ruleIndex", ruleIndex)
      json.member("level", SARIF.level(finding.rule.severity))
      json.object("message") { $0.member("text", "\(finding.message); \(finding.fix)") }
      json.array("locations") { json in
        json.object { json in
          if let planPath {
            json.object("physicalLocation") { json in
              json.object("artifactLocation") { $0.member("uri", planPath) }
            }
          }
          if let address = finding.address {
            json.array("logicalLocations") { json in
              json.object { json in
                json.member("fullyQualifiedName", address)
                json.member("kind", "resource")
              }
            }
          }
        }
      }
      if reviewed.isAllowed {
        let justification = reviewed.allowance.map { $0.reason ?? "allowed by \($0.origin)" } ?? reviewed.finding.allowedBecause
        json.array("suppressions") { json in
          json.object { json in
            json.member("kind", "external")
            json.member("status", "accepted")
            json.member("justification", justification)
          }
        }
      }
    }
  }

  private static func write(_ warning: Diagnostic, into json: inout JSONWriter) {
    json.object { json in
      json.member("level", "warning")
      json.object("descriptor") { $0.member("id", warning.id) }
      json.object("message") { json in
        json.member("text", warning.message + (warning.fix.map { "; " + $0 } ?? ""))
      }
      if let location = warning.location {
        json.array("locations") { json in
          json.object { SARIF.write(location, into: &$0) }
        }
      }
    }
  }
}
