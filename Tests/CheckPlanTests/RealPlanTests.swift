import Foundation
import Testing

@testable import InfraLint

/// Plans made by Terraform and the AWS provider (`script/make-plan-fixtures`): each check must
/// fire on its fixture and stay quiet on the safe counterpart.
@Suite struct RealPlanTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let fixture: String
    /// Address to the kind and reason expected for it.
    let changes: [String: (ResourceChange.Kind, String)]
    let findings: [String]

    var testDescription: String { fixture }
  }

  /// Findings are those of the checks written so far; fixtures for checks still to come
  /// (protection switched off, security groups opened, blast radius) assert the classification.
  static let cases: [Case] = [
    Case(
      fixture: "nodegroup-replace-destroy-first",
      changes: ["aws_eks_node_group.workers": (.replaceDestroyFirst, "replaced because `instance_types` changed")],
      findings: ["capacity-replaced-destroy-first aws_eks_node_group.workers"]),
    Case(
      fixture: "nodegroup-replace-create-first",
      changes: ["aws_eks_node_group.workers": (.replaceCreateFirst, "replaced because `instance_types` changed")],
      findings: []),
    Case(
      fixture: "nodegroup-scale-in-place",
      changes: ["aws_eks_node_group.workers": (.update, "updated in place: `scaling_config` changes")],
      findings: []),
    Case(
      fixture: "rds-replace",
      changes: ["aws_db_instance.orders": (.replaceDestroyFirst, "replaced because `storage_encrypted` changed")],
      findings: ["stateful-resource-destroyed aws_db_instance.orders"]),
    Case(
      fixture: "rds-update-in-place",
      changes: ["aws_db_instance.orders": (.update, "updated in place: `allocated_storage` and `instance_class` change")],
      findings: []),
    Case(
      fixture: "rds-deleted",
      changes: ["aws_db_instance.orders": (.delete, "deleted because it is no longer in the configuration")],
      findings: ["stateful-resource-destroyed aws_db_instance.orders"]),
    Case(
      fixture: "rds-protection-off",
      changes: [
        "aws_db_instance.orders": (
          .update, "updated in place: `backup_retention_period`, `deletion_protection` and `skip_final_snapshot` change"
        )
      ],
      findings: []),
    Case(
      fixture: "rename-with-moved",
      changes: ["aws_s3_bucket.audit_logs": (.noOp, "unchanged, moved from aws_s3_bucket.logs")],
      findings: []),
    Case(
      fixture: "rename-without-moved",
      changes: [
        "aws_s3_bucket.logs": (.delete, "deleted because it is no longer in the configuration"),
        "aws_s3_bucket.audit_logs": (.create, "created"),
      ],
      findings: ["stateful-resource-destroyed aws_s3_bucket.logs"]),
    Case(
      fixture: "sg-open-to-world",
      changes: ["aws_vpc_security_group_ingress_rule.ssh": (.update, "updated in place: `cidr_ipv4` changes")],
      findings: []),
    Case(
      fixture: "many-replacements",
      changes: ["aws_subnet.private[11]": (.replaceDestroyFirst, "replaced because `availability_zone` changed")],
      findings: []),
    Case(
      fixture: "modules-and-forget",
      changes: [
        "aws_s3_bucket.archive": (.forget, "removed from the state; the object itself is kept"),
        "module.jobs.aws_sqs_queue.this": (.update, "updated in place: `visibility_timeout_seconds` changes"),
      ],
      findings: []),
    Case(fixture: "noop", changes: [:], findings: []),
  ]

  static func plan(_ name: String) throws -> TerraformPlan {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/plans/\(name).plan.json").path
    let data = try #require(FileManager.default.contents(atPath: path), "missing fixture \(name)")
    return try TerraformPlan.read(Array(data))
  }

  @Test(arguments: cases)
  func classifiesAndChecks(_ expected: Case) throws {
    let plan = try Self.plan(expected.fixture)
    for (address, (kind, reason)) in expected.changes {
      let change = try #require(plan.changes.first { $0.address == address }, "\(address) not in the plan")
      #expect(change.kind == kind, "\(address)")
      #expect(change.reason == reason, "\(address)")
    }
    if expected.changes.isEmpty {
      #expect(!plan.changes.isEmpty && plan.changes.allSatisfy { $0.kind == .noOp }, "every change a no-op")
    }
    let findings = PlanChecks.run(on: plan).map { "\($0.rule.id) \($0.address)" }
    #expect(findings == expected.findings)
  }
}
