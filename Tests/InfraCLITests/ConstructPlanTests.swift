import Foundation
@testable import InfraCLI
import InfraKit
import InfraTestSupport
import Testing

/// Each production construct, in a stack of its own, planned by Terraform with the AWS provider
/// and mock credentials: the plan must succeed and create exactly the resources synthesized.
@Suite struct ConstructPlanTests {
  static let stacks: [String: @Sendable () -> Stack] = [
    "network-production": {
      Stack("network-production", region: .euWest1) {
        Network(
          "core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"], environment: .production,
          endpoints: [.s3, .ecr, .sts, .logs])
      }
    },
    "network-development": {
      Stack("network-development", region: .euWest1) {
        Network(
          "core", cidr: "10.10.0.0/20", zones: ["eu-west-1a", "eu-west-1b"], environment: .development,
          tiers: [.public, .private, SubnetTier("payments", routing: .isolated, prefixLength: 27)])
      }
    },
  ]

  @Test(arguments: ["network-production", "network-development"])
  func matchesItsReviewedSnapshot(name: String) throws {
    let synthesized = try Self.stacks[name]!().synthesize()
    assertSnapshot(synthesized.configuration.json(), named: "\(name).tf.json")
  }

  @Test(
    .enabled(
      if: terraformExecutable != nil && providerMirror != nil,
      "Terraform or the provider mirror is missing: SKIPPED planning each construct with Terraform"),
    arguments: ["network-production", "network-development"])
  func plansWithTerraform(name: String) throws {
    let synthesized = try Self.stacks[name]!().synthesize()
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    _ = try StackWriter(outputDirectory: directory).write([(name, synthesized.configuration.json())])
    let runner = TerraformRunner(executable: terraformExecutable!, pluginDirectory: providerMirror)
    let outcome = try runner.check(synthesized, plan: true, in: "\(directory)/\(name)")
    #expect(outcome.passed, "\(outcome.failureOutput ?? "")")
    let count = synthesized.configuration.resources.count
    #expect(outcome.summary.last == "terraform plan: Plan: \(count) to add, 0 to change, 0 to destroy.")
  }
}
