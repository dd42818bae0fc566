import Foundation
import Testing

@testable import CheckPlan

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

  /// Each finding as `rule-id address`, `(plan)` for findings about the whole plan, and
  /// `, allowed: why` when the check itself lets the change through.
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
      findings: ["protection-switched-off aws_db_instance.orders"]),
    Case(
      fixture: "rds-retention-lowered",
      changes: ["aws_db_instance.orders": (.update, "updated in place: `backup_retention_period` changes")],
      findings: ["backup-retention-lowered aws_db_instance.orders"]),
    Case(
      fixture: "s3-force-destroy-on",
      changes: ["aws_s3_bucket.invoices": (.update, "updated in place: `force_destroy` changes")],
      findings: ["protection-switched-off aws_s3_bucket.invoices"]),
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
      findings: [
        "security-group-open-to-world aws_security_group.legacy",
        "security-group-open-to-world aws_vpc_security_group_ingress_rule.ssh",
        "security-group-open-to-world aws_vpc_security_group_ingress_rule.ssh_ipv6",
      ]),
    Case(
      fixture: "sg-rule-open-to-world",
      changes: [
        "aws_security_group_rule.postgres": (.create, "created"),
        "aws_security_group_rule.egress_all": (.create, "created"),
      ],
      findings: ["security-group-open-to-world aws_security_group_rule.postgres"]),
    Case(
      fixture: "sg-web-open-to-world",
      changes: [
        "aws_security_group.legacy": (.update, "updated in place: `ingress` changes"),
        "aws_vpc_security_group_ingress_rule.https": (.create, "created"),
      ],
      findings: []),
    Case(
      fixture: "many-replacements",
      changes: ["aws_subnet.private[11]": (.replaceDestroyFirst, "replaced because `availability_zone` changed")],
      findings: ["large-blast-radius (plan)"]),
    Case(
      fixture: "nodegroup-retired",
      changes: ["aws_eks_node_group.workers": (.delete, "deleted because it is no longer in the configuration")],
      findings: ["node-pool-retired-without-replacement aws_eks_node_group.workers"]),
    Case(
      fixture: "nodegroup-swapped-in-one-apply",
      changes: [
        "aws_eks_node_group.workers": (.delete, "deleted because it is no longer in the configuration"),
        "aws_eks_node_group.workers_m5": (.create, "created"),
      ],
      findings: ["node-pool-retired-without-replacement aws_eks_node_group.workers"]),
    Case(
      fixture: "nodegroup-gpu-retired",
      changes: ["aws_eks_node_group.gpu": (.delete, "deleted because it is no longer in the configuration")],
      findings: ["node-pool-retired-without-replacement aws_eks_node_group.gpu"]),
    Case(
      fixture: "nodegroup-rotation-retire-old",
      changes: [
        "aws_eks_node_group.workers": (.delete, "deleted because it is no longer in the configuration"),
        "aws_eks_node_group.workers_m5": (.noOp, "unchanged"),
      ],
      findings: [
        "node-pool-retired-without-replacement aws_eks_node_group.workers, allowed: `aws_eks_node_group.workers_m5` already runs to take its pods"
      ]),
    Case(
      fixture: "nodegroup-generation-retiring",
      changes: [
        "aws_eks_node_group.workers": (.update, "updated in place: `scaling_config` and `taint` change"),
        "aws_eks_node_group.workers_green": (.create, "created"),
      ],
      findings: []),
    Case(
      fixture: "nodegroup-generation-retired",
      changes: [
        "aws_eks_node_group.gpu": (.delete, "deleted because it is no longer in the configuration"),
        "aws_eks_node_group.gpu_blue": (.noOp, "unchanged"),
      ],
      findings: [
        "node-pool-retired-without-replacement aws_eks_node_group.gpu, allowed: `aws_eks_node_group.gpu_blue` already runs to take its pods"
      ]),
    Case(
      fixture: "nodegroup-generation-retired-alone",
      changes: ["aws_eks_node_group.gpu": (.delete, "deleted because it is no longer in the configuration")],
      findings: ["node-pool-retired-without-replacement aws_eks_node_group.gpu"]),
    Case(
      fixture: "eks-version-downgrade",
      changes: ["aws_eks_cluster.main": (.update, "updated in place: `version` changes")],
      findings: ["eks-version-not-one-step-up aws_eks_cluster.main"]),
    Case(
      fixture: "eks-version-skip",
      changes: ["aws_eks_cluster.main": (.update, "updated in place: `version` changes")],
      findings: ["eks-version-not-one-step-up aws_eks_cluster.main"]),
    Case(
      fixture: "eks-version-upgrade",
      changes: ["aws_eks_cluster.main": (.update, "updated in place: `version` changes")],
      findings: []),
    Case(
      fixture: "eks-upgrade-pinned-nodes-out-of-skew",
      changes: [
        "aws_eks_cluster.main": (.update, "updated in place: `version` changes"),
        "aws_eks_node_group.workers": (.update, "updated in place: `version` changes"),
        "aws_eks_node_group.legacy": (.noOp, "unchanged"),
      ],
      findings: [
        "eks-upgrade-outside-version-skew aws_eks_cluster.main", "eks-upgrade-outside-version-skew aws_eks_cluster.main",
      ]),
    Case(
      fixture: "eks-upgrade-nodes-follow",
      changes: [
        "aws_eks_cluster.main": (.update, "updated in place: `version` changes"),
        "aws_eks_node_group.workers": (.update, "updated in place: `version` changes"),
        "aws_eks_node_group.legacy": (.noOp, "unchanged"),
      ],
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
    let findings = PlanChecks.run(on: plan).map { finding in
      "\(finding.rule.id) \(finding.address ?? "(plan)")" + (finding.allowedBecause.map { ", allowed: \($0)" } ?? "")
    }
    #expect(findings == expected.findings)
  }
}

/// The exact words of each finding: what a reviewer reads.
extension RealPlanTests {
  static func messages(_ fixture: String, settings: PlanCheckSettings = PlanCheckSettings()) throws -> [String] {
    PlanChecks.run(on: try plan(fixture), settings: settings).map(\.message)
  }

  @Test func protectionSwitchedOffNamesEachSafeguard() throws {
    #expect(
      try Self.messages("rds-protection-off") == [
        "aws_db_instance.orders switches off its protection against data loss: `deletion_protection` true to false, "
          + "`skip_final_snapshot` false to true and `backup_retention_period` 14 to 0"
      ])
    #expect(
      try Self.messages("s3-force-destroy-on") == [
        "aws_s3_bucket.invoices switches off its protection against data loss: `force_destroy` false to true"
      ])
    #expect(
      try Self.messages("rds-retention-lowered") == [
        "aws_db_instance.orders keeps backups for fewer days: `backup_retention_period` 14 to 7 days"
      ])
  }

  @Test func securityGroupFindingsNameTheTrafficAndTheSource() throws {
    #expect(
      try Self.messages("sg-open-to-world") == [
        "aws_security_group.legacy opens tcp port 22 from 0.0.0.0/0 to the whole internet",
        "aws_vpc_security_group_ingress_rule.ssh opens tcp port 22 from 0.0.0.0/0 to the whole internet",
        "aws_vpc_security_group_ingress_rule.ssh_ipv6 opens tcp port 22 from ::/0 to the whole internet",
      ])
    #expect(
      try Self.messages("sg-rule-open-to-world") == [
        "aws_security_group_rule.postgres opens tcp port 5432 from 0.0.0.0/0 to the whole internet"
      ])
  }

  @Test func theBlastRadiusCountsByTypeAndFollowsItsThreshold() throws {
    #expect(
      try Self.messages("many-replacements") == [
        "the plan deletes or replaces 12 resources at once (12 aws_subnet); the threshold is 10"
      ])
    #expect(try Self.messages("many-replacements", settings: PlanCheckSettings(blastRadius: 12)).count == 1)
    #expect(try Self.messages("many-replacements", settings: PlanCheckSettings(blastRadius: 13)) == [])
    #expect(try Self.messages("rename-without-moved", settings: PlanCheckSettings(blastRadius: 2)).count == 2)
  }

  @Test func nodePoolFindingsSayWhatIsMissing() throws {
    #expect(
      try Self.messages("nodegroup-retired") == [
        "aws_eks_node_group.workers is deleted (deleted because it is no longer in the configuration) and no other "
          + "node group of `demo` with the same labels and taints stays to run its pods"
      ])
    #expect(
      try Self.messages("nodegroup-swapped-in-one-apply") == [
        "aws_eks_node_group.workers is deleted in the same apply that creates aws_eks_node_group.workers_m5; "
          + "Terraform does both at once, so the old nodes drain before the new ones are ready"
      ])
    #expect(
      try Self.messages("nodegroup-generation-retired-alone") == [
        "aws_eks_node_group.gpu was marked retiring, but no other node group of `demo` with the same labels and "
          + "taints (but for `infra.dev/retiring`) runs to take its pods"
      ])
  }

  @Test func eksVersionFindingsSayWhyTheApplyWouldFail() throws {
    #expect(
      try Self.messages("eks-version-downgrade") == [
        "aws_eks_cluster.main goes from Kubernetes 1.31 down to 1.30; EKS cannot downgrade a cluster"
      ])
    #expect(
      try Self.messages("eks-version-skip") == [
        "aws_eks_cluster.main goes from Kubernetes 1.31 to 1.33, skipping a minor version; EKS upgrades one at a time"
      ])
  }

  /// A control-plane upgrade past the skew names the cluster, the group or addon left behind, and
  /// both versions.
  @Test func eksUpgradeSkewFindingsNameBothSidesAndTheirVersions() throws {
    #expect(
      try Self.messages("eks-upgrade-pinned-nodes-out-of-skew") == [
        "aws_eks_cluster.main goes from Kubernetes 1.32 to 1.33 while aws_eks_addon.kube_proxy stays on v1.29.15-eksbuild.2 "
          + "(Kubernetes 1.29), 4 minor versions behind; kube-proxy may be at most 3 behind the control plane",
        "aws_eks_cluster.main goes from Kubernetes 1.32 to 1.33 while aws_eks_node_group.legacy stays on 1.29, 4 minor versions "
          + "behind; a kubelet may be at most 3 behind the control plane",
      ])
  }
}
