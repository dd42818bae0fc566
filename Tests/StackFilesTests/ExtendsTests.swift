import Foundation
import InfraKit
import Testing

/// `extends`: a stack laid over the files it names, with the merge rules of docs/stack-files.md.
@Suite struct ExtendsTests {
  static let base = """
    environment: production
    network:
      cidr: 10.0.0.0/16
      zones: [eu-west-1a, eu-west-1b, eu-west-1c]
      endpoints: [s3, ecr]
    cluster:
      version: "1.31"
      nodePools:
        - {name: general, instanceTypes: [m6i.large], minSize: 3, maxSize: 9}
        - {name: gpu, instanceTypes: [g5.xlarge], minSize: 0, maxSize: 4, accelerator: nvidia}

    """

  private func cluster(_ stack: Stack) throws -> Cluster {
    try #require(stack.node.children.compactMap { $0 as? Cluster }.first)
  }

  private func network(_ stack: Stack) throws -> Network {
    try #require(stack.node.children.compactMap { $0 as? Network }.first)
  }

  @Test func mappingsMergeKeyByKeyListsByNameAndOtherValuesAreReplaced() throws {
    let folder = try StackFolder([
      "shared/base.yaml": Self.base,
      "dev.yaml": """
        extends: shared/base.yaml
        region: eu-west-1
        environment: development
        network:
          zones: [eu-west-1a, eu-west-1b]
          endpoints: [s3]
        cluster:
          nodePools:
            - {name: general, instanceTypes: [t3.large], maxSize: 3}
            - {name: batch, instanceTypes: [c6i.large], minSize: 0, maxSize: 5, capacity: spot}

        """,
    ])
    let stack = try #require(try folder.stacks().first)
    #expect(stack.name == "dev")
    let network = try network(stack)
    #expect(network.cidr == "10.0.0.0/16", "kept from the base")
    #expect(network.zones == ["eu-west-1a", "eu-west-1b"], "a list of values is replaced")
    #expect(network.environment == .development, "a scalar is replaced")
    let pools = try cluster(stack).pools
    #expect(pools.map(\.name) == ["general", "gpu", "batch"], "named elements merge in place; new ones come last")
    #expect(pools[0].instanceTypes == ["t3.large"])
    #expect(pools[0].size == 3...3, "minSize from the base, maxSize from the stack")
    #expect(pools[2].capacity == .spot)
  }

  @Test func nullRemovesWhatTheBaseSets() throws {
    let folder = try StackFolder([
      "base.yaml.in": Self.base,
      "small.yaml": "extends: base.yaml.in\nregion: eu-west-1\ncluster: ~\n",
    ])
    let stack = try #require(try folder.stacks().first)
    #expect(stack.node.children.compactMap { $0 as? Cluster }.isEmpty)
    #expect(try network(stack).zones.count == 3)
  }

  @Test func basesMergeInOrderBeforeTheStack() throws {
    let folder = try StackFolder([
      "shared/a.yaml": Self.base,
      "shared/b.yaml": "cluster:\n  version: \"1.30\"\n  nodePools:\n    - {name: gpu, maxSize: 8}\n",
      "prod.yaml": "extends: [shared/a.yaml, shared/b.yaml]\nregion: eu-west-1\nname: production\n",
    ])
    let stack = try #require(try folder.stacks().first)
    #expect(stack.name == "production")
    let cluster = try cluster(stack)
    #expect(cluster.version == "1.30")
    #expect(cluster.pools.map(\.size) == [3...9, 0...8])
  }

  @Test func aProblemInABaseIsLocatedInTheBase() throws {
    let folder = try StackFolder([
      "shared/base.yaml": Self.base.replacingOccurrences(of: "minSize: 3", with: "minSise: 3"),
      "dev.yaml": "extends: shared/base.yaml\nregion: eu-west-1\n",
    ])
    #expect(
      folder.problems() == [
        "shared/base.yaml:9:51: error: node pool 'general' has no setting 'minSise'; did you mean 'minSize'? [stack-unknown-key]",
        "shared/base.yaml:9:7: error: node pool 'general' needs 'minSize'; add 'minSize: 3' [stack-missing-key]",
      ])
  }

  @Test func extendsThatCannotBeFollowedAreErrors() throws {
    let folder = try StackFolder([
      "a.yaml": "extends: shared/b.yaml\nregion: eu-west-1\nenvironment: development\n",
      "shared/b.yaml": "extends: ../a.yaml\n",
      "c.yaml": "extends: [shared/missing.yaml]\nregion: eu-west-1\nenvironment: development\n",
    ])
    #expect(
      folder.problems() == [
        "shared/b.yaml:1:10: error: the stack files extend each other in a circle: a.yaml → b.yaml → a.yaml; remove one of the 'extends' [stack-extends]",
        "c.yaml:1:11: error: extends 'missing.yaml', which does not exist; name a file relative to this one, such as shared/platform.yaml [stack-extends]",
      ])
  }

  @Test func filesBelowTheStackFolderAreNotStacks() throws {
    let folder = try StackFolder(["shared/base.yaml": Self.base, "dev.yaml": "extends: shared/base.yaml\nregion: eu-west-1\n"])
    #expect(try folder.stacks().map(\.name) == ["dev"])
  }
}
