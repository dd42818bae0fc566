import Foundation
import Testing

@testable import CheckPlan
import InfraLint

/// Every plan check has its page `docs/rules/<id>.md`, and every page there belongs to a plan
/// check or a lint rule (LintTests checks the lint rules' pages).
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
