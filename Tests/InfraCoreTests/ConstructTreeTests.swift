import Foundation
import InfraKit
import Testing

@Suite struct ConstructTreeTests {
  @Test func pathsAndLogicalIDsFollowTheTree() throws {
    var subnet: Resource?
    let stack = Stack("prod") {
      let network = Construct("core")
      network.within {
        subnet = Resource("public-a", type: "aws_subnet")
      }
      Resource("vpc", type: "aws_vpc")
    }
    let resource = try #require(subnet)
    #expect(resource.node.path == ["core", "public-a"])
    #expect(resource.node.pathDescription == "prod/core/public-a")
    #expect(resource.logicalID == "core_public_a")
    #expect(resource.reference.traversal == "aws_subnet.core_public_a")
    #expect(stack.node.children.map(\.node.id) == ["core", "vpc"])
    #expect(resource.node.stack === stack)
  }

  @Test func anExplicitScopeWinsOverTheBodyBeingBuilt() {
    var explicit: Resource?
    _ = Stack("prod") {
      let network = Construct("network")
      let other = Construct("other")
      network.within { explicit = Resource("vpc", type: "aws_vpc", in: other) }
    }
    #expect(explicit?.node.pathDescription == "prod/other/vpc")
  }

  @Test func logicalIDsDoNotDependOnSiblingsOrOrder() throws {
    func build(extra: Bool, reversed: Bool) throws -> [String: String] {
      let stack = Stack("s") {
        let ids = reversed ? ["b", "a"] : ["a", "b"]
        for id in ids { Resource(id, type: "aws_vpc") }
        if extra { Resource("c", type: "aws_vpc") }
      }
      let result = try stack.synthesize()
      return result.elements.mapValues(\.node.pathDescription)
    }
    let plain = try build(extra: false, reversed: false)
    let more = try build(extra: true, reversed: true)
    #expect(plain == ["aws_vpc.a": "s/a", "aws_vpc.b": "s/b"])
    #expect(more.filter { plain.keys.contains($0.key) } == plain)
  }

  @Test func anExplicitLogicalIDSurvivesARenameOfThePath() throws {
    let stack = Stack("s") {
      Resource("renamed-vpc", type: "aws_vpc", logicalID: "main")
    }
    let result = try stack.synthesize()
    #expect(result.configuration.resources.map(\.name) == ["main"])
    #expect(result.configuration.resources.first?.comment == "s/renamed-vpc")
  }

  @Test func aDuplicateIDNamesBothPlaces() throws {
    let line = #line + 3
    let stack = Stack("s") {
      Resource("vpc", type: "aws_vpc")
      Resource("vpc", type: "aws_subnet")
    }
    let error = try #require(throws: SynthesisError.self) { try stack.synthesize() }
    // `#column` of a call is the column of its opening parenthesis.
    let file = SourceLocation(file: #filePath, line: 0, column: 0).description.dropLast(4)
    #expect(
      error.diagnostics.map(\.description) == [
        "\(file):\(line):15: error: 's' already has a construct with id 'vpc' (created at \(file):\(line - 1):15); give each construct in the same scope its own id [duplicate-construct-id]"
      ])
  }

  @Test func idsThatCollideAsTerraformNamesAreReported() throws {
    let line = #line + 3
    let stack = Stack("s") {
      Resource("public-a", type: "aws_subnet")
      Resource("public_a", type: "aws_subnet")
    }
    let error = try #require(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(error.diagnostics.count == 1)
    let diagnostic = try #require(error.diagnostics.first)
    #expect(diagnostic.id == "duplicate-logical-id")
    #expect(diagnostic.location?.line == line)
    #expect(
      diagnostic.message
        == "'s/public_a' and 's/public-a' (at \(SourceLocation(file: #filePath, line: line - 1, column: 15))) both become 'aws_subnet.public_a'"
    )
    #expect(diagnostic.fix == "rename one of them, or give one an explicit logicalID")
  }

  @Test func oneNameForDifferentTypesIsFine() throws {
    let stack = Stack("s") {
      Resource("vpc", type: "aws_vpc", logicalID: "main")
      Resource("subnet", type: "aws_subnet", logicalID: "main")
      Variable("variable", logicalID: "main")
    }
    let configuration = try stack.synthesize().configuration
    #expect(configuration.resources.map(\.reference.traversal).sorted() == ["aws_subnet.main", "aws_vpc.main"])
    #expect(configuration.variables.map(\.name) == ["main"])
  }

  @Test func badIDsAndStackNamesAreErrors() throws {
    let stack = Stack("../escape") {
      Resource("a/b", type: "aws_vpc")
      Resource("", type: "aws_vpc")
    }
    let error = try #require(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(error.diagnostics.map(\.id) == ["invalid-stack-name", "invalid-construct-id", "invalid-construct-id"])
    #expect(error.diagnostics.map(\.message) == [
      "stack name '../escape' cannot be used as a folder name",
      "construct id 'a/b' contains '/' in '../escape'",
      "a construct id is empty in '../escape'",
    ])
  }

  @Test func everyErrorOfAStackIsReportedAtOnce() throws {
    let stack = Stack("s") {
      Resource("x", type: "aws_vpc")
      Resource("x", type: "aws_vpc")
      Resource("y/z", type: "aws_vpc")
    }
    let error = try #require(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(error.diagnostics.map(\.id) == ["duplicate-construct-id", "invalid-construct-id"])
  }

  @Test func diagnosticsPrintAsFileLineColumnSeverityMessageFixAndID() {
    let diagnostic = Diagnostic.error(
      "some-rule", "what is wrong", fix: "how to fix it", at: SourceLocation(file: "/elsewhere/Stacks.swift", line: 3, column: 9))
    #expect(diagnostic.description == "/elsewhere/Stacks.swift:3:9: error: what is wrong; how to fix it [some-rule]")
    let relative = SourceLocation(file: FileManager.default.currentDirectoryPath + "/Sources/A.swift", line: 1, column: 2)
    #expect(relative.description == "Sources/A.swift:1:2")
    #expect(Diagnostic(.warning, id: "w", message: "m", path: "s/x").description == "s/x: warning: m [w]")
  }
}
