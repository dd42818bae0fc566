import Diagnostics
import Testing

@testable import InfraYAML

@Suite struct AnchorTests {
  @Test func anAliasRepeatsTheAnchoredNodeAtItsOwnLocation() throws {
    let root = try load(
      """
      defaults: &pool
        instanceTypes: [m6i.large]
        size: 3
      general: *pool
      zones: &zones [a, b]
      other: *zones
      """)
    #expect(
      render(root)
        == "{defaults: {instanceTypes: [m6i.large], size: 3}, general: *pool={instanceTypes: [m6i.large], size: 3}, zones: [a, b], other: *zones=[a, b]}"
    )
    let general = try #require(root.entries?["general"])
    #expect(place(general) == "4:10")
    #expect(general.alias?.name == "pool")
    // An anchored node starts at its anchor.
    #expect(general.alias?.anchorLocation == SourceLocation(file: "stack.yaml", line: 1, column: 11))
    // What lies inside keeps the location of the anchored text.
    #expect(place(general.entries?["size"]) == "3:9")
    #expect(root.entries?["defaults"]?.alias == nil)
  }

  @Test func anAnchorMayBeRedefinedAndAnAliasTakesTheLatest() throws {
    #expect(render(try load("a: &x 1\nb: *x\nc: &x 2\nd: *x\n")) == "{a: 1, b: *x=1, c: 2, d: *x=2}")
  }

  @Test func anAliasMayBeAKey() throws {
    let root = try load("a: &k name\n*k : value\n")
    #expect(render(root) == "{a: name, *k=name: value}")
    #expect(root.entries?["name"]?.scalar?.value == "value")
  }

  @Test func anAliasToNoAnchorIsAnError() {
    #expect(
      problems("a: 1\nb: *missing\n") == [
        "stack.yaml:2:4: error: the alias *missing refers to no anchor; define &missing on a node before this line, or correct the name [yaml-alias]"
      ])
    // An anchor defined after the alias does not count.
    #expect(problems("b: *x\na: &x 1\n").first?.hasPrefix("stack.yaml:1:4: error: the alias *x refers to no anchor") == true)
  }

  @Test func anAliasInsideTheNodeItNamesIsAnError() {
    #expect(
      problems("a: &loop\n  b: 1\n  c: *loop\n") == [
        "stack.yaml:3:6: error: the alias *loop is inside the node it refers to (anchored at line 1), so it would contain itself; refer only to a node that ends before the alias [yaml-alias]"
      ])
    #expect(
      problems("- &s [1, [2, *s]]\n") == [
        "stack.yaml:1:14: error: the alias *s is inside the node it refers to (anchored at line 1), so it would contain itself; refer only to a node that ends before the alias [yaml-alias]"
      ])
  }

  @Test func mergeKeysAddTheEntriesAMappingDoesNotWriteItself() throws {
    let root = try load(
      """
      base: &base
        engine: postgres
        version: "16"
        multiAZ: false
      prod:
        name: prod-db
        <<: *base
        multiAZ: true
      """)
    #expect(
      render(try #require(root.entries?["prod"]))
        == "{name: prod-db, engine: postgres, version: \"16\", multiAZ: true}")
    let prod = try #require(root.entries?["prod"]?.entries)
    #expect(prod["multiAZ"]?.scalar?.value == "true")
    // Merged entries keep the locations of the text they came from.
    #expect(place(prod["engine"]) == "2:11")
  }

  @Test func mergingASequenceOfMappingsLetsEarlierOnesWin() throws {
    let root = try load(
      """
      a: &a {x: 1, y: 1}
      b: &b {y: 2, z: 2}
      c:
        <<: [*a, *b]
        z: 3
      d:
        <<: {inline: yes}
      """)
    #expect(render(try #require(root.entries?["c"])) == "{x: 1, y: 1, z: 3}")
    #expect(render(try #require(root.entries?["d"])) == "{inline: yes}")
  }

  @Test func aQuotedMergeKeyIsAnOrdinaryKey() throws {
    #expect(render(try load("a: &a {x: 1}\nb: {'<<': *a}\n")) == "{a: {x: 1}, b: {'<<': *a={x: 1}}}")
  }

  @Test func aMergeKeyNeedsMappings() {
    #expect(
      problems("a: &a [1]\nb:\n  <<: *a\nc:\n  <<: [{x: 1}, 5]\n") == [
        // An aliased sequence is a sequence of sources: its element is what is wrong.
        "stack.yaml:1:8: error: a merge key (<<) takes a mapping or a sequence of mappings, but this is the integer 1; merge an anchored mapping, as in `<<: *defaults`, or quote '<<' to use it as an ordinary key [yaml-key]",
        "stack.yaml:5:16: error: a merge key (<<) takes a mapping or a sequence of mappings, but this is the integer 5; merge an anchored mapping, as in `<<: *defaults`, or quote '<<' to use it as an ordinary key [yaml-key]",
      ])
  }
}
