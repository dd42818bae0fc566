import CheckPlan
import InfraCore
import Testing

@testable import InfraLint

/// Every rule's own examples: each passing one is clean, each failing one gives exactly the
/// findings written beside it, located at the construct that produced the resource.
@Suite struct RuleExampleTests {
  static let ids = LintRules.rules.map(\.id)

  @Test(arguments: ids)
  func examplesGiveExactlyTheirFindings(id: String) throws {
    let rule = try #require(LintRules.rule(id))
    for example in rule.examples {
      let location = Testing.SourceLocation(fileID: "InfraLint/\(example.file.split(separator: "/").last ?? "")", filePath: example.file, line: example.line, column: 1)
      let synthesized = try example.stack().synthesize()
      let result = Linter(rules: [rule]).lint(synthesized)
      #expect(result.findings.map(\.message) == example.findings, sourceLocation: location)
      for finding in result.findings {
        // A Kubernetes object's finding is the folder's that writes it, found by its path.
        let element = try #require(
          synthesized.elements[finding.address] ?? synthesized.manifests.first { $0.node.pathDescription == finding.path },
          sourceLocation: location)
        #expect(finding.location == element.node.location, sourceLocation: location)
        #expect(finding.rule.id == id && finding.severity == rule.description.severity && !finding.isSuppressed)
        #expect(finding.fix == rule.description.fix)
      }
    }
  }

  @Test(arguments: ids)
  func everyRuleHasPassingAndFailingExamples(id: String) throws {
    let examples = try #require(LintRules.rule(id)).examples
    #expect(examples.contains { $0.findings.isEmpty }, "no passing example")
    #expect(examples.contains { !$0.findings.isEmpty }, "no failing example")
  }

  @Test func ruleIdsAreUniqueKebabCaseAndDistinctFromPlanChecks() {
    let ids = Self.ids
    #expect(Set(ids).count == ids.count)
    #expect(Set(ids).isDisjoint(with: PlanChecks.rules.map(\.id)))
    for id in ids {
      #expect(id.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }, "\(id)")
    }
  }
}
