import Foundation
import InfraKit
import Testing

/// `tenants`: a namespace with access for its team and a database of its own per client, from
/// a list that may run to thousands.
@Suite struct TenantTests {
  static func stackFile(tenants: Int) -> String {
    var text = minimalStack + """
      cluster:
        version: "1.31"
      tenants:
        database: {engine: postgres, version: "16", allowFrom: [cluster]}
        list:

      """
    for index in 0..<tenants {
      text += "    - {name: client-\(index), editors: [\"arn:aws:iam::111122223333:role/client-\(index)\"]}\n"
    }
    return text
  }

  @Test func eachTenantGetsANamespaceAccessEntryAndADatabase() throws {
    let folder = try StackFolder([
      "stack.yaml": Self.stackFile(tenants: 2) + "    - {name: big, viewers: [arn:aws:iam::111122223333:role/big-auditors], database: {storageGiB: 500}}\n"
    ])
    let stack = try #require(try folder.stacks().first)
    let cluster = try #require(stack.node.children.compactMap { $0 as? Cluster }.first)
    #expect(
      cluster.access == [
        .namespace("client-0", edit: ["arn:aws:iam::111122223333:role/client-0"]),
        .namespace("client-1", edit: ["arn:aws:iam::111122223333:role/client-1"]),
        .namespace("big", view: ["arn:aws:iam::111122223333:role/big-auditors"]),
      ])
    let databases = stack.node.children.compactMap { $0 as? Database }
    #expect(databases.map(\.node.id) == ["tenant-client-0", "tenant-client-1", "tenant-big"])
    let json = String(decoding: try stack.synthesize().json(), as: UTF8.self)
    #expect(json.contains(#""allocated_storage": 500"#))
  }

  @Test func thousandsOfTenantsCompile() throws {
    let folder = try StackFolder(["stack.yaml": Self.stackFile(tenants: 2000)])
    let stack = try #require(try folder.stacks().first)
    #expect(stack.node.children.compactMap { $0 as? Database }.count == 2000)
    _ = try stack.synthesize()
  }

  @Test func aProblemInTheSharedSettingsIsReportedOnce() throws {
    let folder = try StackFolder(["stack.yaml": Self.stackFile(tenants: 50).replacingOccurrences(of: "version: \"16\"", with: "versoin: \"16\"")])
    #expect(
      folder.problems() == [
        "stack.yaml:9:32: error: the tenants' database has no setting 'versoin'; did you mean 'version'? [stack-unknown-key]",
        "stack.yaml:9:13: error: the tenants' database needs 'version'; add 'version: \"16\"' [stack-missing-key]",
      ])
  }

  @Test func aTenantNameMustMakeANamespace() throws {
    let folder = try StackFolder(["stack.yaml": Self.stackFile(tenants: 1) + "    - {name: Big_Co}\n"])
    #expect(
      folder.problems() == [
        "stack.yaml:12:14: error: tenant 'Big_Co' cannot be named 'Big_Co': the name becomes a namespace and part of a database identifier; use 1 to 40 lowercase letters, digits and single hyphens, starting with a letter [stack-invalid-value]"
      ])
  }
}
