import Foundation
import Testing

@testable import InfraYAML

/// The example in docs/yaml.md reads as the page says.
@Suite struct DocumentationTests {
  @Test func theMergeKeyExampleMergesAsDocumented() throws {
    let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/yaml.md")
    let text = try String(contentsOf: page, encoding: .utf8)
    let start = try #require(text.range(of: "```yaml\n"))
    let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
    let root = try YAMLLoader.load(Array(text[start.upperBound..<end.lowerBound].utf8), file: "yaml.md")
    let databases = try #require(root.entries?["databases"]?.entries)
    #expect(render(try #require(databases["acme"])) == "{engine: postgres, version: \"16\", multiAZ: true}")
    #expect(
      render(try #require(databases["globex"]))
        == "{engine: postgres, version: \"16\", multiAZ: false, instanceClass: db.r6g.xlarge}")
  }
}
