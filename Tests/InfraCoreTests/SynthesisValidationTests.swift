import InfraKit
import Testing

/// What synthesis rejects before anything is written, each with its id, message and place.
@Suite struct SynthesisValidationTests {
  private func errors(_ stack: Stack) throws -> [Diagnostic] {
    try #require(throws: SynthesisError.self) { try stack.synthesize() }.diagnostics
  }

  @Test func aReferenceToAnotherStacksResourceIsAnError() throws {
    var vpc: Resource?
    let network = Stack("network") { vpc = Resource("vpc", type: "aws_vpc") }
    let line = #line + 2
    let apps = Stack("apps") {
      Resource("subnet", type: "aws_subnet", ["vpc_id": vpc!["id"], "tags": ["Of": "\(vpc!["arn"])"]])
    }
    let problems = try errors(apps)
    #expect(problems.map(\.description) == [
      "\(SourceLocation(file: #filePath, line: line, column: 15)): error: 'apps/subnet' refers to 'aws_vpc.vpc' of the stack 'network', which is synthesized apart from 'apps'; synthesize the stacks together (Stack.synthesize([...]) in Swift; infra synth does), so 'apps' reads the value from the outputs of 'network' [reference-to-other-stack]"
    ])
    _ = network
  }

  @Test func dependingOnOrUsingAProviderOfAnotherStackIsAnError() throws {
    var foreign: Resource?
    var recovery: Provider?
    let other = Stack("other") {
      foreign = Resource("vpc", type: "aws_vpc")
      recovery = AWSProvider(region: .euCentral1, alias: "recovery")
    }
    let stack = Stack("s") {
      let bucket = Resource("bucket", type: "aws_s3_bucket")
      bucket.dependsOn = [foreign!]
      bucket.provider = recovery
    }
    #expect(try errors(stack).map(\.id) == ["depends-on-other-stack", "unknown-provider"])
    #expect(try errors(stack).last?.message
      == "'s/bucket' uses the provider configuration 'other/aws.recovery', which is not part of the stack 's'")
    _ = other
  }

  @Test func referencesWithinTheStackAndToTerraformsOwnObjectsAreFine() throws {
    let stack = Stack("s") {
      let cidr = Variable("cidr", type: "string")
      let zones = Local("zones", ["a", "b"])
      let vpc = Resource("vpc", type: "aws_vpc", ["cidr_block": cidr.value])
      let subnet = Resource("subnet", type: "aws_subnet", [
        "vpc_id": vpc["id"], "availability_zone": .reference(zones.reference[0]),
        "cidr_block": .call("cidrsubnet", [cidr.value, 8, .reference(.countIndex)]),
      ])
      subnet.count = 2
      Output("subnets", value: .raw("aws_subnet.subnet[*].id"))
      DataSource("region", type: "aws_region")
    }
    #expect(try stack.synthesize().resourceCount == 2)
  }

  @Test func aMetaArgumentWrittenAsAnArgumentIsAnError() throws {
    let line = #line + 2
    let stack = Stack("s") {
      Resource("vpc", type: "aws_vpc", ["cidr_block": "10.0.0.0/16", "lifecycle": ["prevent_destroy": true], "count": 2])
    }
    #expect(try errors(stack).map(\.description) == [
      "\(SourceLocation(file: #filePath, line: line, column: 15)): error: 'count' is a meta-argument, not an argument of aws_vpc; set the resource's own property for it instead of a body entry [reserved-argument]",
      "\(SourceLocation(file: #filePath, line: line, column: 15)): error: 'lifecycle' is a meta-argument, not an argument of aws_vpc; set the resource's own property for it instead of a body entry [reserved-argument]",
    ])
  }

  @Test func invalidNamesAreErrorsNotCrashes() throws {
    let stack = Stack("s") {
      Resource("vpc", type: "aws vpc", logicalID: "1st")
      AWSProvider(region: .euWest1, alias: "eu west")
    }
    #expect(try errors(stack).map(\.message) == [
      "'1st' is not a valid Terraform name",
      "'aws vpc' is not a resource type",
      "'eu west' is not a valid provider alias",
    ])
  }
}
