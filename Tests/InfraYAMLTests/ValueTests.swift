import Diagnostics
import Testing

@testable import InfraYAML

/// Typed access: the YAML 1.2 core schema, and every wrong type a located error, all of a file's
/// collected in one run.
@Suite struct ValueTests {
  @Test(arguments: [
    ("", YAMLScalar.Kind.null), ("~", .null), ("null", .null), ("NULL", .null), ("Null", .null),
    ("true", .bool), ("False", .bool), ("TRUE", .bool),
    ("yes", .string), ("no", .string), ("on", .string), ("off", .string), ("y", .string), ("nULL", .string),
    ("0", .integer), ("-12", .integer), ("+7", .integer), ("007", .integer), ("0x1F", .integer), ("0o17", .integer),
    ("0x", .string), ("0o8", .string), ("0b101", .string), ("1_000", .string),
    ("1.5", .float), ("-2e3", .float), ("1.", .float), (".5", .float), ("1e+5", .float), (".inf", .float),
    ("-.Inf", .float), (".NaN", .float), ("1.31", .float),
    (".", .string), ("1e", .string), ("e5", .string), ("1.2.3", .string), ("10.0.0.0/16", .string),
    ("m6i.large", .string), ("3..12", .string), ("-", .string),
  ])
  func plainScalarsFollowTheCoreSchema(text: String, kind: YAMLScalar.Kind) {
    #expect(YAMLScalar(text).kind == kind)
  }

  @Test func quotesBlocksAndTagsDecideBeforeTheText() {
    #expect(YAMLScalar("16", style: .doubleQuoted).kind == .string)
    #expect(YAMLScalar("true", style: .singleQuoted).kind == .string)
    #expect(YAMLScalar("16", style: .literal).kind == .string)
    #expect(YAMLScalar("16", tag: "!!str").kind == .string)
    #expect(YAMLScalar("16", tag: "!").kind == .string)
    #expect(YAMLScalar("16", style: .doubleQuoted, tag: "!!int").integerValue == 16)
  }

  @Test func scalarValues() throws {
    let root = try #require(
      try load(
        """
        count: 12
        hex: 0x1F
        octal: 0o17
        negative: -3
        ratio: 2.5
        whole: 4
        infinite: -.inf
        tiny: 1e-400
        enabled: true
        disabled: FALSE
        name: main
        version: "1.31"
        note: |
          two
          lines
        """
      ).entries)
    var problems: [Diagnostic] = []
    #expect(root["count"]?.int(reporting: &problems) == 12)
    #expect(root["hex"]?.int(reporting: &problems) == 31)
    #expect(root["octal"]?.int(reporting: &problems) == 15)
    #expect(root["negative"]?.int(reporting: &problems) == -3)
    #expect(root["ratio"]?.number(reporting: &problems) == 2.5)
    #expect(root["whole"]?.number(reporting: &problems) == 4)
    #expect(root["infinite"]?.number(reporting: &problems) == -.infinity)
    #expect(root["tiny"]?.number(reporting: &problems) == 0)
    #expect(root["enabled"]?.bool(reporting: &problems) == true)
    #expect(root["disabled"]?.bool(reporting: &problems) == false)
    #expect(root["name"]?.string(reporting: &problems) == "main")
    #expect(root["version"]?.string(reporting: &problems) == "1.31")
    // The file ends without a line break, so the block keeps none at its end.
    #expect(root["note"]?.string(reporting: &problems) == "two\nlines")
    #expect(problems.isEmpty)
  }

  @Test func everyWrongTypeIsReportedWhereItWasWritten() throws {
    let root = try load(
      """
      stack: 16
      version: 1.31
      enabled: yes
      count: "3"
      size: 3..12
      replicas: 99999999999999999999
      flag: "true"
      zones: a
      cluster: [a, b]
      tags:
      ratio: x
      huge: -1e400
      """)
    var problems: [Diagnostic] = []
    let mapping = try #require(root.mapping(reporting: &problems))
    _ = mapping["stack"]?.string(reporting: &problems)
    _ = mapping["version"]?.string(reporting: &problems)
    _ = mapping["enabled"]?.bool(reporting: &problems)
    _ = mapping["count"]?.int(reporting: &problems)
    _ = mapping["size"]?.int(reporting: &problems)
    _ = mapping["replicas"]?.int(reporting: &problems)
    _ = mapping["flag"]?.bool(reporting: &problems)
    _ = mapping["zones"]?.sequence(reporting: &problems)
    _ = mapping["cluster"]?.mapping(reporting: &problems)
    _ = mapping["tags"]?.mapping(reporting: &problems)
    _ = mapping["ratio"]?.number(reporting: &problems)
    _ = mapping["huge"]?.number(reporting: &problems)
    _ = mapping["cluster"]?.string(reporting: &problems)
    _ = mapping.required("region", reporting: &problems)
    #expect(
      problems.map(\.description) == [
        "stack.yaml:1:8: error: expected a string, found the integer 16; quote it (\"16\") to make it a string [yaml-type]",
        "stack.yaml:2:10: error: expected a string, found the number 1.31; quote it (\"1.31\") to make it a string [yaml-type]",
        "stack.yaml:3:10: error: expected true or false, found the string 'yes'; write true or false; infra reads YAML 1.2, where 'yes' is a string, not a boolean [yaml-type]",
        "stack.yaml:4:8: error: expected an integer, found the string '3'; remove the quotes [yaml-type]",
        "stack.yaml:5:7: error: expected an integer, found the string '3..12'; write a whole number, such as 3 [yaml-type]",
        "stack.yaml:6:11: error: the integer 99999999999999999999 is out of range; use a value between -9223372036854775808 and 9223372036854775807 [yaml-type]",
        "stack.yaml:7:7: error: expected true or false, found the string 'true'; remove the quotes [yaml-type]",
        "stack.yaml:8:8: error: expected a sequence, found the string 'a'; write it as a sequence of one: [a] [yaml-type]",
        "stack.yaml:9:10: error: expected a mapping, found a sequence; write key: value pairs here [yaml-type]",
        "stack.yaml:10:6: error: expected a mapping, found an empty value; write key: value pairs here [yaml-type]",
        "stack.yaml:11:8: error: expected a number, found the string 'x'; write a number, such as 1.5 [yaml-type]",
        "stack.yaml:12:7: error: the number -1e400 is out of range; use a value between -1.7976931348623157e+308 and 1.7976931348623157e+308 [yaml-type]",
        "stack.yaml:9:10: error: expected a string, found a sequence; write a single value here [yaml-type]",
        "stack.yaml:1:1: error: the mapping has no key 'region'; add 'region: …' [yaml-missing-key]",
      ])
  }

  @Test func aWrongTypeThroughAnAliasNamesTheAnchor() throws {
    let root = try #require(try load("zones: &zones [a, b]\ncluster: *zones\n").entries)
    var problems: [Diagnostic] = []
    _ = root["cluster"]?.mapping(reporting: &problems)
    #expect(
      problems.map(\.description) == [
        "stack.yaml:2:10: error: expected a mapping, found a sequence (through the alias *zones, anchored at line 1); write key: value pairs here [yaml-type]"
      ])
  }

  @Test func messagesShowAtMostFortyCharactersOfAValue() throws {
    let root = try load("count: \(String(repeating: "x", count: 100_000))\n")
    var problems: [Diagnostic] = []
    _ = root.entries?["count"]?.int(reporting: &problems)
    #expect(
      problems.map(\.description) == [
        "stack.yaml:1:8: error: expected an integer, found the string '\(String(repeating: "x", count: 39))…'; write a whole number, such as 3 [yaml-type]"
      ])
  }
}
