import InfraKit
import InfraLint

/// The report for scripts, schema `infra-lint/1` (docs/lint.md): keys in a fixed order, every
/// finding with its rule, severity, stack, address, construct path, location and suppression.
struct JSONLintReport {
  let report: LintReport

  static let schema = "infra-lint/1"

  var text: String {
    var json = JSONWriter()
    json.object { json in
      json.member("schema", Self.schema)
      json.member("failed", report.failed)
      json.object("summary") { json in
        json.member("stacks", report.stackCount)
        json.member("error", report.count(.error))
        json.member("warning", report.count(.warning))
        json.member("note", report.count(.note))
        json.member("suppressed", report.suppressed.count)
      }
      json.array("findings") { json in
        for finding in report.findings { Self.write(finding, into: &json) }
      }
    }
    return String(decoding: json.finish(), as: UTF8.self)
  }

  private static func write(_ finding: LintFinding, into json: inout JSONWriter) {
    json.object { json in
      json.member("rule", finding.rule.id)
      json.member("severity", finding.severity.rawValue)
      json.member("stack", finding.stack)
      json.member("address", finding.address)
      json.member("path", finding.path)
      json.member("message", finding.message)
      json.member("fix", finding.fix)
      write(finding.location, named: "location", into: &json)
      json.key("suppression")
      if let suppression = finding.suppression {
        json.object { json in
          json.member("reason", suppression.reason)
          write(suppression.location, named: "location", into: &json)
        }
      } else {
        json.null()
      }
    }
  }

  private static func write(_ location: SourceLocation?, named name: String, into json: inout JSONWriter) {
    json.key(name)
    guard let location else { return json.null() }
    json.object { json in
      json.member("file", location.displayFile)
      json.member("line", location.line)
      json.member("column", location.column)
    }
  }
}
