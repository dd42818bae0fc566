import Foundation
import InfraKit
import Testing

/// A stack that uses another stack's constructs reads their values from that stack's outputs,
/// through `terraform_remote_state` on the backend the other stack keeps its state in.
@Suite struct StackReadTests {
  /// A platform stack with a VPC and a subnet, and an app stack whose security group and
  /// instance are in them.
  static func stacks(platformBackend: Backend? = .s3(bucket: "state", key: "platform.tfstate", region: "eu-west-1")) -> (platform: Stack, app: Stack) {
    var vpc: Resource!
    var subnet: Resource!
    let platform = Stack("platform", environment: .production, region: .euWest1, backend: platformBackend) {
      vpc = Resource("vpc", type: "aws_vpc", ["cidr_block": "10.0.0.0/16"])
      subnet = Resource("private-a", type: "aws_subnet", ["vpc_id": vpc["id"], "cidr_block": "10.0.0.0/24"])
    }
    let app = Stack("app", environment: .production, region: .euWest1) {
      let group = Resource("web", type: "aws_security_group", ["vpc_id": vpc["id"], "name_prefix": "web-"])
      Resource("server", type: "aws_instance", ["subnet_id": subnet["id"], "vpc_security_group_ids": [group["id"]], "ami": "ami-0123456789abcdef0"])
      Output("subnet", value: "\(subnet["id"])/\(vpc["arn"])")
    }
    return (platform, app)
  }

  @Test func theReaderReadsTheDeclaringStacksOutputsFromItsBackend() throws {
    let (platform, app) = Self.stacks()
    let results = Stack.synthesize([platform, app])
    let producer = try results[0].get()
    let reader = try results[1].get()
    #expect(producer.readsFrom.isEmpty)
    #expect(reader.readsFrom == ["platform"])
    #expect(
      producer.configuration.outputs == [
        OutputBlock("aws_subnet__private_a__id", value: .reference(Reference.resource(type: "aws_subnet", name: "private_a").attribute("id")), description: "aws_subnet.private_a.id, read by other stacks"),
        OutputBlock("aws_vpc__vpc__arn", value: .reference(Reference.resource(type: "aws_vpc", name: "vpc").attribute("arn")), description: "aws_vpc.vpc.arn, read by other stacks"),
        OutputBlock("aws_vpc__vpc__id", value: .reference(Reference.resource(type: "aws_vpc", name: "vpc").attribute("id")), description: "aws_vpc.vpc.id, read by other stacks"),
      ])
    let state = Reference.dataSource(type: "terraform_remote_state", name: "platform").attribute("outputs")
    let group = try #require(reader.configuration.resources.first { $0.type == "aws_security_group" })
    #expect(group.body["vpc_id"] == .reference(state.attribute("aws_vpc__vpc__id")))
    let server = try #require(reader.configuration.resources.first { $0.type == "aws_instance" })
    #expect(server.body["subnet_id"] == .reference(state.attribute("aws_subnet__private_a__id")))
    #expect(server.body["vpc_security_group_ids"] == .list([.reference(Reference.resource(type: "aws_security_group", name: "web").attribute("id"))]))
    #expect(reader.configuration.outputs.first?.value == .template([.reference(state.attribute("aws_subnet__private_a__id")), "/", .reference(state.attribute("aws_vpc__vpc__arn"))]))
    #expect(
      reader.configuration.dataSources == [
        DataSourceBlock(
          type: "terraform_remote_state", name: "platform", comment: "app reads the outputs of platform",
          body: ["backend": "s3", "config": ["bucket": "state", "key": "platform.tfstate", "region": "eu-west-1", "encrypt": true, "use_lockfile": true]])
      ])
  }

  @Test func aStackWithoutABackendIsReadFromItsFolderBesideTheReaders() throws {
    let (platform, app) = Self.stacks(platformBackend: nil)
    let reader = try Stack.synthesize([platform, app])[1].get()
    #expect(reader.configuration.dataSources.first?.body["config"] == ["path": "../platform/terraform.tfstate"])
  }

  @Test func synthesizedAloneAReadIsALocatedError() throws {
    let (_, app) = Self.stacks()
    let error = try #require(throws: SynthesisError.self) { try app.synthesize() }
    #expect(
      error.diagnostics.map(\.message) == [
        "'app/web' refers to 'aws_vpc.vpc' of the stack 'platform', which is synthesized apart from 'app'",
        "'app/server' refers to 'aws_subnet.private_a' of the stack 'platform', which is synthesized apart from 'app'",
        "'app/subnet' refers to 'aws_subnet.private_a' of the stack 'platform', which is synthesized apart from 'app'",
        "'app/subnet' refers to 'aws_vpc.vpc' of the stack 'platform', which is synthesized apart from 'app'",
      ])
    #expect(error.diagnostics.allSatisfy { $0.id == "reference-to-other-stack" })
  }

  @Test func aReadOfAStackNotSynthesizedIsAnError() throws {
    let (_, app) = Self.stacks()
    let result = Stack.synthesize([app])[0]
    #expect(throws: SynthesisError.self) { try result.get() }
    guard case .failure(let error) = result else { return }
    #expect(error.diagnostics.map(\.id) == ["unknown-stack"])
    #expect(
      error.diagnostics.first?.message
        == "'app/web' reads 'aws_vpc.vpc' from the stack 'platform', which is not among the stacks synthesized")
    #expect(error.diagnostics.first?.location == SourceLocation(file: #filePath, line: 18, column: 27))
  }

  @Test func stacksThatReadEachOtherAreACycle() throws {
    var first: Resource!
    var second: Resource!
    let a = Stack("a", environment: .production, region: .euWest1) {
      first = Resource("vpc", type: "aws_vpc", ["cidr_block": "10.0.0.0/16"])
    }
    let b = Stack("b", environment: .production, region: .euWest1) {
      second = Resource("vpc", type: "aws_vpc", ["cidr_block": "10.1.0.0/16"])
    }
    a.within { Resource("peer", type: "aws_vpc_peering_connection", ["vpc_id": first["id"], "peer_vpc_id": second["id"]]) }
    b.within { Resource("route", type: "aws_route", ["route_table_id": "rtb-1", "vpc_peering_connection_id": first["id"]]) }
    let results = Stack.synthesize([a, b])
    guard case .failure(let error) = results[0], case .failure(let other) = results[1] else {
      Issue.record("a stack of the cycle synthesized")
      return
    }
    #expect(error.diagnostics.map(\.id) == ["stack-cycle"])
    #expect(
      error.diagnostics.first?.message
        == "the stacks 'a' → 'b' → 'a' read values from each other; 'a/peer' reads 'aws_vpc.vpc' from 'b'")
    #expect(other.diagnostics.map(\.message) == ["the stacks 'b' → 'a' → 'b' read values from each other; 'b/route' reads 'aws_vpc.vpc' from 'a'"])
  }

  @Test func aValueWhoseOutputNameIsTakenIsAnError() throws {
    // Only names holding `__` can meet: `a` with the attribute `cidr__block`, and `a__cidr` with `block`.
    var first: Resource!
    var second: Resource!
    let platform = Stack("platform", environment: .production, region: .euWest1) {
      first = Resource("a", type: "aws_vpc", ["cidr_block": "10.1.0.0/16"])
      second = Resource("a__cidr", type: "aws_vpc", logicalID: "a__cidr", ["cidr_block": "10.2.0.0/16"])
      Output("aws_vpc__vpc__id", value: "declared by hand")
    }
    var vpc: Resource!
    platform.within { vpc = Resource("vpc", type: "aws_vpc", ["cidr_block": "10.0.0.0/16"]) }
    let app = Stack("app", environment: .production, region: .euWest1) {
      Output("first", value: first["cidr__block"])
      Output("second", value: second["block"])
      Output("third", value: vpc["id"])
    }
    guard case .failure(let error) = Stack.synthesize([platform, app])[1] else { Issue.record("app synthesized"); return }
    #expect(
      error.diagnostics.map(\.message) == [
        "'app/second' reads 'aws_vpc.a__cidr.block' from the stack 'platform', whose output for it, 'aws_vpc__a__cidr__block', is already the output of 'aws_vpc.a.cidr__block'",
        "'app/third' reads 'aws_vpc.vpc.id' from the stack 'platform', whose output for it, 'aws_vpc__vpc__id', is an output that stack declares itself",
      ])
  }

  @Test func aReplacementTriggeredByAnotherStacksValueIsAnError() throws {
    var parameter: Resource!
    let platform = Stack("platform", environment: .production, region: .euWest1) {
      parameter = Resource("one", type: "aws_ssm_parameter", ["name": "/one", "type": "String", "value": "1"])
    }
    let app = Stack("app", environment: .production, region: .euWest1) {
      let bucket = Resource("logs", type: "aws_s3_bucket", ["bucket_prefix": "logs-"])
      bucket.lifecycle.replaceTriggeredBy = [parameter.reference.attribute("version")]
    }
    guard case .failure(let error) = Stack.synthesize([platform, app])[1] else { Issue.record("app synthesized"); return }
    #expect(error.diagnostics.map(\.id) == ["replaced-by-other-stack"])
  }

  @Test func dependingOnAnotherStacksResourceIsAnError() throws {
    var vpc: Resource!
    let platform = Stack("platform", environment: .production, region: .euWest1) {
      vpc = Resource("vpc", type: "aws_vpc", ["cidr_block": "10.0.0.0/16"])
    }
    let app = Stack("app", environment: .production, region: .euWest1) {
      let bucket = Resource("logs", type: "aws_s3_bucket", ["bucket_prefix": "logs-"])
      bucket.dependsOn = [vpc]
    }
    guard case .failure(let error) = Stack.synthesize([platform, app])[1] else { Issue.record("app synthesized"); return }
    #expect(error.diagnostics.map(\.id) == ["depends-on-other-stack"])
  }
}
