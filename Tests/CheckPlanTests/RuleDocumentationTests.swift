import Foundation
import InfraTestSupport
import Testing

@testable import CheckPlan
import InfraLint

/// Every plan check has its page `docs/rules/<id>.md`, and every page there belongs to a plan
/// check or a lint rule (LintTests checks the lint rules' pages). A check's page shows what
/// `infra check-plan` prints on each of its examples that reports something, in order, made of
/// the examples themselves: `RECORD_RULE_PAGES=1` rewrites those blocks (the prose around them
/// is written by hand).
@Suite struct RuleDocumentationTests {
  static let rulesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../docs/rules").standardizedFileURL.path

  @Test func ruleIdsAreUniqueAndKebabCase() {
    let ids = PlanChecks.rules.map(\.id)
    #expect(Set(ids).count == ids.count)
    for id in ids {
      #expect(id.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }, "\(id)")
    }
  }

  @Test func everyCheckHasAPageAndEveryPageACheck() throws {
    let pages = try FileManager.default.contentsOfDirectory(atPath: Self.rulesDirectory)
      .filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }
    let ids = PlanChecks.rules.map(\.id)
    #expect(Set(ids).subtracting(pages).sorted() == [], "checks without a page")
    #expect(Set(pages).subtracting(ids + LintRules.rules.map(\.id)).sorted() == [], "pages without a check or rule")
  }

  @Test(arguments: PlanChecks.rules.map(\.id))
  func thePagesReportsAreTheExamples(id: String) throws {
    let check = try PlanCheckExampleTests.check(id)
    let path = "\(Self.rulesDirectory)/\(id).md"
    let page = try String(contentsOfFile: path, encoding: .utf8)
    let expected = try check.examples.filter { !$0.findings.isEmpty }.map { try Self.report($0, of: check) }
    var parts = page.components(separatedBy: Self.reportStart)
    let shown = parts.dropFirst().map { $0.components(separatedBy: "\n```").first ?? "" }
    guard shown.count == expected.count else {
      Issue.record("docs/rules/\(id).md shows \(shown.count) check-plan reports, the check has \(expected.count) examples that report something; add or remove a block by hand")
      return
    }
    if ProcessInfo.processInfo.environment["RECORD_RULE_PAGES"] == "1" {
      for (index, report) in expected.enumerated() {
        parts[index + 1] = report + parts[index + 1].dropFirst(shown[index].count)
      }
      let written = parts.joined(separator: Self.reportStart)
      if written != page {
        try writeText(written, to: path)
        Issue.record("wrote \(path); review it, then run the tests again")
      }
      return
    }
    for (expected, shown) in zip(expected, shown) {
      #expect(shown == expected, "docs/rules/\(id).md differs from its check's example (RECORD_RULE_PAGES=1 rewrites it):\n\(firstDifference(expected, shown))")
    }
  }

  /// Where a report starts on a page: a console block running check-plan.
  static let reportStart = "```console\n$ infra check-plan "

  /// What follows ``reportStart`` for `example`: the plan, its summary and the check's lines.
  static func report(_ example: PlanCheckExample, of check: any PlanCheck.Type) throws -> String {
    let plan = try RealPlanTests.plan(example.plan)
    let lines = PlanCheckExample.review(of: check, on: plan).map(\.line)
    return (["\(example.plan).plan.json", PlanSummary(plan).line] + lines).joined(separator: "\n")
  }

  @Test func eachPageOpensWithTheRulesIdTitleAndSeverity() throws {
    for rule in PlanChecks.rules {
      let path = "\(Self.rulesDirectory)/\(rule.id).md"
      let page = String(decoding: try #require(FileManager.default.contents(atPath: path), "\(path)"), as: UTF8.self)
      let verdict = rule.severity == .error ? "error: blocks the plan" : "warning: reported, does not block"
      #expect(page.hasPrefix("# \(rule.id)\n\n**\(rule.title)** · `infra check-plan` · \(verdict)\n"), "\(rule.id)")
      for section in ["## Example", "## Why", "## How to fix"] {
        #expect(page.contains("\n\(section)\n"), "\(rule.id): \(section)")
      }
    }
  }
}
