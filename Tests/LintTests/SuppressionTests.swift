import InfraKit
import InfraLint
import Testing

/// `construct.node.suppress(rule, reason:)`: on the construct and everything below it, with a
/// reason that must be given, for a rule that must exist.
@Suite struct SuppressionTests {
  static let file = #filePath

  private func stack(suppressing rule: String, reason: String, line: Int = #line) -> (Stack, Int) {
    var suppressionLine = 0
    let stack = Stack("databases", environment: .production, region: .euWest1, defaultTags: ["Environment": "production"]) {
      let network = Network(
        "core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      let database = Database("orders", engine: .postgres("16"), network: network, multiAZ: false)
      suppressionLine = #line + 1
      database.node.suppress(rule, reason: reason)
      Observability(email: ["platform-team@example.com"])
    }
    return (stack, suppressionLine)
  }

  @Test func aSuppressionCoversTheConstructsResourcesAndKeepsItsReason() throws {
    let (stack, line) = stack(suppressing: "rds-multi-az", reason: "a read-only copy of the warehouse; rebuilt in an hour")
    let found = try Linter().lint(stack.synthesize()).findings
    #expect(found.map(\.rule.id) == ["rds-multi-az", "rds-cross-region-backup"])
    let suppression = try #require(found.first?.suppression)
    #expect(suppression.reason == "a read-only copy of the warehouse; rebuilt in an hour")
    #expect(suppression.location == SourceLocation(file: Self.file, line: line, column: 29))
  }

  @Test func aSuppressionOfAnotherRuleLeavesTheFindingReported() throws {
    let (stack, _) = stack(suppressing: "rds-final-snapshot", reason: "never deleted")
    let found = try Linter().lint(stack.synthesize()).findings
    #expect(found.map(\.rule.id) == ["rds-multi-az", "rds-cross-region-backup"])
    #expect(found.first?.isSuppressed == false)
  }

  @Test func aSuppressionWithoutAReasonStopsSynthesisAtItsLine() throws {
    let (stack, line) = stack(suppressing: "rds-multi-az", reason: "  ")
    let error = try #require(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(error.diagnostics.map(\.description) == [
      "\(SourceLocation(file: Self.file, line: line, column: 29)): error: the suppression of rds-multi-az on 'databases/orders' gives no reason; say why the rule does not apply here, so reviewers can judge it [suppression-without-reason]"
    ])
  }

  @Test func aSuppressionOfAnUnknownRuleIsAnErrorWithTheClosestRule() throws {
    let (stack, line) = stack(suppressing: "rds-multiaz", reason: "a copy")
    let result = Linter().lint(try stack.synthesize())
    #expect(result.problems.map(\.description) == [
      "\(SourceLocation(file: Self.file, line: line, column: 29)): error: 'databases/orders' suppresses 'rds-multiaz', which is not a lint rule; did you mean 'rds-multi-az'? use the id of a rule listed by infra lint --list-rules [unknown-suppressed-rule]"
    ])
  }
}
