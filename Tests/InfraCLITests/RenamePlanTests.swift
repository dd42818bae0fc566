import Foundation
import InfraKit
import InfraTestSupport
import Testing

/// A rename proven by Terraform: a state made from the stack before the rename (see
/// script/plan-against-state), and the renamed stack planned against it.
@Suite struct RenamePlanTests {
  /// A network of typed resources; `renamed`, the network and its subnets' group have new ids
  /// and say what they were called before. The route table is pinned with `logicalID:`.
  static func stack(renamed: Bool) -> Stack {
    Stack("rename-proof", environment: .development, region: .euWest1) {
      let network = Construct(renamed ? "core" : "main")
      if renamed { network.renamed(from: "main") }
      network.within {
        let vpc = AwsVpc("vpc", cidrBlock: "10.0.0.0/16", tags: ["Name": "rename-proof"])
        AwsInternetGateway("gateway", vpcId: vpc.id)
        AwsRouteTable("routes", vpcId: vpc.id, logicalID: "public_routes")
        AwsSecurityGroup("web", description: "Web servers", name: "rename-proof-web", vpcId: vpc.id)
        let zones = Construct(renamed ? "subnets" : "zones")
        if renamed { zones.renamed(from: "zones") }
        zones.within {
          AwsSubnet("a", vpcId: vpc.id, availabilityZone: "eu-west-1a", cidrBlock: "10.0.0.0/24")
          AwsSubnet("b", vpcId: vpc.id, availabilityZone: "eu-west-1b", cidrBlock: "10.0.1.0/24")
        }
      }
    }
  }

  /// A network and a database of infra's constructs; `renamed`, both have new ids and say what
  /// they were called before.
  static func constructs(renamed: Bool) -> Stack {
    Stack("rename-constructs", environment: .development, region: .euWest1) {
      let network = Network(
        renamed ? "core" : "main", renamedFrom: renamed ? "main" : nil, cidr: "10.10.0.0/16",
        zones: ["eu-west-1a", "eu-west-1b"])
      Database(renamed ? "orders-db" : "orders", renamedFrom: renamed ? "orders" : nil, engine: .postgres("16"), network: network)
    }
  }

  /// What Terraform plans for `after` against a state made from `before`, as
  /// script/plan-against-state prints it.
  private func plan(before: Stack, after: Stack) throws -> [String: Any] {
    let result = try planAgainstState(before: before, after: after)
    try #require(result.status == 0, "\(result.standardOutput)\(result.standardError)")
    return try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any], "\(result.standardOutput)")
  }

  @Test func theRenamedStackHasOneMovedBlockPerResourceBeneathTheRenames() throws {
    let moved = try Self.stack(renamed: true).synthesize().configuration.moved
    #expect(moved.map { "\($0.from.traversal) -> \($0.to.traversal)" } == [
      "aws_internet_gateway.main_gateway -> aws_internet_gateway.core_gateway",
      "aws_security_group.main_web -> aws_security_group.core_web",
      "aws_subnet.main_zones_a -> aws_subnet.core_subnets_a",
      "aws_subnet.main_zones_b -> aws_subnet.core_subnets_b",
      "aws_vpc.main_vpc -> aws_vpc.core_vpc",
    ])
  }

  @Test(
    .enabled(
      if: terraformExecutable != nil && providerMirror != nil && executableOnPath("python3") != nil,
      "Terraform, the provider mirror or python3 is missing: SKIPPED planning a renamed stack against the state of the old one"))
  func theRenamedStackPlansAsMovesOnly() throws {
    let plan = try plan(before: Self.stack(renamed: false), after: Self.stack(renamed: true))
    #expect(plan["add"] as? Int == 0)
    #expect(plan["change"] as? Int == 0)
    #expect(plan["destroy"] as? Int == 0)
    #expect(plan["move"] as? Int == 5)
    #expect(
      plan["changes"] as? [String: String] == [
        "aws_internet_gateway.core_gateway": "no-op, moved from aws_internet_gateway.main_gateway",
        "aws_security_group.core_web": "no-op, moved from aws_security_group.main_web",
        "aws_subnet.core_subnets_a": "no-op, moved from aws_subnet.main_zones_a",
        "aws_subnet.core_subnets_b": "no-op, moved from aws_subnet.main_zones_b",
        "aws_vpc.core_vpc": "no-op, moved from aws_vpc.main_vpc",
      ])
  }

  /// Constructs renamed with `renamedFrom:` keep the names AWS knows their resources by (made
  /// from the previous id), so nothing is changed or replaced: every resource only moves.
  @Test(
    .enabled(
      if: terraformExecutable != nil && providerMirror != nil && executableOnPath("python3") != nil,
      "Terraform, the provider mirror or python3 is missing: SKIPPED planning renamed constructs against the state of the old ones"))
  func renamedConstructsPlanAsMovesOnly() throws {
    let after = try Self.constructs(renamed: true).synthesize().configuration
    let plan = try plan(before: Self.constructs(renamed: false), after: Self.constructs(renamed: true))
    #expect(plan["add"] as? Int == 0)
    #expect(plan["change"] as? Int == 0)
    #expect(plan["destroy"] as? Int == 0)
    #expect(plan["move"] as? Int == after.resources.count)
    #expect(after.moved.count == after.resources.count)
  }
}
