import Foundation
@testable import InfraCLI
import InfraKit
import InfraTestSupport
import Testing

/// infra's versions table against the pinned AWS provider: a cluster at each listed version, with
/// a node pool that follows it and one pinned to it, validated and planned by Terraform with mock
/// credentials.
///
/// What this proves, and what it does not: provider 5.100.0 does not validate
/// `aws_eks_cluster.version` or `aws_eks_node_group.version` (both are free strings; EKS alone
/// decides, at apply), so Terraform accepting every listed version shows the configurations are
/// valid for the provider, not that EKS offers the version. The second test holds that limit in
/// place: when a provider upgrade starts rejecting versions, it fails, and the first test becomes
/// the check of the table against the provider's own list.
@Suite(
  .enabled(
    if: terraformExecutable != nil && providerMirror != nil,
    "Terraform or the provider mirror is missing: SKIPPED planning a cluster at each listed Kubernetes version"))
struct KubernetesVersionTableTests {
  /// One cluster per version, each named after it (`v1-35`).
  static func clusters(at versions: [KubernetesVersion]) -> Stack {
    Stack("kubernetes-versions", environment: .staging, region: .euWest1) {
      let network = Network("core", cidr: "10.60.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      for version in versions {
        Cluster("v\(version.description.replacingOccurrences(of: ".", with: "-"))", version: version, network: network) {
          NodePool("following", instanceTypes: ["m6i.large"], size: 1...3)
          NodePool("pinned", instanceTypes: ["m6i.large"], size: 1...3, version: version)
        }
      }
    }
  }

  func plan(_ stack: Stack) throws -> (TerraformRunner.Outcome, Int) {
    let synthesized = try stack.synthesize()
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    _ = try StackWriter(outputDirectory: directory).write([(synthesized.name, synthesized.configuration.json())])
    let runner = TerraformRunner(executable: terraformExecutable!, pluginDirectory: providerMirror)
    let outcome = try runner.check(synthesized, plan: true, in: "\(directory)/\(synthesized.name)")
    return (outcome, synthesized.configuration.resources.count)
  }

  @Test func thePinnedProviderPlansAClusterAtEveryListedVersion() throws {
    let versions = KubernetesVersionSupport.all.map(\.version)
    let (outcome, count) = try plan(Self.clusters(at: versions))
    #expect(outcome.passed, "\(outcome.failureOutput ?? "")")
    #expect(outcome.summary.last == "terraform plan: Plan: \(count) to add, 0 to change, 0 to destroy.")
    let configuration = try Self.clusters(at: versions).synthesize().configuration
    let written = configuration.resources.filter { $0.type == "aws_eks_cluster" }.compactMap { $0.body["version"]?.stringValue }
    #expect(written == versions.map(\.description))
  }

  @Test func thePinnedProviderDoesNotValidateTheVersionItself() throws {
    let (outcome, _) = try plan(Self.clusters(at: ["1.99"]))
    #expect(outcome.passed, "provider 5.100.0 now rejects a Kubernetes version: the table test above checks the table against it")
  }
}
