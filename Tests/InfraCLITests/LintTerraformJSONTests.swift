import Foundation
import InfraCLI
import InfraLint
import InfraTestSupport
import StackFiles
import Testing

/// `infra lint --terraform` over Terraform JSON infra did not write: a CDK for Terraform stack's
/// `cdk.tf.json` (its shape: `"//"` metadata with each construct's path, attributes as blocks
/// written out with nulls). The fixture passed `terraform validate` and a mock-credential plan
/// (Terraform 1.11, AWS provider 5.100.0) before its report was recorded.
@Suite struct LintTerraformJSONTests {
  static let folder = "Tests/InfraCLITests/Fixtures/terraform-json/cdktf-app"

  @Test func aCDKForTerraformStackIsLintedAtItsJSONLines() throws {
    let result = try runInfra(["lint", "--terraform", Self.folder], in: repositoryRoot)
    #expect(result.standardError == "")
    #expect(result.status == 1)
    assertSnapshot(Array(result.standardOutput.utf8), named: "lint-terraform-cdktf.txt")
  }

  @Test func theJSONReportNamesEachFindingsFileLineAndConstructPath() throws {
    let result = try runInfra(["lint", "--terraform", Self.folder + "/", "--format", "json"], in: repositoryRoot)
    #expect(result.status == 1)
    let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let findings = try #require(report["findings"] as? [[String: Any]])
    let password = try #require(findings.first { $0["rule"] as? String == "rds-no-plaintext-password" })
    #expect(password["stack"] as? String == Self.folder)
    #expect(password["address"] as? String == "aws_db_instance.orders")
    #expect(password["path"] as? String == "orders-app/orders")
    let location = try #require(password["location"] as? [String: Any])
    #expect(location["file"] as? String == Self.folder + "/cdk.tf.json")
    #expect(location["line"] as? Int == 37 && location["column"] as? Int == 17)
  }

  @Test func whatIsNotTerraformJSONStopsTheRunWithALocatedError() throws {
    let directory = try makeTemporaryDirectory()
    try writeText("{\"resource\": {\"aws_vpc\": {\"core\": {\"cidr_block\": \"10.0.0.0/16\"}}}}\n", to: directory + "/a.tf.json")
    try writeText("{\n  \"resource\": {\"aws_vpc\": {\"core\": {}}}\n}\n", to: directory + "/b.tf.json")
    try writeText("{\n  \"resource\": [\n", to: directory + "/c.tf.json")
    try FileManager.default.createDirectory(atPath: directory + "/hcl", withIntermediateDirectories: true)
    try writeText("resource \"aws_vpc\" \"core\" {}\n", to: directory + "/hcl/main.tf")
    let result = try runInfra(["lint", "--terraform", ".", "--terraform", "hcl", "--terraform", "missing"], in: directory)
    #expect(result.status == 2)
    #expect(result.standardOutput == "")
    #expect(
      result.standardError.split(separator: "\n") == [
        "b.tf.json:2:36: error: 'aws_vpc.core' is declared again here; it is first declared at a.tf.json:1:35; remove one of the two declarations [terraform-json-unreadable]",
        "c.tf.json:3:1: error: not JSON: the text ends inside a value; correct the file; Terraform's JSON syntax is in its documentation [terraform-json-unreadable]",
        "infra: error: 'hcl' holds no *.tf.json files; give the folder Terraform runs in; infra lint reads Terraform JSON, not HCL (*.tf) [terraform-json-missing]",
        "infra: error: 'missing' does not exist; give a folder of *.tf.json files or one such file [terraform-json-missing]",
      ])
  }

  @Test func stacksAndTerraformFoldersAreNotLintedTogether() throws {
    let result = try runInfra(["lint", "--stack", "dev", "--terraform", Self.folder], in: repositoryRoot)
    #expect(result.status == 2)
    #expect(result.standardError == "give stacks or --terraform folders, not both: --terraform lints Terraform JSON instead of stacks\n")
  }
}

/// Linting what infra wrote for a shipped stack or example, read back from its JSON, finds what
/// linting the stack finds: the same rules, blocks and messages. Suppressions live on
/// constructs and do not reach the JSON, so a suppressed finding is reported there.
@Suite struct LintTerraformJSONParityTests {
  static let stackFiles: [String] =
    shippedStackNames.map { "\(repositoryRoot)/stacks/\($0).yaml" }
    + ((try? FileManager.default.contentsOfDirectory(atPath: "\(repositoryRoot)/examples/stack-files")) ?? []).sorted()
    .map { "\(repositoryRoot)/examples/stack-files/\($0)" }

  @Test(arguments: stackFiles)
  func theJSONLintsAsTheStackDoes(file: String) throws {
    let stack = try #require(try StackFiles.stacks(files: [file]).first)
    let synthesized = try stack.synthesize()
    let linter = Linter()
    let module = try TerraformJSONModule(name: stack.name, files: [("\(stack.name)/main.tf.json", synthesized.json())])
    func key(_ finding: LintFinding) -> String { "\(finding.rule.id) \(finding.address): \(finding.message)" }
    let fromStack = linter.lint(synthesized).findings.filter { !$0.rule.id.hasPrefix("kubernetes-") }
    let fromJSON = linter.lint(module).findings
    #expect(fromJSON.map(key).sorted() == fromStack.map(key).sorted())
    #expect(fromJSON.allSatisfy { !$0.isSuppressed })
  }
}
