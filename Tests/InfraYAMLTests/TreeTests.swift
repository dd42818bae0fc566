import Foundation
import Diagnostics
import Testing

@testable import InfraYAML

@Suite struct TreeTests {
  @Test func readsMappingsSequencesAndScalarsInOrder() throws {
    let root = try load(
      """
      stack: platform-prod
      zones: [a, b, c]
      cluster:
        name: main
        nodePools:
          - name: general
            size: 3
          - { name: gpu, size: 0 }
      """)
    #expect(
      render(root)
        == "{stack: platform-prod, zones: [a, b, c], cluster: {name: main, nodePools: [{name: general, size: 3}, {name: gpu, size: 0}]}}"
    )
    let mapping = try #require(root.entries)
    #expect(mapping.names == ["stack", "zones", "cluster"])
    #expect(mapping["missing"] == nil)
  }

  @Test func everyNodeAndKeyHasItsOneBasedLineAndColumn() throws {
    let root = try load(
      """
      # a comment
      stack: prod
      cluster:
        pools:
          - name: gpu
            size: 0
      """)
    let mapping = try #require(root.entries)
    #expect(place(root) == "2:1")
    #expect(place(mapping.entry("stack")?.key) == "2:1")
    #expect(place(mapping["stack"]) == "2:8")
    #expect(place(mapping["cluster"]) == "4:3")
    let pools = try #require(mapping["cluster"]?.entries?["pools"])
    #expect(place(pools) == "5:5")
    let pool = try #require(pools.elements?.first?.entries)
    #expect(place(pool.entry("name")?.key) == "5:7")
    #expect(place(pool["size"]) == "6:13")
    #expect(pool.location == SourceLocation(file: "stack.yaml", line: 5, column: 7))
    #expect(root.location.description == "stack.yaml:2:1")
  }

  @Test func columnsCountCharactersNotBytes() throws {
    let root = try load("tags: { équipe: zürich, name: x }\n")
    #expect(place(root.entries?["tags"]?.entries?["name"]) == "1:31")
  }

  @Test func windowsLineEndingsCountAsOneLineBreak() throws {
    let root = try load("a: 1\r\nb:\r\n  c: 2\r\n")
    #expect(render(root) == "{a: 1, b: {c: 2}}")
    #expect(place(root.entries?["b"]?.entries?["c"]) == "3:6")
  }

  @Test func keepsEachScalarsStyleAndResolvedText() throws {
    let root = try load(
      """
      plain: a b
      single: 'it''s'
      double: "tab\\there \\u00e9"
      literal: |
        line one
        line two
      folded: >
        folded
        text
      empty:
      """)
    #expect(
      render(root)
        == "{plain: a b, single: 'it's', double: \"tab\there é\", literal: |line one\nline two\n, folded: >folded text\n, empty: }"
    )
    let mapping = try #require(root.entries)
    #expect(mapping["single"]?.scalar?.style == .singleQuoted)
    #expect(mapping["literal"]?.scalar?.style == .literal)
    #expect(mapping["folded"]?.scalar?.style == .folded)
    #expect(mapping["empty"]?.isNull == true)
    #expect(mapping["plain"]?.scalar?.style.isPlain == true)
  }

  @Test func keepsTagsInTheirShortForm() throws {
    let root = try load("a: !!str 16\nb: !!int \"16\"\nc: ! plain\nd: !!map {x: 1}\ne: !!seq [1]\n")
    #expect(render(root) == "{a: !!str 16, b: !!int \"16\", c: ! plain, d: {x: 1}, e: [1]}")
  }

  @Test func aByteOrderMarkIsSkippedAndColumnsCountFromTheText() throws {
    let root = try YAMLLoader.load([0xEF, 0xBB, 0xBF] + Array("a: 1\nb: 2\n".utf8), file: "stack.yaml")
    #expect(render(root) == "{a: 1, b: 2}")
    #expect(place(root.entries?["a"]) == "1:4")
  }

  @Test func aDocumentMayStartWithDirectivesAndMarkers() throws {
    #expect(render(try load("%YAML 1.2\n---\na: 1\n...\n")) == "{a: 1}")
    #expect(render(try load("--- # the stack\na: 1\n")) == "{a: 1}")
    #expect(render(try load("---\n")) == "")
  }

  @Test func readsAFileFromDisk() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("infra-yaml-\(UUID()).yaml").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try "a: [1, 2]\n".write(toFile: path, atomically: true, encoding: .utf8)
    let root = try YAMLLoader.load(file: path)
    #expect(render(root) == "{a: [1, 2]}")
    #expect(root.location.file == path)
  }

  @Test func aMissingFileIsALocatedError() {
    #expect(throws: YAMLLoadError.self) { try YAMLLoader.load(file: "/nonexistent/stack.yaml") }
    do {
      _ = try YAMLLoader.load(file: "/nonexistent/stack.yaml")
    } catch {
      #expect(error.diagnostics.count == 1)
      #expect(error.diagnostics[0].id == "yaml-unreadable")
      #expect(error.description.hasPrefix("/nonexistent/stack.yaml:1:1: error: cannot read the file: "))
    }
  }
}
