import Foundation
import InfraTestSupport
import Testing

/// `platform-benchmark`, run as the benchmark runs it: the benchmark platform (docs/performance.md)
/// resource for resource, the same bytes on every run, and a configuration Terraform accepts.
@Suite struct PlatformBenchmarkTests {
  let executable = builtExecutable("platform-benchmark")

  /// The fixed part of the platform, by resource type: 44 resources.
  static let fixedPart: [String: Int] = [
    "aws_vpc": 1, "aws_subnet": 6, "aws_internet_gateway": 1, "aws_eip": 3, "aws_nat_gateway": 3,
    "aws_route_table": 4, "aws_route": 4, "aws_route_table_association": 6,
    "aws_iam_role": 2, "aws_iam_role_policy_attachment": 4, "aws_eks_cluster": 1, "aws_eks_node_group": 3,
    "aws_lb": 1, "aws_security_group": 2, "aws_lb_listener": 1, "aws_lb_target_group": 1,
    "aws_db_subnet_group": 1,
  ]

  /// What each tenant adds, by resource type: 4 resources.
  static let perTenant: [String: Int] = [
    "aws_db_instance": 1, "aws_s3_bucket": 1, "aws_s3_bucket_versioning": 1, "aws_iam_role": 1,
  ]

  private func run(tenants: Int, into folder: String) throws -> (summary: String, json: Data) {
    let result = try runProcess(executable, ["--tenants", "\(tenants)", "--out", folder])
    try #require(result.status == 0, "platform-benchmark failed: \(result.standardError)")
    #expect(result.standardError.isEmpty)
    let json = try #require(FileManager.default.contents(atPath: folder + "/main.tf.json"))
    return (result.standardOutput, json)
  }

  /// Resources by type, and the logical names of each type, as Terraform will read them.
  private func resources(in json: Data) throws -> [String: [String]] {
    let document = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
    let resources = try #require(document["resource"] as? [String: [String: Any]])
    return resources.mapValues { $0.keys.sorted() }
  }

  @Test(arguments: [0, 1, 7])
  func writesTheFixedPartAndFourResourcesPerTenant(tenants: Int) throws {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let (summary, json) = try run(tenants: tenants, into: folder + "/platform")

    let byType = try resources(in: json).mapValues(\.count)
    let expected = Self.fixedPart.merging(Self.perTenant.mapValues { $0 * tenants }) { $0 + $1 }.filter { $0.value > 0 }
    #expect(byType == expected)
    let total = 44 + 4 * tenants
    #expect(byType.values.reduce(0, +) == total)
    #expect(summary == "wrote \(folder)/platform/main.tf.json (\(total) resources, \(json.count) bytes)\n")
  }

  @Test func namesEachTenantsResourcesAfterTheTenant() throws {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let byType = try resources(in: try run(tenants: 2, into: folder).json)
    #expect(byType["aws_db_instance"] == ["tenant_0", "tenant_1"])
    #expect(byType["aws_s3_bucket"] == ["tenant_0_data", "tenant_1_data"])
    #expect(byType["aws_iam_role"] == ["cluster_role", "node_role", "tenant_0_app", "tenant_1_app"])
  }

  @Test func twoRunsWriteTheSameBytes() throws {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // Separate processes: Swift seeds its hashing per process, so dictionary order differs.
    let first = try run(tenants: 25, into: folder + "/first").json
    let second = try run(tenants: 25, into: folder + "/second").json
    #expect(first == second)
    let again = try runProcess(executable, ["--tenants", "25", "--out", folder + "/first"])
    #expect(again.standardOutput.hasPrefix("unchanged \(folder)/first/main.tf.json"))
  }

  @Test(arguments: [
    (["--tenants", "3"], "--out is required"),
    (["--out", "x"], "--tenants is required"),
    (["--tenants", "-1", "--out", "x"], "--tenants needs a whole number of tenants, 0 or more"),
    (["--tenants", "3", "--out", "x", "--fast"], "unknown argument '--fast'"),
  ])
  func aBadCommandLineIsAUsageError(arguments: [String], message: String) throws {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try runProcess(executable, arguments, in: folder)
    #expect(result.status == 2)
    #expect(result.standardOutput.isEmpty)
    #expect(result.standardError.hasPrefix("platform-benchmark: \(message)\nusage: platform-benchmark"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
  }

  @Test(
    .enabled(
      if: terraformExecutable != nil && providerMirror != nil,
      "Terraform or the provider mirror is missing: SKIPPED terraform validate of the benchmark platform"))
  func theOutputPassesTerraformValidate() throws {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try run(tenants: 2, into: folder)
    let terraform = terraformExecutable!
    let initialized = try runProcess(
      terraform, ["init", "-backend=false", "-input=false", "-no-color", "-plugin-dir=\(providerMirror!)"], in: folder)
    try #require(initialized.status == 0, "terraform init: \(initialized.standardOutput)\(initialized.standardError)")
    let validated = try runProcess(terraform, ["validate", "-no-color"], in: folder)
    #expect(validated.status == 0, "terraform validate: \(validated.standardOutput)\(validated.standardError)")
  }
}
