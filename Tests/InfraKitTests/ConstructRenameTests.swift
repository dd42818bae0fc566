import InfraKit
import Testing

/// A production construct renamed with `renamedFrom:` moves in Terraform and keeps the names AWS
/// knows its resources by; renamed afterwards, it would be replaced, and says so.
@Suite struct ConstructRenameTests {
  @Test func aRenamedDatabaseKeepsItsIdentifierAndEveryName() throws {
    func database(_ id: String, renamedFrom: String?) throws -> ResourceBlock {
      let configuration = try Stack("platform", environment: .staging, region: .euWest1) {
        let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
        Database(id, renamedFrom: renamedFrom, engine: .postgres("16"), network: network)
      }.synthesize().configuration
      return try #require(configuration.resources.first { $0.type == "aws_db_instance" })
    }
    let before = try database("orders", renamedFrom: nil)
    let after = try database("orders-db", renamedFrom: "orders")
    #expect(after.name == "orders_db_instance")
    for name in ["identifier", "final_snapshot_identifier", "tags"] {
      #expect(after.body[name] == before.body[name], "\(name)")
    }
    #expect(after.body["identifier"] == "platform-orders")
  }

  @Test func renamingAProductionConstructAfterItIsBuiltIsALocatedError() {
    let line = #line + 3
    let stack = Stack("platform", environment: .staging, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      Database("orders-db", engine: .postgres("16"), network: network).renamed(from: "orders")
    }
    let error = #expect(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(error?.diagnostics.map(\.description) == [
      "Tests/InfraKitTests/ConstructRenameTests.swift:\(line):15: error: 'platform/orders-db' is renamed from 'orders' after it was built, so what it creates would be named after 'orders-db' and replaced; pass renamedFrom: \"orders\" to its initializer instead of calling renamed(from:) [rename-after-build]"
    ])
  }
}
