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

  /// Every KMS key infra makes has its policy written out, so Terraform owns it: a statement
  /// added by hand shows up in the next plan.
  @Test(arguments: shippedStackNames)
  func everyKeyHasItsPolicyWrittenOut(stack name: String) throws {
    let resources = try Self.stack(name).synthesize().configuration.resources
    let keys = resources.filter { $0.type == "aws_kms_key" }.map(\.name)
    let policies = resources.filter { $0.type == "aws_kms_key_policy" }
    #expect(!keys.isEmpty)
    for key in keys {
      let policy = policies.first { $0.body["key_id"] == .reference(.resource(type: "aws_kms_key", name: key).attribute("id")) }
      #expect(policy?.meta.provider == resources.first { $0.type == "aws_kms_key" && $0.name == key }?.meta.provider, "\(key)")
      #expect(policy.map { "\($0.body["policy"]!)".contains("AccountAdministersTheKey") } == true, "\(key) has no policy")
    }
  }

  /// Each stack's Kubernetes manifests, file by file: built with `kubectl kustomize` and checked
  /// with `kubernetes-validate --strict` (Kubernetes 1.35) and the vendored CRD schemas before
  /// they were recorded, as CI checks them on every run.
  @Test(arguments: shippedStackNames)
  func manifestsMatchTheReviewedSnapshots(stack name: String) throws {
    let files = try Self.stack(name).synthesize().kubernetesFiles()
    for file in files { assertSnapshot(file.bytes, named: "manifests/\(name)/\(file.path)") }
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/manifests/\(name)").path
    let recorded = try FileManager.default.subpathsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
    #expect(recorded == files.map(\.path).sorted(), "every snapshot is a file the stack writes")
  }

  @Test func theReferencePlatformIsDevStagingAndProductionInTwoRegions() {
    #expect(shippedStackNames == ["dev", "prod-eu-west-1", "prod-us-east-1", "staging"])
  }

  @Test func everySnapshotBelongsToAShippedStack() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/stacks").path
    let snapshots = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(snapshots == shippedStackNames.map { "\($0).tf.json" })
    let manifests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/manifests").path
    #expect(try FileManager.default.contentsOfDirectory(atPath: manifests).sorted() == shippedStackNames)
  }
}
