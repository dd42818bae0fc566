import InfraTestSupport
import ReferenceStacks
import Testing

/// The shipped stacks' output, byte for byte. The snapshots were checked with `infra validate
/// --plan` (Terraform 1.11, AWS provider 5.100.0) before they were recorded; CI checks the
/// stacks with Terraform again on every run. Re-record with `RECORD_SNAPSHOTS=1 swift test`.
@Suite struct ReferenceStackSnapshotTests {
  @Test(arguments: ["network-dev", "network-prod"])
  func matchesTheReviewedSnapshot(stack name: String) throws {
    let stack = try #require(ReferenceStacks.all().first { $0.name == name })
    assertSnapshot(try stack.synthesize().json(), named: "\(name).tf.json")
  }

  @Test func everyShippedStackHasASnapshot() {
    #expect(ReferenceStacks.all().map(\.name) == ["network-dev", "network-prod"])
  }
}
