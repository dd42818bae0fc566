import CheckPlan
import Foundation
import InfraCLI
import InfraKit
import InfraLint
import InfraTestSupport
import Testing

/// A team's executable runs its own lint rules and plan checks beside infra's, through
/// `Infra.run(_:stacks:rules:checks:)` (examples/team-platform does it in CI, with exact lines).
@Suite struct TeamRulesAndChecksTests {
  /// A team rule: every bucket has a `Team` tag.
  enum BucketTeamTagRule: ResourceLintRule {
    static let description = RuleDescription(
      id: "team-bucket-owner", title: "Buckets name their team", severity: .error,
      rationale: "An unowned bucket is never cleaned up.", fix: "tag it with Team")
    static let resourceTypes: Set<String> = ["aws_s3_bucket"]
    static func problems(with bucket: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
      bucket.body.stringMap("tags")?["Team"] == nil ? ["\(bucket.address) names no team"] : []
    }
    static let examples: [LintExample] = []
  }

  /// A team check: no database is updated in place outside a maintenance window.
  enum DatabaseUpdatedCheck: ChangeCheck {
    static let description = RuleDescription(
      id: "team-database-updated", title: "A database is updated", severity: .error,
      rationale: "Updates wait for the maintenance window.", fix: "apply it in the window, with an approval")
    static let examples: [PlanCheckExample] = []
    static func problem(with change: ResourceChange) -> String? {
      change.type == "aws_db_instance" && change.kind == .update ? "\(change.address) is updated" : nil
    }
  }

  static let untaggedBucket: @Sendable () -> [Stack] = {
    [Stack("team") { Resource("logs", type: "aws_s3_bucket", ["bucket": "team-logs"]) }]
  }
  static let databaseUpdate = repositoryRoot + "/Tests/CheckPlanTests/Fixtures/plans/rds-update-in-place.plan.json"

  @Test func aTeamsLintRuleRunsOnlyWhenGiven() {
    #expect(Infra.run(["lint"], stacks: Self.untaggedBucket, rules: [BucketTeamTagRule.self]) == 1)
    #expect(Infra.run(["lint"], stacks: Self.untaggedBucket, rules: []) == 0)
  }

  @Test func aTeamsPlanCheckRunsBesideInfrasOwn() {
    #expect(Infra.run(["check-plan", Self.databaseUpdate]) == 0, "infra's own checks allow an update in place")
    #expect(Infra.run(["check-plan", Self.databaseUpdate], checks: PlanChecks.all + [DatabaseUpdatedCheck.self]) == 1)
    #expect(
      Infra.run(
        ["check-plan", Self.databaseUpdate, "--allow", "aws_db_instance.orders:update"],
        checks: PlanChecks.all + [DatabaseUpdatedCheck.self]) == 0, "allowed like any finding")
  }

  @Test func aTeamRuleCannotTakeAnIdInfraUses() {
    enum Impostor: ChangeCheck {
      static let description = RuleDescription(
        id: "vpc-flow-logs", title: "t", severity: .error, rationale: "r", fix: "f")
      static let examples: [PlanCheckExample] = []
      static func problem(with change: ResourceChange) -> String? { nil }
    }
    #expect(Infra.run(["lint"], stacks: Self.untaggedBucket, checks: PlanChecks.all + [Impostor.self]) == 2)
  }
}
