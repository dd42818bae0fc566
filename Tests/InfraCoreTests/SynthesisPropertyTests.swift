import Foundation
import InfraKit
import Testing

/// Properties of synthesis over generated stacks: random trees of constructs with awkward ids,
/// and tags holding what trips template and JSON escaping. Seeded, so a failure reproduces.
@Suite struct SynthesisPropertyTests {
  /// SplitMix64: a small, seeded generator, so each case is the same on every run.
  struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  /// A construct to build: a group of children, or a resource with tags.
  struct Node {
    var id: String
    var children: [Node] = []
    var tags: [String: String]? = nil
  }

  static let idParts = ["core", "a", "public-a", "db_2", "Zürich", "x y", "9lives", "ÄÖ", "-", "_", "🚀", "v1.31"]
  static let textParts = [
    "${var.x}", "$${x}", "%{ if true }", "%%{", "$", "%", "{", "}", "\\", "\"", "'", "\n", "\t", "é", "🚀",
    "\u{2028}", "~}", "plain", " ", "${", "%{", "$$", "0",
  ]

  static func tree(_ generator: inout Generator, depth: Int = 0, counter: inout Int) -> Node {
    counter += 1
    let id = Self.idParts.randomElement(using: &generator)! + "-\(counter)"
    if depth >= 3 || (depth > 0 && Bool.random(using: &generator)) {
      var tags: [String: String] = [:]
      for _ in 0..<Int.random(in: 1...4, using: &generator) {
        tags[text(&generator)] = text(&generator)
      }
      return Node(id: id, tags: tags)
    }
    let children = (0..<Int.random(in: 1...4, using: &generator)).map { _ in tree(&generator, depth: depth + 1, counter: &counter) }
    return Node(id: id, children: children)
  }

  static func text(_ generator: inout Generator) -> String {
    (0..<Int.random(in: 1...5, using: &generator)).map { _ in textParts.randomElement(using: &generator)! }.joined()
  }

  static func build(_ roots: [Node]) -> Stack {
    Stack("generated") {
      for root in roots { materialize(root) }
    }
  }

  private static func materialize(_ node: Node) {
    if let tags = node.tags {
      _ = Resource(node.id, type: "aws_s3_bucket", ["tags": .object(tags.mapValues { .string($0) })])
    } else {
      Construct(node.id).within {
        for child in node.children { materialize(child) }
      }
    }
  }

  /// Every resource's tags as Terraform will read them: `$${` and `%%{` are escapes for `${`
  /// and `%{`, read left to right.
  static func readTags(_ json: [UInt8]) throws -> [String: [String: String]] {
    let root = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
    let buckets = try #require((root["resource"] as? [String: Any])?["aws_s3_bucket"] as? [String: [String: Any]])
    return try buckets.mapValues { body in
      let tags = try #require(body["tags"] as? [String: String])
      return Dictionary(uniqueKeysWithValues: tags.map { (templateValue($0.key), templateValue($0.value)) })
    }
  }

  static func templateValue(_ text: String) -> String {
    var result = ""
    var rest = Substring(text)
    while let first = rest.first {
      if rest.hasPrefix("$${") || rest.hasPrefix("%%{") {
        result += String(rest.prefix(1)) + "{"
        rest = rest.dropFirst(3)
      } else {
        result.append(first)
        rest = rest.dropFirst()
      }
    }
    return result
  }

  static func leaves(_ node: Node, path: [String] = []) -> [(path: [String], tags: [String: String])] {
    if let tags = node.tags { return [(path + [node.id], tags)] }
    return node.children.flatMap { leaves($0, path: path + [node.id]) }
  }

  @Test(arguments: 0..<40)
  func generatedStacksSynthesizeDeterministicallyWithEveryStringIntact(seed: UInt64) throws {
    var generator = Generator(state: seed)
    var counter = 0
    let roots = (0..<Int.random(in: 1...3, using: &generator)).map { _ in Self.tree(&generator, counter: &counter) }

    let first = try Self.build(roots).synthesize()
    let again = try Self.build(roots).synthesize()
    #expect(first.json() == again.json(), "byte-identical across runs")

    // Logical ids are Terraform names, one per resource.
    let expected = roots.flatMap { Self.leaves($0) }
    let addresses = first.elements.keys.filter { $0.hasPrefix("aws_s3_bucket.") }
    #expect(addresses.count == expected.count)
    for address in addresses {
      let name = address.dropFirst("aws_s3_bucket.".count)
      #expect(name.first.map { $0.isASCII && ($0.isLetter || $0 == "_") } == true, "\(address)")
      #expect(name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }, "\(address)")
    }

    // Every tag, key and value, reads back as written.
    let tags = try Self.readTags(first.json())
    let byPath = Dictionary(uniqueKeysWithValues: first.elements.map { ($0.value.node.path, $0.key) })
    for leaf in expected {
      let address = try #require(byPath[leaf.path], "\(leaf.path)")
      #expect(tags[String(address.dropFirst("aws_s3_bucket.".count))] == leaf.tags, "\(address)")
    }
  }

  @Test(arguments: 0..<20)
  func renamingOneConstructChangesOnlyTheIDsBelowIt(seed: UInt64) throws {
    var generator = Generator(state: seed)
    var counter = 0
    var roots = (0..<Int.random(in: 1...3, using: &generator)).map { _ in Self.tree(&generator, counter: &counter) }
    let before = try Self.build(roots).synthesize().elements.mapValues(\.node.path)

    // Rename one node, chosen among all of them by its position in a walk.
    var all: [[Int]] = []
    func collect(_ node: Node, _ at: [Int]) {
      all.append(at)
      for (index, child) in node.children.enumerated() { collect(child, at + [index]) }
    }
    for (index, root) in roots.enumerated() { collect(root, [index]) }
    let chosen = all.randomElement(using: &generator)!
    func path(_ node: Node, _ at: ArraySlice<Int>) -> [String] {
      guard let next = at.first else { return [node.id] }
      return [node.id] + path(node.children[next], at.dropFirst())
    }
    func rename(_ node: inout Node, _ at: ArraySlice<Int>) {
      guard let next = at.first else { return node.id = "renamed" }
      rename(&node.children[next], at.dropFirst())
    }
    let oldPath = path(roots[chosen[0]], chosen.dropFirst())
    rename(&roots[chosen[0]], chosen.dropFirst())
    let newPath = Array(oldPath.dropLast()) + ["renamed"]
    let after = try Self.build(roots).synthesize().elements.mapValues(\.node.path)

    let isBelow = { (path: [String], prefix: [String]) in Array(path.prefix(prefix.count)) == prefix }
    let unchangedBefore = before.filter { !isBelow($0.value, oldPath) }
    let unchangedAfter = after.filter { !isBelow($0.value, newPath) }
    #expect(unchangedBefore == unchangedAfter, "everything outside the renamed construct keeps its id")
    let movedBefore = Set(before.keys).subtracting(unchangedBefore.keys)
    let movedAfter = Set(after.keys).subtracting(unchangedAfter.keys)
    #expect(!movedBefore.isEmpty && movedBefore.count == movedAfter.count)
    #expect(movedBefore.isDisjoint(with: movedAfter), "every id below the renamed construct changes")
  }
}
