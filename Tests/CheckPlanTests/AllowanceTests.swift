import Foundation
import Diagnostics
import Testing

@testable import CheckPlan

/// `--allow`, approvals files, and how a review applies them to real plans.
@Suite struct AllowanceTests {
  let today = CalendarDate(year: 2025, month: 6, day: 15)!

  private func approvalsError(_ text: String) -> String? {
    do {
      _ = try ApprovalsFile.read(Array(text.utf8), path: "approvals.json")
      return nil
    } catch {
      return error.diagnostic.description
    }
  }

  @Test func anApprovalsFileIsReadWithTheLocationOfEachEntry() throws {
    let allowances = try ApprovalsFile.read(
      Array(
        """
        {
          "approvals": [
            {"address": "aws_db_instance.orders", "action": "delete", "reason": "moved to Aurora", "expires": "2025-07-01"},
            {"address": "module.net.aws_subnet.private[\\"a\\"]", "reason": "zone retired"}
          ]
        }
        """.utf8), path: "approvals.json")
    #expect(
      allowances == [
        Allowance(
          address: "aws_db_instance.orders", action: .delete, reason: "moved to Aurora",
          expires: CalendarDate(year: 2025, month: 7, day: 1),
          source: .file(SourceLocation(file: "approvals.json", line: 3, column: 5))),
        Allowance(
          address: #"module.net.aws_subnet.private["a"]"#, action: nil, reason: "zone retired", expires: nil,
          source: .file(SourceLocation(file: "approvals.json", line: 4, column: 5))),
      ])
  }

  @Test func eachMistakeInAnApprovalsFileIsLocated() {
    #expect(
      approvalsError(#"{"approvals": [{"address": "aws_s3_bucket.logs", "reason": "   "}]}"#)
        == "approvals.json:1:60: error: the approval of aws_s3_bucket.logs gives no reason; add \"reason\": why this "
        + "change is intended, so reviewers can judge it [approval-without-reason]")
    #expect(
      approvalsError("{\"approvals\": [\n  {\"address\": \"aws_s3_bucket.logs\"}\n]}")
        == "approvals.json:2:3: error: the approval of aws_s3_bucket.logs gives no reason; add \"reason\": why this "
        + "change is intended, so reviewers can judge it [approval-without-reason]")
    #expect(
      approvalsError("{\"approvals\": [\n  {\"address\": \"a.b\", \"reason\": \"r\",\n   \"expires\": \"2025-02-30\"}]}")
        == #"approvals.json:3:15: error: "2025-02-30" is not a date; write the last day it applies as YYYY-MM-DD [approval-invalid]"#)
    #expect(
      approvalsError(#"{"approvals": [{"address": "a.b", "reason": "r", "action": "destroy"}]}"#)
        == #"approvals.json:1:60: error: "destroy" is not an action; use create, update, replace, delete or forget [approval-invalid]"#)
    #expect(
      approvalsError(#"{"approvals": [{"address": "a.b", "reason": "r", "expiry": "2025-01-01"}]}"#)
        == #"approvals.json:1:60: error: unknown key "expiry" in an approval; the keys are "address", "action", "reason" and "expires" [approval-invalid]"#)
    #expect(
      approvalsError(#"{"approvals": [{"reason": "r"}]}"#)
        == #"approvals.json:1:16: error: an approval needs an "address" string; name the resource, as in "address": "aws_db_instance.orders" [approval-invalid]"#)
    #expect(
      approvalsError(#"[{"address": "a.b"}]"#)
        == #"approvals.json:1:1: error: the file is not a JSON object; write {"approvals": [...]} [approval-invalid]"#)
    #expect(
      approvalsError("{\"approvals\": [\n  {\"address\": \"a.b\",}\n]}")
        == #"approvals.json:2:21: error: this is not JSON: expected a quoted key; write {"approvals": [{"address": ..., "reason": ...}]} [approvals-not-json]"#)
    // Two reasons: which one a reviewer read is a guess, so neither is taken.
    #expect(
      approvalsError("{\"approvals\": [\n  {\"address\": \"a.b\", \"reason\": \"PLAT-1\",\n   \"reason\": \"PLAT-2\"}\n]}")
        == #"approvals.json:3:4: error: this is not JSON: the key "reason" appears twice in this object; write {"approvals": [{"address": ..., "reason": ...}]} [approvals-not-json]"#)
  }

  @Test func allowReadsAnAddressAndAnOptionalAction() throws {
    #expect(try Allowance.commandLine("aws_db_instance.orders").action == nil)
    #expect(try Allowance.commandLine("aws_db_instance.orders:replace").action == .replace)
    let keyed = try Allowance.commandLine(#"aws_subnet.private["us-east-1:a"]:delete"#)
    #expect(keyed.address == #"aws_subnet.private["us-east-1:a"]"#)
    #expect(keyed.action == .delete)
    #expect(try Allowance.commandLine(#"aws_subnet.private["x:y"]"#).action == nil)
    #expect(throws: AllowanceError.self) { try Allowance.commandLine(":delete") }
    do {
      _ = try Allowance.commandLine("aws_db_instance.orders:destroy")
      Issue.record("accepted an unknown action")
    } catch {
      #expect(
        error.diagnostic.description
          == "--allow aws_db_instance.orders:destroy: error: 'destroy' is not an action; use create, update, replace, delete or forget [allow-invalid]")
    }
  }

  @Test func datesAreExactlyYearMonthDay() {
    #expect(CalendarDate("2024-02-29")?.description == "2024-02-29")
    for text in ["2023-02-29", "2025-13-01", "2025-1-01", "25-01-01", "2025-01-01T00:00", "２０２５-01-01", ""] {
      #expect(CalendarDate(text) == nil, "\(text)")
    }
    #expect(CalendarDate("2025-06-14")! < CalendarDate("2025-06-15")!)
  }

  @Test func anAllowanceCoversOnlyItsAddressAndAction() throws {
    let plan = try RealPlanTests.plan("rename-without-moved")
    let findings = PlanChecks.run(on: plan)
    func review(_ texts: String...) throws -> PlanReview {
      PlanReview(plan: plan, findings: findings, allowances: try texts.map { try Allowance.commandLine($0) }, today: today)
    }
    #expect(try review().isBlocked)
    #expect(try !review("aws_s3_bucket.logs").isBlocked)
    #expect(try !review("aws_s3_bucket.logs:delete").isBlocked)
    let wrongAction = try review("aws_s3_bucket.logs:replace")
    #expect(wrongAction.isBlocked)
    #expect(
      wrongAction.allowanceWarnings.map(\.description) == [
        "--allow aws_s3_bucket.logs:replace: warning: aws_s3_bucket.logs (replace) is allowed, but no finding in this "
          + "plan matches it; remove the allowance, or check the address and action against the plan [allowance-unused]"
      ])
  }

  @Test func anApprovalAppliesThroughItsExpiryDay() throws {
    let plan = try RealPlanTests.plan("rds-deleted")
    let findings = PlanChecks.run(on: plan)
    func review(expiring day: Int) -> PlanReview {
      let approval = Allowance(
        address: "aws_db_instance.orders", action: .delete, reason: "retired", expires: CalendarDate(year: 2025, month: 6, day: day),
        source: .file(SourceLocation(file: "approvals.json", line: 3, column: 5)))
      return PlanReview(plan: plan, findings: findings, allowances: [approval], today: today)
    }
    #expect(!review(expiring: 15).isBlocked)
    #expect(review(expiring: 15).allowed.count == 1)
    let expired = review(expiring: 14)
    #expect(expired.isBlocked)
    #expect(
      expired.allowanceWarnings.map(\.description) == [
        "approvals.json:3:5: warning: the approval of aws_db_instance.orders (delete) expired on 2025-06-14 and no "
          + "longer applies; give it a new expiry date if the change is still intended, or remove it [allowance-expired]"
      ])
  }

  @Test func anAllowedWarningIsNoLongerAWarning() throws {
    let plan = try RealPlanTests.plan("rds-retention-lowered")
    let review = PlanReview(
      plan: plan, findings: PlanChecks.run(on: plan), allowances: [try Allowance.commandLine("aws_db_instance.orders:update")],
      today: today)
    #expect(review.warnings.isEmpty)
    #expect(review.allowed.map(\.finding.rule.id) == ["backup-retention-lowered"])
    #expect(review.allowanceWarnings.isEmpty)
  }
}
