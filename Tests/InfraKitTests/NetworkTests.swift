import InfraKit
import Testing

@Suite struct NetworkTests {
  private let zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]

  private func stack(environment: Environment = .production, _ body: @escaping () -> Void) -> Stack {
    Stack("platform", environment: environment, region: .euWest1) { body() }
  }

  private func errors(_ stack: Stack) -> [String] {
    do {
      _ = try stack.synthesize()
      return []
    } catch {
      return error.diagnostics.map(\.description)
    }
  }

  @Test func carvesEachTierInItsOwnBlockWithRoomForEightZones() throws {
    var network: Network!
    let stack = stack { network = Network("core", cidr: "10.0.0.0/16", zones: self.zones) }
    _ = try stack.synthesize()
    #expect(network.allSubnets.map { "\($0.tier) \($0.zone) \($0.cidr)" } == [
      "public eu-west-1a 10.0.128.0/24", "public eu-west-1b 10.0.129.0/24", "public eu-west-1c 10.0.130.0/24",
      "private eu-west-1a 10.0.0.0/20", "private eu-west-1b 10.0.16.0/20", "private eu-west-1c 10.0.32.0/20",
      "isolated eu-west-1a 10.0.136.0/24", "isolated eu-west-1b 10.0.137.0/24", "isolated eu-west-1c 10.0.138.0/24",
    ])
  }

  @Test func addingAZoneMovesNoSubnet() throws {
    func layout(_ zones: [String]) throws -> [String: String] {
      var network: Network!
      _ = try stack { network = Network("core", cidr: "10.0.0.0/16", zones: zones) }.synthesize()
      return Dictionary(uniqueKeysWithValues: network.allSubnets.map { ("\($0.tier) \($0.zone)", $0.cidr.description) })
    }
    let three = try layout(zones)
    let four = try layout(zones + ["eu-west-1d"])
    #expect(three.allSatisfy { four[$0.key] == $0.value })
    #expect(four.count == 12)
  }

  @Test func productionHasANatGatewayPerZoneAndDevelopmentOne() throws {
    func count(_ environment: Environment, _ type: String) throws -> Int {
      let stack = stack(environment: environment) { Network("core", cidr: "10.0.0.0/16", zones: self.zones) }
      return try stack.synthesize().configuration.resources.filter { $0.type == type }.count
    }
    #expect(try count(.production, "aws_nat_gateway") == 3)
    #expect(try count(.development, "aws_nat_gateway") == 1)
    #expect(try count(.production, "aws_route") == 4)  // public, and one per private zone
  }

  @Test func explicitBlocksAreCheckedForContainmentAndOverlap() {
    let line = #line + 2
    let outside = stack {
      Network(
        "core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"],
        tiers: [.public, .private, SubnetTier("db", routing: .isolated, cidrs: ["10.0.200.0/24", "10.1.0.0/24"])])
    }
    #expect(errors(outside) == [
      "Tests/InfraKitTests/NetworkTests.swift:\(line):14: error: network 'core': tier 'db': 10.1.0.0/24 is not inside the VPC's 10.0.0.0/16; choose a block inside 10.0.0.0/16 [subnet-outside-vpc]"
    ])
    let overlapLine = #line + 2
    let overlapping = stack {
      Network(
        "core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"],
        tiers: [
          SubnetTier("a", routing: .isolated, cidrs: ["10.0.0.0/24", "10.0.1.0/24"]),
          SubnetTier("b", routing: .isolated, cidrs: ["10.0.2.0/24", "10.0.1.128/25"]),
        ])
    }
    #expect(errors(overlapping) == [
      "Tests/InfraKitTests/NetworkTests.swift:\(overlapLine):14: error: network 'core': tier 'b': 10.0.1.128/25 overlaps 10.0.1.0/24 of tier 'a'; give every subnet its own block [subnet-overlap]"
    ])
  }

  @Test func badBlocksZonesAndRegionsAreLocatedErrors() {
    let line = #line + 2
    let bad = stack {
      Network("core", cidr: "10.0.1.0/16", zones: ["eu-west-1a"])
    }
    #expect(errors(bad) == [
      "Tests/InfraKitTests/NetworkTests.swift:\(line):14: error: network 'core': '10.0.1.0/16' has bits set after its /16 prefix; the block is 10.0.0.0/16; write the VPC block as 10.0.0.0/16 [invalid-cidr]"
    ])
    let zonesLine = #line + 2
    let zones = stack {
      Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1a", "us-east-1b"])
    }
    #expect(errors(zones) == [
      "Tests/InfraKitTests/NetworkTests.swift:\(zonesLine):14: error: network 'core' names zone 'eu-west-1a' twice; name each zone once [duplicate-zone]",
      "Tests/InfraKitTests/NetworkTests.swift:\(zonesLine):14: error: network 'core': zone 'us-east-1b' is not in the provider's region eu-west-1; use zones of eu-west-1, such as eu-west-1a [zone-outside-region]",
    ])
    let oneLine = #line + 2
    let one = stack {
      Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a"])
    }
    #expect(errors(one) == [
      "Tests/InfraKitTests/NetworkTests.swift:\(oneLine):14: error: network 'core' has 1 zone; it needs 2 to 6; name two or more availability zones (three in production), e.g. eu-west-1a, eu-west-1b, eu-west-1c [zone-count]"
    ])
  }

  @Test func moreZonesThanATierHasRoomForAreAZoneCountErrorAlone() {
    let line = #line + 3
    let nine = (0..<9).map { "eu-west-1\(Character(UnicodeScalar(UInt8(ascii: "a") + UInt8($0))))" }
    let wide = stack {
      Network("core", cidr: "10.0.0.0/16", zones: nine)
    }
    #expect(errors(wide) == [
      "Tests/InfraKitTests/NetworkTests.swift:\(line):14: error: network 'core' has 9 zones; it needs 2 to 6; name two or more availability zones (three in production), e.g. eu-west-1a, eu-west-1b, eu-west-1c [zone-count]"
    ])
  }

  @Test func subnetsThatDoNotFitAreLocatedErrors() {
    let line = #line + 2
    let full = stack {
      Network(
        "core", cidr: "10.0.0.0/24", zones: ["eu-west-1a", "eu-west-1b"],
        nat: .disabled, tiers: [SubnetTier("big", routing: .private, prefixLength: 25)])
    }
    #expect(errors(full) == [
      "Tests/InfraKitTests/NetworkTests.swift:\(line):14: error: network 'core': tier 'big' asks for /25 subnets, which do not fit eight times in 10.0.0.0/24 or are smaller than /28; choose a prefix length from /27 to /28, or give explicit CIDR blocks [subnet-size]"
    ])
  }
}

@Suite struct ExplicitTierBlockTests {
  @Test func explicitBlocksThatWouldMoveAnotherTiersSubnetsAreALocatedError() {
    let line = #line + 2
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      Network(
        "core", cidr: "10.100.0.0/16", zones: ["eu-west-1a", "eu-west-1b"],
        tiers: [SubnetTier("public", routing: .public, cidrs: ["10.100.0.0/24", "10.100.1.0/24"]), .private, .isolated])
    }
    let error = #expect(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(error?.diagnostics.map(\.description) == [
      "Tests/InfraKitTests/NetworkTests.swift:\(line):14: error: network 'core': the explicit blocks of tier 'public' move the subnets of tier 'private' from 10.100.0.0/20, 10.100.16.0/20 to 10.100.128.0/20, 10.100.144.0/20, which replaces them on a live network; give tier 'private' the blocks it is deployed with as explicit cidrs, or choose explicit blocks outside them [subnet-moved]"
    ])
  }

  @Test func explicitBlocksOutsideTheCarvedTiersMoveNothing() throws {
    func layout(_ tiers: [SubnetTier]) throws -> [String] {
      var network: Network!
      _ = try Stack("platform", environment: .production, region: .euWest1) {
        network = Network("core", cidr: "10.100.0.0/16", zones: ["eu-west-1a", "eu-west-1b"], tiers: tiers)
      }.synthesize()
      return network.allSubnets.map { "\($0.tier) \($0.cidr)" }
    }
    let carved = try layout(SubnetTier.standard)
    let pinned = try layout([.public, .private, SubnetTier("isolated", routing: .isolated, cidrs: ["10.100.200.0/24", "10.100.201.0/24"])])
    #expect(carved.filter { !$0.hasPrefix("isolated") } == pinned.filter { !$0.hasPrefix("isolated") })
    #expect(pinned.filter { $0.hasPrefix("isolated") } == ["isolated 10.100.200.0/24", "isolated 10.100.201.0/24"])
  }
}

@Suite struct SubnetSelectionTests {
  private let tiers = [
    SubnetTier("edge", routing: .public), SubnetTier("apps", routing: .private), SubnetTier("batch", routing: .private, prefixLength: 24),
    SubnetTier("data", routing: .isolated),
  ]

  @Test func aSelectionPicksATierByNameOrTheFirstThatRoutesSo() throws {
    var network: Network!
    _ = try Stack("platform", environment: .production, region: .euWest1) {
      network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"], tiers: self.tiers)
    }.synthesize()
    func names(_ selection: SubnetSelection) -> [String] { network.subnets(selection).map(\.node.id) }
    #expect(names(.private) == ["apps-a", "apps-b"])
    #expect(names("batch") == ["batch-a", "batch-b"])
    #expect(names(.isolated) == ["data-a", "data-b"])
    #expect(names(.public) == ["edge-a", "edge-b"])
    #expect(names("missing") == [])
  }

  @Test func constructsDefaultToTheFirstTierThatRoutesSoAndNameWhatIsMissing() throws {
    let line = #line + 4
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"], tiers: self.tiers)
      Cluster("main", version: "1.31", network: network) {
        NodePool("general", instanceTypes: ["m6i.large"], size: 3...9, tier: "nodes")
      }
      let flat = Network("flat", cidr: "10.1.0.0/16", zones: ["eu-west-1a", "eu-west-1b"], tiers: [.public, .private])
      Database("orders", engine: .postgres("16"), network: flat)
    }
    let error = #expect(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(error?.diagnostics.map(\.description) == [
      "Tests/InfraKitTests/NetworkTests.swift:\(line):17: error: node pool 'general': the network has no tier 'nodes'; use one of its tiers: edge, apps, batch, data [unknown-tier]",
      "Tests/InfraKitTests/NetworkTests.swift:\(line + 3):15: error: database 'orders': the network has no isolated tier; use one of its tiers: public, private [unknown-tier]",
    ])
  }

  @Test func aClusterAndADatabaseLandInTheFirstPrivateAndIsolatedTiers() throws {
    let configuration = try Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"], tiers: self.tiers)
      Cluster("main", version: "1.31", network: network) { NodePool("general", instanceTypes: ["m6i.large"], size: 3...9) }
      Database("orders", engine: .postgres("16"), network: network)
    }.synthesize().configuration
    let group = try #require(configuration.resources.first { $0.type == "aws_eks_node_group" })
    #expect(group.body["subnet_ids"]?.references.map(\.object) == ["aws_subnet.core_apps_a", "aws_subnet.core_apps_b", "aws_subnet.core_apps_c"])
    let subnets = try #require(configuration.resources.first { $0.type == "aws_db_subnet_group" })
    #expect(subnets.body["subnet_ids"]?.references.map(\.object) == ["aws_subnet.core_data_a", "aws_subnet.core_data_b", "aws_subnet.core_data_c"])
  }
}
