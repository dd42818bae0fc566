import Testing

@testable import InfraYAML

/// No input exhausts memory or the stack: each bound is an error at the place it is crossed.
@Suite struct LimitTests {
  @Test func theDefaultsAreTheDocumentedOnes() {
    #expect(YAMLLimits.default == YAMLLimits(maximumBytes: 67_108_864, maximumDepth: 256, maximumNodes: 1_000_000))
  }

  @Test func anAliasBombStopsAtTheNodeLimit() {
    // Nine levels of ten aliases each would repeat "lol" a billion times. Lines 1 to 5 hold
    // 123,461 nodes; line 6 adds 111,111 with each alias, and its eighth crosses the limit.
    var lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for (previous, name) in zip("abcdefgh", "bcdefghi") {
      lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]")
    }
    #expect(
      problems(lines.joined(separator: "\n")) == [
        "stack.yaml:6:36: error: the document holds more than 1000000 nodes, counting each alias as the nodes it repeats; split the file, or repeat large nodes through fewer aliases [yaml-limit]"
      ])
  }

  @Test func theNodeLimitCountsWrittenNodesToo() {
    let limits = YAMLLimits(maximumNodes: 7)
    #expect(problems("[1, 2, 3, 4, 5, 6]", limits: limits) == [])
    #expect(
      problems("[1, 2, 3, 4, 5, 6, 7]", limits: limits) == [
        "stack.yaml:1:20: error: the document holds more than 7 nodes, counting each alias as the nodes it repeats; split the file, or repeat large nodes through fewer aliases [yaml-limit]"
      ])
    // The mapping, a, [, 1, b, and the alias's two nodes.
    #expect(problems("a: &a [1]\nb: *a\n", limits: limits) == [])
    #expect(problems("a: &a [1]\nb: *a\nc: 1\n", limits: limits).first?.hasPrefix("stack.yaml:3:1: error: the document holds more than 7 nodes") == true)
  }

  @Test func nestingDeeperThanTheLimitIsAnError() {
    let fine = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
    #expect(problems(fine) == [])
    #expect(
      problems(String(repeating: "[", count: 257) + String(repeating: "]", count: 257)) == [
        "stack.yaml:1:257: error: sequences and mappings are nested more than 256 levels deep here; flatten the structure; infra reads at most 256 levels [yaml-limit]"
      ])
    // A hundred thousand open brackets stop at the limit, not at the end of the stack.
    #expect(problems(String(repeating: "[", count: 100_000)).first?.hasPrefix("stack.yaml:1:257: error: sequences and mappings are nested more than 256 levels") == true)
    // Block mappings count the same way.
    let block = (0..<4).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n") + " x\n"
    #expect(
      problems(block, limits: YAMLLimits(maximumDepth: 3)) == [
        "stack.yaml:4:7: error: sequences and mappings are nested more than 3 levels deep here; flatten the structure; infra reads at most 3 levels [yaml-limit]"
      ])
  }

  @Test func aliasesCountTheLevelsOfTheNodeTheyRepeat() {
    let limits = YAMLLimits(maximumDepth: 3)
    #expect(problems("a: &a [[x]]\nb: *a\n", limits: limits) == [])
    #expect(
      problems("a: &a [[x]]\nb: [*a]\n", limits: limits) == [
        "stack.yaml:2:5: error: the alias *a repeats a node 2 levels deep, so sequences and mappings are nested more than 3 levels deep here; flatten the structure; infra reads at most 3 levels, counting those an alias repeats [yaml-limit]"
      ])
  }

  @Test func aChainOfAliasesCannotNestDeeperThanTheLimit() {
    // Each line nests the previous one 255 levels deeper. Without counting levels through
    // aliases, 88 such lines (within the node limit) made a tree 22,440 levels deep, and a
    // recursive walk of it overflowed the stack.
    let open = String(repeating: "[", count: 255)
    let close = String(repeating: "]", count: 255)
    var lines = ["a0: &a0 \(open)x\(close)"]
    for level in 1..<88 { lines.append("a\(level): &a\(level) \(open)*a\(level - 1)\(close)") }
    #expect(
      problems(lines.joined(separator: "\n")) == [
        "stack.yaml:2:264: error: the alias *a0 repeats a node 255 levels deep, so sequences and mappings are nested more than 256 levels deep here; flatten the structure; infra reads at most 256 levels, counting those an alias repeats [yaml-limit]"
      ])
  }

  @Test func aFileLargerThanTheLimitIsNotRead() {
    #expect(
      problems("a: 12345678", limits: YAMLLimits(maximumBytes: 10)) == [
        "stack.yaml:1:1: error: the file is 11 bytes, more than the 10 infra reads; split it into several stack files [yaml-limit]"
      ])
  }

  @Test func aHugeScalarIsRead() throws {
    let big = String(repeating: "0123456789abcdef", count: 512 * 1024)
    let root = try load("key: \(big)\nafter: 1\n")
    #expect(root.entries?["key"]?.scalar?.value.utf8.count == 8 * 1024 * 1024)
    #expect(place(root.entries?["after"]) == "2:8")
  }

  @Test func thousandsOfKeysAreReadAndFoundByName() throws {
    let text = (0..<20_000).map { "tenant-\($0): { db: db\($0) }" }.joined(separator: "\n")
    let root = try load(text)
    let tenants = try #require(root.entries)
    #expect(tenants.count == 20_000)
    #expect(tenants["tenant-12345"]?.entries?["db"]?.scalar?.value == "db12345")
    #expect(place(tenants["tenant-19999"]) == "20000:15")
    #expect(tenants.names.prefix(2) == ["tenant-0", "tenant-1"])
  }
}
