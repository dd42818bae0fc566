import Foundation
import InfraKit
import Testing

@Suite struct SynthesisTests {
  @Test func elementsRenderWithTheirPathCommentAndMetaArguments() throws {
    let stack = Stack("prod", environment: .production, region: .euWest1, backend: .s3(bucket: "b", key: "k", region: "eu-west-1")) {
      let recovery = AWSProvider(region: .euCentral1, alias: "recovery")
      let region = Variable("region", type: "string", default: "eu-west-1", description: "Where")
      let vpc = Resource("vpc", type: "aws_vpc", ["cidr_block": "10.0.0.0/16", "tags": ["Region": region.value]])
      let gateway = Resource("igw", type: "aws_internet_gateway", ["vpc_id": vpc["id"]])
      gateway.provider = recovery
      gateway.dependsOn = [vpc]
      gateway.lifecycle.preventDestroy = true
      Output("vpc_id", value: vpc["id"], description: "The VPC")
      Local("name", "core")
      DataSource("current", type: "aws_caller_identity")
      let module = Module("dns", source: "./modules/dns", arguments: ["vpc": vpc["id"]])
      module.providers = ["aws": recovery]
      Moved(from: .resource(type: "aws_vpc", name: "old"), to: vpc.reference)
    }
    let configuration = try stack.synthesize().configuration
    let gateway = try #require(configuration.resources.first { $0.type == "aws_internet_gateway" })
    #expect(gateway.comment == "prod/igw")
    #expect(gateway.meta.provider?.description == "aws.recovery")
    #expect(gateway.meta.dependsOn.map(\.traversal) == ["aws_vpc.vpc"])
    #expect(gateway.meta.lifecycle.preventDestroy == true)
    #expect(gateway.body["vpc_id"] == .reference(Reference.resource(type: "aws_vpc", name: "vpc").attribute("id")))
    #expect(configuration.providers.map(\.reference.description).sorted() == ["aws", "aws.recovery"])
    #expect(configuration.variables.map(\.name) == ["region"])
    #expect(configuration.outputs.map(\.name) == ["vpc_id"])
    #expect(configuration.locals == ["name": "core"])
    #expect(configuration.dataSources.map(\.reference.traversal) == ["data.aws_caller_identity.current"])
    #expect(configuration.modules.first?.providers["aws"]?.description == "aws.recovery")
    #expect(configuration.moved.map { "\($0.from.traversal) -> \($0.to.traversal)" } == ["aws_vpc.old -> aws_vpc.vpc"])
    #expect(configuration.terraform.backend?.type == "s3")
    #expect(configuration.terraform.requiredProviders["aws"]?.version == "~> 5.100")
  }

  @Test func theDefaultAWSProviderTagsWhatItCreates() throws {
    let configuration = try Stack("dev", environment: .development, region: .euWest1, defaultTags: ["Team": "platform", "Stack": "mine"]) {}
      .synthesize().configuration
    let provider = try #require(configuration.providers.first)
    #expect(provider.alias == nil)
    #expect(provider.body["region"] == "eu-west-1")
    #expect(provider.body["allowed_account_ids"] == nil)
    #expect(
      provider.body.blocks("default_tags").first?["tags"]
        == ["ManagedBy": "infra", "Stack": "mine", "Team": "platform", "Environment": "development"])
  }

  @Test func anAccountIsTheOnlyOneTerraformMayChangeInEveryRegionOfTheStack() throws {
    let configuration = try Stack("prod", environment: .production, region: .euWest1, account: "111122223333") {
      AWSProvider(region: .euCentral1, alias: "recovery")
    }.synthesize().configuration
    #expect(configuration.providers.map { $0.body["allowed_account_ids"] } == [["111122223333"], ["111122223333"]])
  }

  @Test func aRegionOrAccountOfTheWrongShapeIsALocatedError() {
    let line = #line + 1
    let stack = Stack("prod", environment: .production, region: "eu-west1", account: "1111-2222-3333") {}
    let error = #expect(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(error?.diagnostics.map(\.description) == [
      "Tests/InfraCoreTests/SynthesisTests.swift:\(line):22: error: 'eu-west1' is not an AWS region code; write a code such as eu-west-1 [invalid-region]",
      "Tests/InfraCoreTests/SynthesisTests.swift:\(line):22: error: '1111-2222-3333' is not an AWS account id; write the account's twelve digits, e.g. 111122223333 [invalid-account]",
    ])
  }

  @Test func anAliasedAWSProviderTagsLikeTheStacksDefaultUnlessTold() throws {
    let configuration = try Stack("prod", environment: .production, region: .euWest1, defaultTags: ["Team": "platform"]) {
      AWSProvider(region: .euCentral1, alias: "recovery")
      AWSProvider(region: .usEast1, alias: "edge", defaultTags: ["Team": "edge"])
    }.synthesize().configuration
    let tags = Dictionary(
      uniqueKeysWithValues: configuration.providers.map { ($0.alias ?? "", $0.body.blocks("default_tags").first?["tags"]) })
    #expect(tags["recovery"] == ["ManagedBy": "infra", "Stack": "prod", "Team": "platform", "Environment": "production"])
    #expect(tags["recovery"] == tags[""])
    #expect(tags["edge"] == ["Team": "edge"])
  }

  @Test func synthesisIsByteIdenticalRunToRun() throws {
    func build() -> Stack {
      Stack("s", environment: .production, region: .euWest1) {
        for zone in ["a", "b", "c"] {
          Resource("subnet-\(zone)", type: "aws_subnet", ["tags": ["Zone": .string(zone), "Z": "1", "A": "2"]])
        }
      }
    }
    let first = try build().synthesize().json()
    let second = try build().synthesize().json()
    #expect(first == second)
  }
}
