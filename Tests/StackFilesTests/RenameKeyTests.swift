import Foundation
import InfraKit
@testable import StackFiles
import Testing

/// `renamedFrom:` on every part of a stack file that becomes a construct.
@Suite struct RenameKeyTests {
  @Test func everyPartThatBecomesAConstructTakesRenamedFrom() {
    for keys in [
      StackSchema.networkKeys, StackSchema.clusterKeys, StackSchema.applicationLoadBalancerKeys,
      StackSchema.networkLoadBalancerKeys, StackSchema.databaseKeys, StackSchema.databaseSettings, StackSchema.backupKeys,
    ] {
      #expect(keys.contains("renamedFrom"), "\(keys)")
    }
  }

  static let stack = """
    region: eu-west-1
    environment: development
    network: {name: core, renamedFrom: main, cidr: 10.10.0.0/16, zones: [eu-west-1a, eu-west-1b]}
    databases:
      - {name: orders-db, renamedFrom: orders, engine: postgres, version: "16"}

    """

  @Test func theNetworkAndADatabaseMoveEverythingTheyCreate() throws {
    let stack = try #require(try StackFolder(["dev.yaml": Self.stack]).stacks().first)
    let synthesized = try stack.synthesize()
    let moved = synthesized.configuration.moved
    // Every resource of the network and of the database moves, and nothing else.
    #expect(moved.count == synthesized.configuration.resources.count)
    let pairs = moved.map { "\($0.from.traversal) -> \($0.to.traversal)" }
    #expect(pairs.contains("aws_vpc.main_vpc -> aws_vpc.core_vpc"))
    #expect(pairs.contains("aws_subnet.main_private_a -> aws_subnet.core_private_a"))
    #expect(pairs.contains("aws_db_instance.orders_instance -> aws_db_instance.orders_db_instance"))
    #expect(pairs == pairs.sorted())
  }

  @Test func aTenantsDatabaseIsRenamedInItsOwnSettings() throws {
    let text = """
      region: eu-west-1
      environment: development
      network: {cidr: 10.10.0.0/16, zones: [eu-west-1a, eu-west-1b]}
      cluster:
        version: "1.31"
        nodePools: [{name: general, instanceTypes: [m6i.large], minSize: 1, maxSize: 3}]
      tenants:
        database: {engine: postgres, version: "16"}
        list:
          - {name: acme}
          - {name: acme-corp, database: {renamedFrom: tenant-acme-inc}}

      """
    let stack = try #require(try StackFolder(["dev.yaml": text]).stacks().first)
    let moved = try stack.synthesize().configuration.moved
    #expect(!moved.isEmpty)
    #expect(moved.allSatisfy { $0.from.object.contains("tenant_acme_inc_") && $0.to.object.contains("tenant_acme_corp_") })
  }

  @Test func aBadRenameIsReportedAtThePartItRenames() throws {
    let text = """
      region: eu-west-1
      environment: development
      network: {name: core, renamedFrom: core, cidr: 10.10.0.0/16, zones: [eu-west-1a, eu-west-1b]}
      databases:
        - {name: orders, engine: postgres, version: "16"}
        - {name: billing, engine: postgres, version: "16", renamedFrom: orders}

      """
    let stack = try #require(try StackFolder(["dev.yaml": text]).stacks().first)
    let error = try #require(throws: SynthesisError.self) { try stack.synthesize() }
    let file = try #require(error.diagnostics.first?.location?.file)
    #expect(
      error.diagnostics.map { $0.description.replacingOccurrences(of: file, with: "dev.yaml") } == [
        "dev.yaml:3:10: error: 'dev/core' is renamed from 'core', its own id; give the id it had before, or remove the rename [invalid-previous-id]",
        "dev.yaml:6:5: error: 'dev/billing' is renamed from 'orders', but 'aws_kms_key.orders_key', the old address of 'dev/billing/key', still belongs to 'dev/orders/key' (at dev.yaml:5:5); remove or rename what still has the old name, or drop the rename: Terraform cannot move an object to a new address while the old one is in the configuration [renamed-from-existing]",
      ])
  }
}
