import Foundation
import InfraKit
import Testing

/// `renamed(from:)`: the moved blocks of nested renames, pinned logical ids, and every error
/// with its exact message and location.
@Suite struct RenameTests {
  /// This file, as diagnostics print it.
  private let file = SourceLocation(file: #filePath, line: 0, column: 0).displayFile

  /// The `moved` part of the stack's Terraform JSON.
  private func movedJSON(_ stack: Stack) throws -> String {
    let moved = try stack.synthesize().configuration.moved
    return String(decoding: TerraformConfiguration(moved: moved).json(), as: UTF8.self)
  }

  @Test func nestedRenamesMoveEveryResourceAndModuleBeneathThem() throws {
    let stack = Stack("s") {
      let network = Construct("core").renamed(from: "main")
      network.within {
        Resource("vpc", type: "aws_vpc")
        Resource("pinned", type: "aws_subnet", logicalID: "kept")
        Construct("pools").renamed(from: "groups").within {
          Resource("general", type: "aws_eks_node_group")
          Resource("gpu", type: "aws_eks_node_group")
        }
        Construct("same").within { Resource("key", type: "aws_kms_key") }
        Module("dns", source: "./dns")
        DataSource("zones", type: "aws_availability_zones")
        Variable("cidr", type: "string")
        Output("vpc-id", value: "x")
      }
      Resource("other", type: "aws_vpc")
    }
    #expect(
      try movedJSON(stack) == """
        {
          "moved": [
            {
              "from": "aws_eks_node_group.main_groups_general",
              "to": "aws_eks_node_group.core_pools_general"
            },
            {
              "from": "aws_eks_node_group.main_groups_gpu",
              "to": "aws_eks_node_group.core_pools_gpu"
            },
            {
              "from": "aws_kms_key.main_same_key",
              "to": "aws_kms_key.core_same_key"
            },
            {
              "from": "aws_vpc.main_vpc",
              "to": "aws_vpc.core_vpc"
            },
            {
              "from": "module.main_dns",
              "to": "module.core_dns"
            }
          ]
        }

        """)
  }

  @Test func aRenameBeneathAnUnrenamedConstructMovesOnlyWhatIsBeneathIt() throws {
    let stack = Stack("s") {
      Construct("cluster").within {
        Resource("eks", type: "aws_eks_cluster")
        Construct("blue").renamed(from: "general").within { Resource("group", type: "aws_eks_node_group") }
      }
    }
    let moved = try stack.synthesize().configuration.moved
    #expect(moved.map { "\($0.from.traversal) -> \($0.to.traversal)" } == [
      "aws_eks_node_group.cluster_general_group -> aws_eks_node_group.cluster_blue_group"
    ])
  }

  @Test func aRenamedResourceMovesItself() throws {
    let stack = Stack("s") { Resource("db", type: "aws_db_instance").renamed(from: "orders") }
    let moved = try stack.synthesize().configuration.moved
    #expect(moved.map { "\($0.from.traversal) -> \($0.to.traversal)" } == ["aws_db_instance.orders -> aws_db_instance.db"])
  }

  @Test func pinnedLogicalIDsAndIdsThatSanitizeAlikeDoNotMove() throws {
    let stack = Stack("s") {
      Construct("core-net").renamed(from: "core_net").within { Resource("vpc", type: "aws_vpc") }
      Resource("kept", type: "aws_vpc", logicalID: "legacy").renamed(from: "old")
    }
    let synthesized = try stack.synthesize()
    #expect(synthesized.configuration.moved.isEmpty)
    #expect(synthesized.configuration.resources.map(\.name).sorted() == ["core_net_vpc", "legacy"])
  }

  @Test func withoutRenamesTheOutputHasNoMovedKey() throws {
    let stack = Stack("s") { Resource("vpc", type: "aws_vpc") }
    let json = String(decoding: try stack.synthesize().json(), as: UTF8.self)
    #expect(!json.contains("moved"))
  }

  @Test func renamesAreWrittenIntoTheStacksJSONAsAddresses() throws {
    let stack = Stack("s") { Resource("vpc", type: "aws_vpc").renamed(from: "main") }
    let json = String(decoding: try stack.synthesize().json(), as: UTF8.self)
    #expect(json.contains("\"moved\": [\n    {\n      \"from\": \"aws_vpc.main\",\n      \"to\": \"aws_vpc.vpc\"\n    }\n  ]"))
  }

  // MARK: - Errors

  private func errors(_ stack: Stack) throws -> [Diagnostic] {
    try #require(throws: SynthesisError.self) { try stack.synthesize() }.diagnostics
  }

  @Test func anInvalidPreviousIDIsAnErrorAtTheRename() throws {
    let line = #line + 2
    let stack = Stack("s") {
      Resource("a", type: "aws_vpc").renamed(from: "x/y")
      Resource("b", type: "aws_vpc").renamed(from: "")
      Resource("c", type: "aws_vpc").renamed(from: "c")
    }
    #expect(
      try errors(stack).map(\.description) == [
        "\(file):\(line):45: error: 's/a' is renamed from an invalid id: construct id 'x/y' contains '/'; give the id the construct had before: non-empty, without '/' [invalid-previous-id]",
        "\(file):\(line + 1):45: error: 's/b' is renamed from an invalid id: a construct id is empty; give the id the construct had before: non-empty, without '/' [invalid-previous-id]",
        "\(file):\(line + 2):45: error: 's/c' is renamed from 'c', its own id; give the id it had before, or remove the rename [invalid-previous-id]",
      ])
  }

  @Test func renamingTwiceOrRenamingAStackIsAnError() throws {
    let line = #line + 2
    let stack = Stack("s") {
      let vpc = Resource("vpc", type: "aws_vpc").renamed(from: "a")
      vpc.renamed(from: "b")
    }
    stack.renamed(from: "old")
    #expect(
      try errors(stack).map(\.description) == [
        "\(file):\(line + 1):18: error: 's/vpc' is renamed from 'b', but it was already renamed from 'a' (at \(file):\(line):57); keep one rename: the id the construct has in the state Terraform holds [duplicate-rename]",
        "\(file):\(line + 3):18: error: the stack 's' is renamed, but a stack's name is part of no Terraform address; remove the rename: renaming a stack moves nothing [invalid-rename]",
      ])
  }

  @Test func anOldAddressStillInTheStackIsAnError() throws {
    let line = #line + 3
    let stack = Stack("s") {
      Construct("main").within { Resource("vpc", type: "aws_vpc") }
      Construct("core").renamed(from: "main").within {
        Resource("vpc", type: "aws_vpc")
        Resource("subnet", type: "aws_subnet")
      }
    }
    #expect(
      try errors(stack).map(\.description) == [
        "\(file):\(line):32: error: 's/core' is renamed from 'main', but 'aws_vpc.main_vpc', the old address of 's/core/vpc', still belongs to 's/main/vpc' (at \(file):\(line - 1):42); remove or rename what still has the old name, or drop the rename: Terraform cannot move an object to a new address while the old one is in the configuration [renamed-from-existing]"
      ])
  }

  @Test func twoRenamesFromOneAddressAreAnError() throws {
    let line = #line + 2
    let stack = Stack("s") {
      Construct("blue").renamed(from: "main").within { Resource("vpc", type: "aws_vpc") }
      Construct("green").renamed(from: "main").within { Resource("vpc", type: "aws_vpc") }
      Resource("db", type: "aws_db_instance").renamed(from: "orders")
      Moved(from: .resource(type: "aws_db_instance", name: "orders"), to: .resource(type: "aws_db_instance", name: "db"))
    }
    #expect(
      try errors(stack).map(\.description) == [
        "\(file):\(line + 1):33: error: 's/green' is renamed from 'main', so 's/green/vpc' moves from 'aws_vpc.main_vpc', but 's/blue/vpc' (renamed at \(file):\(line):32) moves from it too; rename each construct from the id it had itself: Terraform moves an object from one address to one address [ambiguous-rename]",
        "\(file):\(line + 2):54: error: 's/db' is renamed from 'orders', so 's/db' moves from 'aws_db_instance.orders', but the moved block at \(file):\(line + 3):12 moves from it too; rename each construct from the id it had itself: Terraform moves an object from one address to one address [ambiguous-rename]",
      ])
  }
}
