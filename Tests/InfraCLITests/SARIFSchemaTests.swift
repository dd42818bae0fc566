import Foundation
import InfraLint
import InfraTestSupport
import Testing

/// The SARIF that `infra lint` and `infra check-plan` write is valid against the official SARIF
/// 2.1.0 schema (vendored in Schemas/), checked with Python's jsonschema.
@Suite struct SARIFSchemaTests {
  static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Schemas/sarif-schema-2.1.0.json").path

  static let validator = """
    import json, sys
    from jsonschema import Draft4Validator
    schema = json.load(open(sys.argv[1]))
    failed = False
    for path in sys.argv[2:]:
        for error in Draft4Validator(schema).iter_errors(json.load(open(path))):
            failed = True
            print(f"{path}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
    sys.exit(1 if failed else 0)
    """

  static let jsonschemaMissing: String? = {
    guard let python = executableOnPath("python3") else { return "python3 is not installed" }
    let probe = try? runProcess(python, ["-c", "import jsonschema"])
    return probe?.status == 0 ? nil : "Python's jsonschema is missing (pip install jsonschema)"
  }()

  @Test(
    .enabled(
      if: jsonschemaMissing == nil,
      "SKIPPED validating SARIF against the SARIF 2.1.0 schema: \(jsonschemaMissing ?? "")"))
  func everySARIFReportIsValid() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var files: [String] = []
    for id in LintRules.rules.map(\.id) {
      let result = try runProcess(builtExecutable("lint-fixtures"), ["lint", "--stack", id, "--format", "sarif"], in: repositoryRoot)
      files.append("\(directory)/\(id).sarif")
      try writeText(result.standardOutput, to: files[files.count - 1])
    }
    let shipped = try runInfra(["lint", "--format", "sarif"], in: repositoryRoot)
    files.append("\(directory)/shipped.sarif")
    try writeText(shipped.standardOutput, to: files[files.count - 1])
    let terraformJSON = try runInfra(["lint", "--terraform", LintTerraformJSONTests.folder, "--format", "sarif"], in: repositoryRoot)
    files.append("\(directory)/terraform-json.sarif")
    try writeText(terraformJSON.standardOutput, to: files[files.count - 1])
    files.append(repositoryRoot + "/Tests/InfraCLITests/Snapshots/check-plan-allowed.sarif")
    let result = try runProcess(try #require(executableOnPath("python3")), ["-c", Self.validator, Self.schema] + files)
    #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
  }

  @Test(
    .enabled(
      if: jsonschemaMissing == nil,
      "SKIPPED validating SARIF against the SARIF 2.1.0 schema: \(jsonschemaMissing ?? "")"))
  func theValidatorRejectsWhatIsNotSARIF() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try writeText(#"{"version": "2.1.0", "runs": [{"results": []}]}"#, to: directory + "/broken.sarif")
    let result = try runProcess(try #require(executableOnPath("python3")), ["-c", Self.validator, Self.schema, directory + "/broken.sarif"])
    #expect(result.status == 1)
    #expect(result.standardOutput.contains("'tool' is a required property"))
  }
}
