import Testing

@testable import CheckPlan

/// Plans no Terraform writes, but a hand-edited file, a fuzzer or a broken pipeline can: each is
/// read and checked, or rejected with a clear error, and never traps. The first two were found by
/// fuzzing (fuzz/run plan; see docs/reliability.md).
@Suite struct HostileInputTests {
  /// A plan of one security group rule open to the internet with the given ports (JSON text).
  private func openRule(from: String, to: String) -> String {
    #"""
    {"format_version": "1.2", "resource_changes": [{"address": "aws_security_group_rule.r", "mode": "managed",
      "type": "aws_security_group_rule", "name": "r", "change": {"actions": ["create"], "before": null,
      "after": {"type": "ingress", "protocol": "tcp", "from_port": \#(from), "to_port": \#(to),
      "cidr_blocks": ["0.0.0.0/0"]}}}]}
    """#
  }

  private func messages(_ text: String) throws -> [String] {
    let plan = try TerraformPlan.read(Array(text.utf8))
    return PlanChecks.run(on: plan).map(\.message)
  }

  @Test func portsOutOfIntsRangeOrNotWholeLeaveThePortsUnnamed() throws {
    // Found by fuzzing: Int(1e30) trapped in the security group check.
    for (from, to) in [("22", "22123456789012345678901234567890"), ("1e400", "22"), ("-1e400", "22"), ("22.5", "22")] {
      #expect(
        try messages(openRule(from: from, to: to)) == [
          "aws_security_group_rule.r opens tcp from 0.0.0.0/0 to the whole internet"
        ], "ports \(from) to \(to)")
    }
    #expect(try messages(openRule(from: "22", to: "22")) == ["aws_security_group_rule.r opens tcp port 22 from 0.0.0.0/0 to the whole internet"])
  }

  @Test func replacePathsWithIndexesNoTerraformWritesAreShownAsWritten() throws {
    let text = #"""
      {"format_version": "1.2", "resource_changes": [{"address": "aws_eks_node_group.g", "mode": "managed",
        "type": "aws_eks_node_group", "name": "g", "change": {"actions": ["delete", "create"],
        "before": {"scaling_config": [{}]}, "after": {"scaling_config": [{}]},
        "replace_paths": [["scaling_config", 1e400, "size"], ["taint", 1.5], ["labels", 2]]}}]}
      """#
    let plan = try TerraformPlan.read(Array(text.utf8))
    #expect(ResourceChange.pathText([.string("scaling_config"), .number(.infinity), .string("size")]) == "scaling_config[inf].size")
    #expect(ResourceChange.pathText([.string("taint"), .number(1.5)]) == "taint[1.5]")
    #expect(ResourceChange.pathText([.string("labels"), .number(2)]) == "labels[2]")
    #expect(plan.changes.first?.kind == .replaceDestroyFirst)
    _ = PlanChecks.run(on: plan)
  }

  @Test func numbersOutOfADoublesRangeAreReadAsTheirLimit() throws {
    #expect(try JSONParser.parse(Array("[1e400, -1e400, 1e-400, 123456789012345678901234567890]".utf8)) == .array([
      .number(.infinity), .number(-.infinity), .number(0), .number(Double("123456789012345678901234567890")!),
    ]))
    #expect(JSON.number(.infinity).shortText == "inf")
    #expect(JSON.number(1e300).shortText == "1e+300")
  }

  @Test func nestingStopsAtTheLimitWithItsPosition() throws {
    let deepest = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
    #expect(throws: Never.self) { try JSONParser.parse(Array(deepest.utf8)) }
    let tooDeep = #"{"format_version": "1.2", "resource_changes": "# + String(repeating: "[{\"a\": ", count: 300)
    // The root is level 1 and each `[{"a": ` adds two: the 513th level is the `{` of the 256th,
    // after 46 characters of prefix and 255 × 7 of nesting, at column 46 + 1785 + 2.
    #expect(throws: TerraformPlan.ReadError(
      id: "plan-not-json", message: "this is not JSON: nesting deeper than 512 levels",
      fix: "give the output of terraform show -json PLANFILE", line: 1, column: 1833)) {
      try TerraformPlan.read(Array(tooDeep.utf8))
    }
    // A million open brackets stop at the limit too, not at the end of the thread's stack.
    #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Array(repeating: UInt8(ascii: "["), count: 1_000_000)) }
  }

  @Test func controlCharactersNULAndBrokenEscapesAreErrors() throws {
    for (text, message) in [
      ("\"a\u{0}b\"", "a control character must be escaped inside a string"),
      (#""\ud800""#, "an unpaired surrogate in a \\u escape"),
      (#""\udc00x""#, "an unpaired surrogate in a \\u escape"),
      ("\"\\u12", "the text ends inside a \\u escape"),
    ] {
      #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Array(text.utf8)) }
      do {
        _ = try JSONParser.parse(Array(text.utf8))
      } catch {
        #expect(error.message == message, "\(text)")
      }
    }
    // Invalid UTF-8 inside a string is kept as U+FFFD, not a trap.
    #expect(try JSONParser.parse([0x22, 0xC3, 0x28, 0xFF, 0x22]) == .string("\u{FFFD}(\u{FFFD}"))
  }

  @Test func aPlanWithManyChangesIsReadAndCheckedWhole() throws {
    // 20,000 here; docs/reliability.md gives the time and memory for 1,000,000.
    let count = 20_000
    var text = #"{"format_version": "1.2", "resource_changes": ["#
    for index in 0..<count {
      if index > 0 { text += "," }
      text += #"{"address": "aws_db_instance.d\#(index)", "mode": "managed", "type": "aws_db_instance", "name": "d\#(index)", "change": {"actions": ["delete"], "before": {}, "after": null}}"#
    }
    text += "]}"
    let plan = try TerraformPlan.read(Array(text.utf8))
    #expect(plan.changes.count == count)
    #expect(plan.changes.last?.address == "aws_db_instance.d19999")
    let findings = PlanChecks.run(on: plan)
    #expect(findings.filter { $0.rule.id == "stateful-resource-destroyed" }.count == count)
  }
}
