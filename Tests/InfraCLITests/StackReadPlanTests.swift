import Foundation
import InfraKit
import InfraTestSupport
import JSON
import Testing

/// Terraform itself reads one stack's values from another's outputs: the declaring stack's
/// state (here a local one, standing for the stack once applied) holds the outputs infra wrote
/// for it, and the reading stack's plan, with mock credentials, has their values.
@Suite struct StackReadPlanTests {
  @Test(.enabled(if: terraformExecutable != nil && providerMirror != nil, "SKIPPED: Terraform or the provider mirror is missing"))
  func theReadersPlanHasTheValuesOfTheDeclaringStacksOutputs() throws {
    var vpc: Resource!
    var subnet: Resource!
    let platform = Stack("platform", environment: .production, region: .euWest1) {
      vpc = Resource("vpc", type: "aws_vpc", ["cidr_block": "10.0.0.0/16"])
      subnet = Resource("private-a", type: "aws_subnet", ["vpc_id": vpc["id"], "cidr_block": "10.0.0.0/24"])
    }
    let app = Stack("app", environment: .production, region: .euWest1) {
      let group = Resource("web", type: "aws_security_group", ["vpc_id": vpc["id"], "name_prefix": "web-"])
      Resource(
        "server", type: "aws_instance",
        ["subnet_id": subnet["id"], "vpc_security_group_ids": [group["id"]], "ami": "ami-0123456789abcdef0", "instance_type": "t3.micro"])
    }
    let results = try Stack.synthesize([platform, app]).map { try $0.get() }
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    _ = try StackWriter(outputDirectory: directory).write(results.map { ($0.name, $0.json()) })

    // The platform's outputs validate, and its state holds their values once it is applied.
    let terraform = try #require(terraformExecutable)
    func run(_ arguments: [String], in folder: String) throws -> String {
      var environment = ProcessInfo.processInfo.environment
      environment["TF_IN_AUTOMATION"] = "1"
      environment["CHECKPOINT_DISABLE"] = "1"
      let result = try runProcess(terraform, arguments, in: "\(directory)/\(folder)", environment: environment)
      try #require(result.status == 0, "terraform \(arguments.joined(separator: " ")) in \(folder): \(result.standardOutput)\(result.standardError)")
      return result.standardOutput
    }
    _ = try run(["init", "-input=false", "-plugin-dir=\(providerMirror!)"], in: "platform")
    _ = try run(["validate"], in: "platform")
    let outputs = results[0].configuration.outputs.map(\.name)
    #expect(outputs == ["aws_subnet__private_a__id", "aws_vpc__vpc__id"])
    let values = ["aws_subnet__private_a__id": "subnet-0a1b2c3d4e5f60718", "aws_vpc__vpc__id": "vpc-0a1b2c3d4e5f60718"]
    let state = """
      {"version": 4, "terraform_version": "1.11.0", "serial": 1, "lineage": "6f1c2d3e-0000-4000-8000-000000000001",
       "outputs": {\(values.map { "\"\($0.key)\": {\"value\": \"\($0.value)\", \"type\": \"string\"}" }.sorted().joined(separator: ", "))},
       "resources": [], "check_results": null}
      """
    try writeText(state, to: "\(directory)/platform/terraform.tfstate")

    // The app plans with mock credentials, reading the platform's state.
    try writeText(
      #"{"provider": {"aws": [{"access_key": "mock", "secret_key": "mock", "skip_credentials_validation": true, "skip_requesting_account_id": true, "skip_metadata_api_check": true}]}}"#,
      to: "\(directory)/app/mock_override.tf.json")
    _ = try run(["init", "-input=false", "-plugin-dir=\(providerMirror!)"], in: "app")
    _ = try run(["plan", "-refresh=false", "-input=false", "-out=plan.bin"], in: "app")
    let shown = try JSONParser.parse(Array(try run(["show", "-json", "plan.bin"], in: "app").utf8))
    let changes = try #require(shown["resource_changes"]?.array)
    func after(_ address: String, _ attribute: String) -> String? {
      changes.first { $0["address"]?.string == address }?["change"]?["after"]?[attribute]?.string
    }
    #expect(after("aws_security_group.web", "vpc_id") == "vpc-0a1b2c3d4e5f60718")
    #expect(after("aws_instance.server", "subnet_id") == "subnet-0a1b2c3d4e5f60718")
  }
}
