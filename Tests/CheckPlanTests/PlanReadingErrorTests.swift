import Foundation
import Testing

@testable import CheckPlan

/// What is not a plan gets a clear error. Hand-written JSON is fine here: these are not plans.
@Suite struct PlanReadingErrorTests {
  private func error(_ text: String) -> TerraformPlan.ReadError? {
    do {
      _ = try TerraformPlan.read(Array(text.utf8))
      return nil
    } catch {
      return error
    }
  }

  @Test func textThatIsNotJSON() {
    let problem = error("resource_changes:\n  - nope")
    #expect(problem?.id == "plan-not-json")
    #expect(problem?.message == "this is not JSON: unexpected character 'r' where a value should start")
    #expect(problem?.line == 1)
    #expect(problem?.column == 1)
  }

  /// Terraform never writes a key twice; a plan that has one was edited, and which value counts
  /// would be a guess.
  @Test func aKeyGivenTwice() {
    let problem = error("{\n  \"format_version\": \"1.2\",\n  \"resource_changes\": [],\n  \"resource_changes\": []\n}")
    #expect(problem?.id == "plan-not-json")
    #expect(problem?.message == "this is not JSON: the key \"resource_changes\" appears twice in this object")
    #expect(problem?.line == 4)
    #expect(problem?.column == 3)
  }

  @Test func aTruncatedFile() {
    let problem = error("{\n  \"format_version\": \"1.2\",\n  \"resource_changes\": [\n    {\"address\": \"aws_vpc.a\", ")
    #expect(problem?.id == "plan-truncated")
    #expect(problem?.line == 4)
  }

  @Test func aStateFileOrTheJSONOfAState() {
    #expect(error(#"{"version": 4, "terraform_version": "1.11.4", "serial": 3, "lineage": "x", "resources": []}"#)?.id == "plan-is-state")
    #expect(error(#"{"format_version": "1.0", "terraform_version": "1.11.4", "values": {"root_module": {}}}"#)?.id == "plan-is-state")
  }

  @Test func anUnknownMajorFormatVersion() {
    let problem = error(#"{"format_version": "2.0", "planned_values": {}, "resource_changes": []}"#)
    #expect(problem?.id == "plan-format-unsupported")
    #expect(problem?.message == "plan format_version 2.0 is not one infra reads (0.x and 1.x)")
  }

  @Test func jsonThatIsNotAPlan() {
    #expect(error("[1, 2]")?.message == "this is not a Terraform plan: the JSON is not an object")
    #expect(error(#"{"name": "package.json"}"#)?.message == "this is not a Terraform plan: it has no format_version")
    #expect(
      error(#"{"format_version": "1.2", "planned_values": {}, "resource_changes": [{"address": "aws_vpc.a", "change": {"actions": ["explode"]}}]}"#)?
        .message == #"this is not a Terraform plan: resource_changes[0] (aws_vpc.a) has unknown actions ["explode"]"#)
  }

  @Test func formatZeroAndOneAreRead() throws {
    for version in ["0.1", "0.2", "1.0", "1.2", "1.9"] {
      let plan = try TerraformPlan.read(Array(#"{"format_version": "\#(version)", "planned_values": {}}"#.utf8))
      #expect(plan.formatVersion == version)
      #expect(plan.changes.isEmpty)
    }
  }
}

extension PlanReadingErrorTests {
  @Test func theJSONOfARealStateIsRecognised() throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/not-a-plan/state.json").path
    let data = try #require(FileManager.default.contents(atPath: path))
    #expect(throws: TerraformPlan.ReadError.self) { try TerraformPlan.read(Array(data)) }
    #expect(error(String(decoding: data, as: UTF8.self))?.id == "plan-is-state")
  }
}
