import Foundation
import InfraTestSupport
import Testing

/// `infra check-plan` through the built binary, on real plans: every format, exit codes,
/// allowances and bad input.
@Suite struct CheckPlanEndToEndTests {
  /// A scratch folder holding `plan.json` (a copy of a fixture) and whatever a test adds, so
  /// paths in the output are short and the same on every machine.
  let directory: String

  init() throws {
    directory = try makeTemporaryDirectory()
  }

  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../CheckPlanTests/Fixtures")

  private func checkPlan(_ fixture: String, _ arguments: [String] = []) throws -> ProcessResult {
    let source = Self.fixtures.appendingPathComponent(fixture.contains("/") ? fixture : "plans/\(fixture).plan.json")
    try? FileManager.default.removeItem(atPath: directory + "/plan.json")
    try FileManager.default.copyItem(atPath: source.path, toPath: directory + "/plan.json")
    return try runInfra(["check-plan", "plan.json"] + arguments, in: directory)
  }

  private func write(approvals: String) throws {
    try writeText(approvals, to: directory + "/approvals.json")
  }

  /// Approvals that cover one security group, expired for the database and never for a bucket.
  private func writeMixedApprovals() throws {
    try write(
      approvals: """
        {
          "approvals": [
            {
              "address": "aws_security_group.legacy",
              "action": "update",
              "reason": "legacy SSH for the migration <until cut-over> | PLAT-77",
              "expires": "2999-12-31"
            },
            {"address": "aws_db_instance.orders", "action": "delete", "reason": "retired", "expires": "2001-01-31"}
          ]
        }

        """)
  }

  /// Runs check-plan on `fixture` and expects exit `status`, nothing on stderr and exactly `report`.
  private func expectReport(
    _ fixture: String, status: Int32, _ report: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let result = try checkPlan(fixture)
    #expect(result.status == status, sourceLocation: sourceLocation)
    #expect(result.standardError == "", sourceLocation: sourceLocation)
    #expect(result.standardOutput == report, sourceLocation: sourceLocation)
  }

  @Test func theTextReportOfABlockedPlan() throws {
    try expectReport(
      "rds-protection-off", status: 1,
      """
        Plan: 0 to create, 1 to update, 0 to replace, 0 to delete.
        error: aws_db_instance.orders switches off its protection against data loss: `deletion_protection` true to false, `skip_final_snapshot` false to true and `backup_retention_period` 14 to 0; keep the safeguard on; when the resource is really being retired, switch it off in a change of its own and approve that change explicitly, naming why, then delete the resource in a later one [protection-switched-off]

          update  aws_db_instance.orders  updated in place: `backup_retention_period`, `deletion_protection` and `skip_final_snapshot` change

        check-plan: blocked by 1 error

        """)
  }

  @Test func theTextReportShowsAllowedFindingsAndStaleAllowances() throws {
    try writeMixedApprovals()
    let result = try checkPlan("sg-open-to-world", ["--approvals", "approvals.json", "--allow", "aws_s3_bucket.gone"])
    #expect(result.status == 0)
    #expect(result.standardError == "")
    #expect(
      result.standardOutput == """
        Plan: 1 to create, 2 to update, 0 to replace, 0 to delete.
        warning: aws_vpc_security_group_ingress_rule.ssh opens tcp port 22 from 0.0.0.0/0 to the whole internet; allow the narrowest source that works: your office or VPN CIDR, a prefix list, or the load balancer's security group; if the port really is public, approve the change with the reason [security-group-open-to-world]
        warning: aws_vpc_security_group_ingress_rule.ssh_ipv6 opens tcp port 22 from ::/0 to the whole internet; allow the narrowest source that works: your office or VPN CIDR, a prefix list, or the load balancer's security group; if the port really is public, approve the change with the reason [security-group-open-to-world]
        allowed: aws_security_group.legacy opens tcp port 22 from 0.0.0.0/0 to the whole internet [security-group-open-to-world]; approved: legacy SSH for the migration <until cut-over> | PLAT-77 (approvals.json:3:5)
        --allow aws_s3_bucket.gone: warning: aws_s3_bucket.gone is allowed, but no finding in this plan matches it; remove the allowance, or check the address and action against the plan [allowance-unused]
        approvals.json:9:5: warning: the approval of aws_db_instance.orders (delete) expired on 2001-01-31 and no longer applies; give it a new expiry date if the change is still intended, or remove it [allowance-expired]

          update  aws_security_group.legacy                     updated in place: `ingress` changes
          update  aws_vpc_security_group_ingress_rule.ssh       updated in place: `cidr_ipv4` changes
          create  aws_vpc_security_group_ingress_rule.ssh_ipv6  created

        check-plan: ok with 4 warnings; 1 allowed

        """)
  }

  /// A node pool retired after its successor runs: the check lets it through, and says why.
  @Test func aRetirementTheCheckAllowsSaysWhy() throws {
    try expectReport(
      "nodegroup-rotation-retire-old", status: 0,
      """
        Plan: 0 to create, 0 to update, 0 to replace, 1 to delete.
        allowed: aws_eks_node_group.workers is retired (deleted because it is no longer in the configuration) [node-pool-retired-without-replacement]; `aws_eks_node_group.workers_m5` already runs to take its pods

          delete  aws_eks_node_group.workers  deleted because it is no longer in the configuration

        check-plan: ok; 1 allowed

        """)
  }

  @Test(arguments: ["json", "sarif", "markdown"])
  func machineFormatsOfAnAllowedPlan(_ format: String) throws {
    try writeMixedApprovals()
    let result = try checkPlan(
      "sg-open-to-world", ["--format", format, "--approvals", "approvals.json", "--allow", "aws_s3_bucket.gone"])
    #expect(result.status == 0)
    #expect(result.standardError == "")
    assertSnapshot(Array(result.standardOutput.utf8), named: "check-plan-allowed.\(format == "markdown" ? "md" : format)")
  }

  @Test func theMarkdownOfABlockedPlanPutsBlockingFindingsFirst() throws {
    let result = try checkPlan("rename-without-moved", ["--format", "markdown", "--blast-radius", "2"])
    #expect(result.status == 1)
    assertSnapshot(Array(result.standardOutput.utf8), named: "check-plan-blocked.md")
  }

  @Test(arguments: ["text", "json", "sarif", "markdown"])
  func exitCodesAreTheSameInEveryFormat(_ format: String) throws {
    #expect(try checkPlan("rds-deleted", ["--format", format]).status == 1, "blocked")
    #expect(try checkPlan("rds-retention-lowered", ["--format", format]).status == 0, "a warning only")
    #expect(try checkPlan("noop", ["--format", format]).status == 0, "nothing to do")
    #expect(try checkPlan("rds-deleted", ["--format", format, "--allow", "aws_db_instance.orders:delete"]).status == 0)
    let notAPlan = try checkPlan("not-a-plan/state.json", ["--format", format])
    #expect(notAPlan.status == 2)
    #expect(notAPlan.standardOutput == "")
    #expect(
      notAPlan.standardError
        == "plan.json: error: this is the JSON of a Terraform state, not of a plan; give terraform show -json PLANFILE, for a plan saved with terraform plan -out=PLANFILE [plan-is-state]\n")
  }

  @Test func anApprovalWithoutAReasonIsBadInput() throws {
    try write(approvals: "{\n  \"approvals\": [\n    {\"address\": \"aws_db_instance.orders\", \"action\": \"delete\"}\n  ]\n}\n")
    let result = try checkPlan("rds-deleted", ["--approvals", "approvals.json"])
    #expect(result.status == 2)
    #expect(result.standardOutput == "")
    #expect(
      result.standardError
        == "approvals.json:3:5: error: the approval of aws_db_instance.orders gives no reason; add \"reason\": why this change is intended, so reviewers can judge it [approval-without-reason]\n")
  }

  @Test func badAllowancesAndSettingsAreBadInput() throws {
    let action = try checkPlan("rds-deleted", ["--allow", "aws_db_instance.orders:destroy"])
    #expect(action.status == 2)
    #expect(
      action.standardError
        == "--allow aws_db_instance.orders:destroy: error: 'destroy' is not an action; use create, update, replace, delete or forget [allow-invalid]\n")
    let missing = try checkPlan("rds-deleted", ["--approvals", "nowhere.json"])
    #expect(missing.status == 2)
    #expect(missing.standardError == "nowhere.json: error: cannot read the file; check the path [approvals-unreadable]\n")
    let radius = try checkPlan("many-replacements", ["--blast-radius", "0"])
    #expect(radius.status == 2)
    #expect(radius.standardError.hasPrefix("Error: --blast-radius must be 1 or more\n"))
    let format = try checkPlan("noop", ["--format", "yaml"])
    #expect(format.status == 2)
    #expect(format.standardError.contains("'yaml'"))
  }

  @Test func theBlastRadiusThresholdIsAFlag() throws {
    let atDefault = try checkPlan("many-replacements")
    #expect(atDefault.status == 0)
    #expect(
      atDefault.standardOutput.contains(
        "warning: the plan deletes or replaces 12 resources at once (12 aws_subnet); the threshold is 10; split the change into "
          + "smaller applies (-target, or one module at a time), or check that every replacement is intended; raise "
          + "--blast-radius for a planned migration [large-blast-radius]\n"))
    let raised = try checkPlan("many-replacements", ["--blast-radius", "13"])
    #expect(!raised.standardOutput.contains("large-blast-radius"))
    #expect(raised.standardOutput.hasSuffix("check-plan: ok\n"))
  }

  @Test func thePlanCanComeFromStandardInput() throws {
    let plan = Self.fixtures.appendingPathComponent("plans/nodegroup-retired.plan.json").path
    let result = try runProcess("/bin/sh", ["-c", "\"$0\" check-plan --format json < \"$1\"", infraExecutable, plan], in: directory)
    #expect(result.status == 1)
    #expect(result.standardOutput.contains(#""rule": "node-pool-retired-without-replacement""#))
  }
}
