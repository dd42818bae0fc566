import InfraKit
import CheckPlan

/// The report for scripts, schema `infra-check-plan/1` (documented in docs/guide.md): keys in a
/// fixed order, nothing that varies between runs.
struct JSONPlanReport {
  let review: PlanReview

  static let schema = "infra-check-plan/1"
  /// The kinds counted in `summary.changes`, in the order written.
  static let countedKinds: [ResourceChange.Kind] = [
    .create, .update, .replaceCreateFirst, .replaceDestroyFirst, .delete, .forget, .read, .noOp,
  ]

  var text: String {
    let summary = PlanSummary(review.plan)
    var json = JSONWriter()
    json.object { json in
      json.member("schema", Self.schema)
      json.member("blocked", review.isBlocked)
      json.object("plan") { json in
        json.member("format_version", review.plan.formatVersion)
        json.member("terraform_version", review.plan.terraformVersion)
      }
      json.object("summary") { json in
        json.object("changes") { json in
          for kind in Self.countedKinds { json.member(kind.identifier, summary.count(kind)) }
          json.member("moved", summary.moved)
          json.member("imported", summary.imported)
        }
        json.object("findings") { json in
          json.member("error", review.blocking.count)
          json.member("warning", review.warnings.count)
          json.member("allowed", review.allowed.count)
        }
      }
      json.array("findings") { json in
        for reviewed in review.blocking + review.warnings + review.allowed { Self.write(reviewed, into: &json) }
      }
      json.array("allowance_warnings") { json in
        for warning in review.allowanceWarnings {
          json.object { json in
            json.member("id", warning.id)
            json.member("source", warning.location?.description ?? warning.path)
            json.member("message", warning.message)
            json.member("fix", warning.fix)
          }
        }
      }
      json.array("changes") { json in
        for change in summary.listedChanges {
          json.object { json in
            json.member("address", change.address)
            json.member("previous_address", change.previousAddress)
            json.member("type", change.type)
            json.member("action", change.kind == .noOp ? "move" : change.kind.identifier)
            json.member("reason", change.reason)
          }
        }
      }
    }
    return String(decoding: json.finish(), as: UTF8.self)
  }

  private static func write(_ reviewed: PlanReview.ReviewedFinding, into json: inout JSONWriter) {
    let finding = reviewed.finding
    json.object { json in
      json.member("rule", finding.rule.id)
      json.member("severity", finding.rule.severity.rawValue)
      json.member("address", finding.address)
      json.member("action", finding.kind?.identifier)
      json.member("message", finding.message)
      json.member("fix", finding.fix)
      json.member("allowed", reviewed.isAllowed)
      json.key("allowance")
      if let allowance = reviewed.allowance {
        json.object { json in
          json.member("source", allowance.origin)
          json.member("reason", allowance.reason)
          json.member("expires", allowance.expires?.description)
        }
      } else if let because = finding.allowedBecause {
        json.object { json in
          json.member("source", "check")
          json.member("reason", because)
          json.member("expires", nil)
        }
      } else {
        json.null()
      }
    }
  }
}
