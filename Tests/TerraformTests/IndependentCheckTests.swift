import Foundation
import InfraTestSupport
import Testing

@testable import Terraform

/// Checks the writer against implementations infra does not share code with: Python's json
/// module for the canonical form, and Terraform itself for what the escaped strings mean.
@Suite struct IndependentCheckTests {
  /// Strings that have tripped template escaping, JSON escaping or both.
  static let awkward = [
    "${var.x}", "$${var.x}", "$$${x}", "%{ if true }", "%%{x}", "${", "%{", "$", "%", "a$", "100%", "$$",
    "\\", "\"quoted\"", "line\nbreak", "tab\tend", "nul\u{00}byte", "Zürich ✓ 🚀", "\u{2028}", "~}", "${~ x ~}",
  ]

  static var configuration: TerraformConfiguration {
    var outputs: [OutputBlock] = []
    for (index, text) in awkward.enumerated() {
      outputs.append(OutputBlock("literal_\(index)", value: .string(text), description: text))
      outputs.append(OutputBlock("key_\(index)", value: .object([text: .int(index)])))
      outputs.append(OutputBlock("called_\(index)", value: .call("format", ["%s", .string(text)])))
      outputs.append(OutputBlock("template_\(index)", value: .template([.string(text), .local("word"), .string(text)])))
    }
    outputs.append(OutputBlock("numbers", value: [0, -1, 3.0, 0.1, 1e-5, 1e20, .int(Int.max)]))
    return TerraformConfiguration(
      variables: [VariableBlock("given", type: "string", defaultValue: "${var.x}", description: "$${not a template}")],
      locals: ["word": "w"],
      outputs: outputs + [OutputBlock("given", value: .variable("given"))])
  }

  @Test(.enabled(if: executableOnPath("python3") != nil, "python3 is not installed: SKIPPED the canonical-form check"))
  func outputIsPythonsCanonicalForm() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let file = directory + "/main.tf.json"
    let bytes = Self.configuration.json()
    try Data(bytes).write(to: URL(fileURLWithPath: file))
    let script = """
      import json, sys
      with open(sys.argv[1], encoding="utf-8") as f:
          sys.stdout.write(json.dumps(json.load(f), indent=2, sort_keys=True, ensure_ascii=False) + "\\n")
      """
    let result = try runProcess("/usr/bin/env", ["python3", "-c", script, file])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput == String(decoding: bytes, as: UTF8.self))
  }

  @Test(.enabled(if: terraformExecutable != nil, "Terraform is not installed: SKIPPED proving escapes with Terraform"))
  func terraformReadsBackExactlyWhatWasMeant() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try Data(Self.configuration.json()).write(to: URL(fileURLWithPath: directory + "/main.tf.json"))
    let terraform = terraformExecutable!
    for arguments in [["init", "-input=false", "-no-color"], ["plan", "-input=false", "-no-color", "-out=plan.bin"]] {
      let result = try runProcess(terraform, arguments, in: directory)
      try #require(result.status == 0, "terraform \(arguments[0]): \(result.standardOutput)\(result.standardError)")
    }
    let shown = try runProcess(terraform, ["show", "-json", "plan.bin"], in: directory)
    let plan = try #require(JSONSerialization.jsonObject(with: Data(shown.standardOutput.utf8)) as? [String: Any])
    let outputs = try #require((plan["planned_values"] as? [String: Any])?["outputs"] as? [String: [String: Any]])
    let configured = try #require(
      ((plan["configuration"] as? [String: Any])?["root_module"] as? [String: Any]))
    let outputConfiguration = try #require(configured["outputs"] as? [String: [String: Any]])

    for (index, text) in Self.awkward.enumerated() {
      #expect(outputs["literal_\(index)"]?["value"] as? String == text, "literal \(index): \(text.debugDescription)")
      #expect(outputConfiguration["literal_\(index)"]?["description"] as? String == text, "description \(index)")
      #expect((outputs["key_\(index)"]?["value"] as? [String: Any])?.keys.first == text, "key \(index)")
      #expect(outputs["called_\(index)"]?["value"] as? String == text, "call argument \(index)")
      #expect(outputs["template_\(index)"]?["value"] as? String == text + "w" + text, "template \(index)")
    }
    #expect(outputs["given"]?["value"] as? String == "${var.x}")
    let variables = try #require(configured["variables"] as? [String: [String: Any]])
    #expect(variables["given"]?["description"] as? String == "$${not a template}")
  }
}
