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
        "shared/base.yaml:9:51: error: node pool 'general' has no setting 'minSise' (in the base of dev); did you mean 'minSize'? [stack-unknown-key]",
        "shared/base.yaml:9:7: error: node pool 'general' needs 'minSize' (in the base of dev); add 'minSize: 3' [stack-missing-key]",
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
        "shared/b.yaml:1:10: error: the stack files extend each other in a circle: a.yaml → shared/b.yaml → a.yaml (in the base of a); remove one of the 'extends' [stack-extends]",
        "c.yaml:1:11: error: extends 'shared/missing.yaml', but there is no file shared/missing.yaml; the stack files beside it are: shared/b.yaml [stack-extends]",
      ])
  }

  /// A base that several stacks extend is read once, and its problems are reported once, naming
  /// the stacks (by their names) it was read for.
  @Test func aProblemInABaseIsReportedOnceNamingTheStacksThatExtendIt() throws {
    let folder = try StackFolder([
      "shared/base.yaml": Self.base.replacingOccurrences(of: "accelerator: nvidia", with: "accelerator: nvidea"),
      "dev.yaml": "extends: shared/base.yaml\nregion: eu-west-1\n",
      "other.yaml": "extends: shared/base.yaml\nname: staging\nregion: eu-west-1\n",
      "prod.yaml": Self.base + "region: eu-west-1\n",
    ])
    #expect(
      folder.problems() == [
        "shared/base.yaml:10:84: error: node pool 'gpu': 'accelerator' cannot be 'nvidea' (in the base of dev and staging); did you mean 'nvidia'? choose one of: nvidia [stack-invalid-value]"
      ])
  }

  /// A missing base is named by the path looked for, and only files that are beside it are
  /// suggested, written as `extends` would name them.
  @Test func aMissingBaseNamesThePathLookedForAndOnlyFilesBesideIt() throws {
    let folder = try StackFolder([
      "shared/platform.yaml": "network: {endpoints: [s3]}\n",
      "shared/tenants.yaml": "tenants: {}\n",
      "shared/prod.yaml": "extends: [../common/base.yaml, ../../none/x.yaml]\n",
      "empty/README.md": "",
      "a.yaml": "extends: [shared/platfrom.yaml, shared/network.yaml, shraed/tenants.yaml, empty/x.yaml]\nregion: eu-west-1\nenvironment: development\n",
      "b.yaml": "extends: shared/prod.yaml\nregion: eu-west-1\nenvironment: development\n",
      "c.yaml": "extends: shared/prod.yaml\nregion: eu-west-1\nenvironment: development\n",
    ])
    let parent = (folder.path as NSString).deletingLastPathComponent
    #expect(
      folder.problems() == [
        "a.yaml:1:11: error: extends 'shared/platfrom.yaml', but there is no file shared/platfrom.yaml; did you mean 'shared/platform.yaml'? [stack-extends]",
        "a.yaml:1:33: error: extends 'shared/network.yaml', but there is no file shared/network.yaml; the stack files beside it are: shared/platform.yaml, shared/prod.yaml, shared/tenants.yaml [stack-extends]",
        "a.yaml:1:54: error: extends 'shraed/tenants.yaml', but there is no file shraed/tenants.yaml; did you mean 'shared/tenants.yaml'? [stack-extends]",
        "a.yaml:1:75: error: extends 'empty/x.yaml', but there is no file empty/x.yaml; empty/ holds no stack file [stack-extends]",
        "shared/prod.yaml:1:11: error: extends '../common/base.yaml', but there is no file common/base.yaml (in the base of b and c); there is no folder common/ either; names are relative to the folder of the file that extends, shared/ [stack-extends]",
        "shared/prod.yaml:1:32: error: extends '../../none/x.yaml', but there is no file \(parent)/none/x.yaml (in the base of b and c); there is no folder \(parent)/none/ either; names are relative to the folder of the file that extends, shared/ [stack-extends]",
      ])
  }

  @Test func filesBelowTheStackFolderAreNotStacks() throws {
    let folder = try StackFolder(["shared/base.yaml": Self.base, "dev.yaml": "extends: shared/base.yaml\nregion: eu-west-1\n"])
    #expect(try folder.stacks().map(\.name) == ["dev"])
  }
}
