import Foundation
import InfraCore
import InfraKit
import InfraTestSupport
import Testing

@testable import InfraCLI

/// Stacks that read each other's values, through the commands: what synth writes, the order
/// they are applied in, the CI pipeline's order, and a mock plan of the reader.
@Suite struct StackReadCLITests {
  /// The app stack (listed first) reads the VPC of the platform stack's network.
  static func stacks() -> [Stack] {
    let platform = Stack("platform", environment: .production, region: .euWest1, account: "111122223333",
      backend: .s3(bucket: "example-state", key: "platform.tfstate", region: .euWest1)) {}
    var network: Network!
    platform.within { network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"]) }
    let app = Stack("app", environment: .production, region: .euWest1, account: "111122223333",
      backend: .s3(bucket: "example-state", key: "app.tfstate", region: .euWest1)) {
      let group = Resource("web", type: "aws_security_group", ["vpc_id": network.vpcID.expression, "name_prefix": "web-", "description": "web"])
      // A CIDR block and an ARN, whose shapes the provider checks when it plans.
      Resource(
        "from-vpc", type: "aws_vpc_security_group_ingress_rule",
        ["security_group_id": group["id"], "cidr_ipv4": network.vpc!["cidr_block"], "ip_protocol": "tcp", "from_port": 443, "to_port": 443])
      Resource(
        "flow-logs-key", type: "aws_kms_grant",
        ["key_id": network.vpc!["arn"], "grantee_principal": "arn:aws:iam::111122223333:role/app", "operations": ["Decrypt"]])
    }
    return [app, platform]
  }

  @Test func synthWritesTheReadersRemoteStateAndTheOutputsItReads() throws {
    let directory = try makeTemporaryDirectory()
    #expect(Infra.run(["synth", "--out", directory]) { Self.stacks() } == 0)
    let app = String(decoding: try #require(FileManager.default.contents(atPath: directory + "/app/main.tf.json")), as: UTF8.self)
    #expect(app.contains(#""vpc_id": "${data.terraform_remote_state.platform.outputs.aws_vpc__core_vpc__id}""#))
    #expect(app.contains(#""cidr_ipv4": "${data.terraform_remote_state.platform.outputs.aws_vpc__core_vpc__cidr_block}""#))
    #expect(app.contains(#""key": "platform.tfstate""#))
    let platform = String(decoding: try #require(FileManager.default.contents(atPath: directory + "/platform/main.tf.json")), as: UTF8.self)
    #expect(platform.contains(#""aws_vpc__core_vpc__id": {"#))
  }

  /// The platform's outputs are what its readers ask for, so working on it alone still writes them.
  @Test func synthOfTheDeclaringStackAloneWritesTheOutputsOthersRead() throws {
    let directory = try makeTemporaryDirectory()
    #expect(Infra.run(["synth", "--stack", "platform", "--out", directory]) { Self.stacks() } == 0)
    #expect(!FileManager.default.fileExists(atPath: directory + "/app"))
    let platform = String(decoding: try #require(FileManager.default.contents(atPath: directory + "/platform/main.tf.json")), as: UTF8.self)
    #expect(platform.contains(#""aws_vpc__core_vpc__id": {"#))
  }

  @Test func theApplyOrderPutsEachStackAfterTheStacksItReads() throws {
    let synthesized = try Stack.synthesize(Self.stacks()).map { try $0.get() }
    #expect(synthesized.map(\.name) == ["app", "platform"])
    #expect(SynthesizedStack.inApplyOrder(synthesized).map(\.name) == ["platform", "app"])
  }

  @Test func theGraphOfStackReadsDrawsAnArrowFromEachReaderLabelledWithTheValues() throws {
    let graph = StackReadGraph(try Stack.synthesize(Self.stacks()).map { try $0.get() })
    #expect(
      graph.dot == """
        digraph stacks {
          rankdir=LR;
          node [shape=box, fontname="Helvetica", fontsize=10];
          s0 [label="app"];
          s1 [label="platform"];
          s0 -> s1 [label="aws_vpc.core_vpc.id\\naws_vpc.core_vpc.cidr_block\\naws_vpc.core_vpc.arn", fontsize=9];
        }

        """)
    #expect(
      graph.mermaid == """
        flowchart LR
          s0["app"]
          s1["platform"]
          s0 -->|"aws_vpc.core_vpc.id<br/>aws_vpc.core_vpc.cidr_block<br/>aws_vpc.core_vpc.arn"| s1

        """)
    if let dot = executableOnPath("dot") {
      let directory = try makeTemporaryDirectory()
      try writeText(graph.dot, to: directory + "/stacks.dot")
      let rendered = try runProcess(dot, ["-Tsvg", directory + "/stacks.dot"])
      #expect(rendered.status == 0 && rendered.standardOutput.contains("aws_vpc.core_vpc.cidr_block"), "\(rendered.standardError)")
    }
  }

  @Test func theCIPipelinePlansTheReaderAfterTheDeclaringStackIsApplied() throws {
    let directory = try makeTemporaryDirectory()
    #expect(Infra.run(["ci", "github", "--product", "team-infra", "--out", directory]) { Self.stacks() } == 0)
    let apply = String(decoding: try #require(FileManager.default.contents(atPath: directory + "/infra-apply.yml")), as: UTF8.self)
    #expect(apply.contains("  plan-app:\n    name: plan app\n    needs:\n      - synth\n      - plan-platform\n      - apply-platform\n    if: "))
    #expect(apply.contains("  plan-platform:\n    name: plan platform\n    needs:\n      - synth\n    runs-on"))
  }

  @Test func placeholdersAreShapedAsTheOutputsNameSays() {
    #expect(TerraformRunner.placeholderOutput("aws_vpc__core_vpc__cidr_block") == #"{"value": "10.0.0.0/16", "type": "string"}"#)
    #expect(TerraformRunner.placeholderOutput("aws_iam_role__node__arn") == #"{"value": "arn:aws:iam::111122223333:role/placeholder-for-a-mock-plan", "type": "string"}"#)
    #expect(TerraformRunner.placeholderOutput("aws_db_instance__orders__port") == #"{"value": 443, "type": "number"}"#)
    #expect(TerraformRunner.placeholderOutput("aws_eks_cluster__main__vpc_config__0__subnet_ids") == #"{"value": ["placeholder-for-a-mock-plan"], "type": ["list", "string"]}"#)
    #expect(TerraformRunner.placeholderOutput("aws_vpc__core_vpc__id") == #"{"value": "placeholder-for-a-mock-plan", "type": "string"}"#)
  }

  @Test(.enabled(if: terraformExecutable != nil && providerMirror != nil, "SKIPPED: Terraform or the provider mirror is missing"))
  func aMockPlanOfTheReaderReadsPlaceholdersForTheOutputs() throws {
    #expect(Infra.run(["validate", "--plan", "--plugin-dir", providerMirror!]) { Self.stacks() } == 0)
  }
}
