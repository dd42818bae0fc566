import Testing

@testable import CheckPlan

/// Every check's own examples, on real plans: each failing one gives exactly the findings written
/// beside it, each passing one lets the plan through (reporting nothing, or only what the check
/// allows itself, with why).
@Suite struct PlanCheckExampleTests {
  static let ids = PlanChecks.rules.map(\.id)

  static func check(_ id: String) throws -> any PlanCheck.Type {
    try #require(PlanChecks.all.first { $0.description.id == id })
  }

  @Test(arguments: ids)
  func examplesGiveExactlyTheirFindings(id: String) throws {
    let check = try Self.check(id)
    for example in check.examples {
      let location = Testing.SourceLocation(
        fileID: "CheckPlan/\(example.file.split(separator: "/").last ?? "")", filePath: example.file, line: example.line, column: 1)
      let reviewed = PlanCheckExample.review(of: check, on: try RealPlanTests.plan(example.plan))
      #expect(reviewed.map(\.finding.message) == example.findings, sourceLocation: location)
      #expect(reviewed.allSatisfy(\.isAllowed) == example.passes, sourceLocation: location)
      for finding in reviewed.map(\.finding) {
        #expect(finding.rule == check.description && finding.fix == check.description.fix, sourceLocation: location)
        #expect(finding.allowedBecause.map { !$0.isEmpty } ?? true, "an allowed change says why", sourceLocation: location)
      }
    }
  }

  @Test(arguments: ids)
  func everyCheckHasPassingAndFailingExamples(id: String) throws {
    let examples = try Self.check(id).examples
    #expect(examples.contains { $0.passes }, "no passing example")
    #expect(examples.contains { !$0.passes }, "no failing example")
  }

  /// A finding reads `error: what is wrong; how to fix it [id]`: the fix is a clause, like lint's.
  @Test(arguments: ids)
  func theFixReadsAsAClause(id: String) throws {
    let fix = try Self.check(id).description.fix
    #expect(fix.first?.isLowercase == true && !fix.hasSuffix("."), "\(fix)")
  }
}
