import Foundation
import InfraKit
import InfraTestSupport
import StackFiles
import Testing

/// The reference platform in stacks/, byte for byte. The snapshots were checked with `infra
/// validate --plan` (Terraform 1.11, AWS provider 5.100.0) before they were recorded; CI checks
/// the stacks with Terraform again on every run. Re-record with `RECORD_SNAPSHOTS=1 swift test`.
@Suite struct ShippedStackTests {
  static func stack(_ name: String) throws -> Stack {
    let stacks = try StackFiles.stacks(files: [repositoryRoot + "/stacks/\(name).yaml"])
    return try #require(stacks.first)
  }

  @Test(arguments: shippedStackNames)
  func matchesTheReviewedSnapshot(stack name: String) throws {
    assertSnapshot(try Self.stack(name).synthesize().json(), named: "stacks/\(name).tf.json")
  }

  @Test func theReferencePlatformIsDevStagingAndProductionInTwoRegions() {
    #expect(shippedStackNames == ["dev", "prod-eu-west-1", "prod-us-east-1", "staging"])
  }

  @Test func everySnapshotBelongsToAShippedStack() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/stacks").path
    let snapshots = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(snapshots == shippedStackNames.map { "\($0).tf.json" })
  }
}
