import Testing

@testable import Terraform

/// Terraform JSON read back into the model, as `infra lint --terraform` reads files written by
/// any tool.
@Suite struct TerraformJSONReaderTests {
  static let vpc = Reference.resource(type: "aws_vpc", name: "core")

  @Test(arguments: [
    ("10.0.0.0/16", Expr.string("10.0.0.0/16")),
    ("${aws_vpc.core.id}", .reference(vpc.attribute("id"))),
    ("${ aws_vpc.core.id }", .reference(vpc.attribute("id"))),
    ("${aws_subnet.private[0].id}", .reference(Reference.resource(type: "aws_subnet", name: "private")[0].attribute("id"))),
    ("${aws_subnet.private[*].id}", .reference(Reference.resource(type: "aws_subnet", name: "private"))),
    ("${aws_eks_cluster.main.identity[0].oidc[0].issuer}",
      .reference(Reference.resource(type: "aws_eks_cluster", name: "main").attribute("identity")[0].attribute("oidc")[0].attribute("issuer"))),
    ("${var.tags[\"Team\"]}", .reference(Reference.variable("tags")["Team"])),
    ("${data.aws_region.current.name}", .reference(Reference.dataSource(type: "aws_region", name: "current").attribute("name"))),
    ("${module.network.vpc_id}", .reference(Reference.module("network").attribute("vpc_id"))),
    ("${each.value}", .reference(.eachValue)),
    ("${count.index}", .reference(.countIndex)),
    ("${aws_s3_bucket.logs.arn}/*", .template([.reference(Reference.resource(type: "aws_s3_bucket", name: "logs").attribute("arn")), "/*"])),
    ("$${not.interpolated} and %%{ literal }", .string("${not.interpolated} and %{ literal }")),
    ("${jsonencode({Version = \"2012-10-17\", Statement = [aws_vpc.core.arn]})}",
      .call("jsonencode", [.object(["Version": "2012-10-17", "Statement": .list([.reference(vpc.attribute("arn"))])])])),
    ("${provider::aws::arn_parse(var.arn)}", .call(FunctionName("provider::aws::arn_parse"), [.variable("arn")])),
    ("${cidrsubnet(var.cidr, 8, -1.5)}", .call("cidrsubnet", [.variable("cidr"), 8, .double(-1.5)])),
    ("${true}", .bool(true)),
    ("${\"a\\\"${var.b}\"}", .template(["a\"", .variable("b")])),
    ("${var.enabled ? 1 : 0}", .raw("var.enabled ? 1 : 0")),
    ("${[for s in aws_subnet.a : s.id]}", .raw("[for s in aws_subnet.a : s.id]")),
    ("${path.module}/policy.json", .template([.raw("path.module"), "/policy.json"])),
    ("%{ if var.x }yes%{ endif }", .raw("\"%{ if var.x }yes%{ endif }\"")),
    ("${unterminated", .raw("\"${unterminated\"")),
    // An index known only when Terraform evaluates it ends the path at the object, as a splat does.
    ("${aws_s3_bucket.b[count.index].id}", .reference(Reference.resource(type: "aws_s3_bucket", name: "b"))),
    ("${aws_s3_bucket.b[each.key].id}", .reference(Reference.resource(type: "aws_s3_bucket", name: "b"))),
    ("${aws_subnet.a.0.id}", .reference(Reference.resource(type: "aws_subnet", name: "a")[0].attribute("id"))),
    // Untrusted input that once trapped is kept raw.
    ("${provider::aws::x.y}", .raw("provider::aws::x.y")),
  ])
  func aStringReadsAsTerraformReadsIt(text: String, expected: Expr) {
    #expect(ExpressionReader.expression(fromTemplate: text) == expected)
  }

  @Test func blocksMetaArgumentsAndCommentsAreReadWithWhereEachBlockStarts() throws {
    let text = """
      {
        "//": "written by hand",
        "provider": {"aws": [{"region": "eu-west-1"}, {"alias": "euc1", "region": "eu-central-1"}]},
        "data": {"aws_region": {"current": {}}},
        "resource": {
          "aws_subnet": {
            "a": {
              "//": {"metadata": {"path": "app/network/a", "uniqueId": "a"}},
              "provider": "aws.euc1",
              "vpc_id": "${aws_vpc.core.id}",
              "count": 2,
              "depends_on": ["aws_internet_gateway.igw"],
              "lifecycle": {"create_before_destroy": true, "ignore_changes": ["tags"], "replace_triggered_by": ["${aws_vpc.core}"]},
              "timeouts": {"create": "10m"}
            }
          },
          "aws_launch_template": {"nodes": {"metadata_options": {"http_tokens": "required"}}}
        },
        "variable": {"ignored": {}}
      }
      """
    let document = try TerraformJSONReader.read(Array(text.utf8))
    let configuration = document.configuration
    #expect(configuration.comment == "written by hand")
    #expect(configuration.providers == [ProviderBlock("aws", body: ["region": "eu-west-1"]), ProviderBlock("aws", alias: "euc1", body: ["region": "eu-central-1"])])
    #expect(configuration.dataSources == [DataSourceBlock(type: "aws_region", name: "current")])
    let subnet = try #require(configuration.resources.first { $0.type == "aws_subnet" })
    #expect(subnet.comment == "app/network/a")
    #expect(subnet.body == ["vpc_id": .reference(Self.vpc.attribute("id")), "timeouts": ["create": "10m"]])
    #expect(subnet.body.blocks("timeouts") == [["create": "10m"]])
    #expect(
      subnet.meta
        == MetaArguments(
          provider: ProviderReference(name: "aws", alias: "euc1"), dependsOn: [.resource(type: "aws_internet_gateway", name: "igw")],
          count: 2, lifecycle: Lifecycle(createBeforeDestroy: true, ignoreChanges: .attributes(["tags"]), replaceTriggeredBy: [Self.vpc])))
    let template = try #require(configuration.resources.first { $0.type == "aws_launch_template" })
    #expect(template.body.blocks("metadata_options").first?["http_tokens"] == "required")
    #expect(
      document.positions == [
        "provider.aws": .init(line: 3, column: 24), "provider.aws.euc1": .init(line: 3, column: 49),
        "data.aws_region.current": .init(line: 4, column: 38), "aws_subnet.a": .init(line: 7, column: 12),
        "aws_launch_template.nodes": .init(line: 17, column: 38),
      ])
  }

  @Test(arguments: [
    ("{\"resource\": {\"aws_vpc\": {\"core\": {}}},}", "not JSON: expected a quoted key", 1, 40),
    ("[]", "a Terraform JSON file holds one object", 1, 1),
    ("{\"resource\": {\"aws_vpc\": \"core\"}}", "'resource.aws_vpc' must be an object of named blocks", 1, 26),
    ("{\"resource\": {\"aws_vpc\": {\"core\": [{}, {}]}}}", "'aws_vpc.core' is declared twice", 1, 40),
    ("{\"resource\": {\"aws_vpc\": {\"core\": {\"provider\": \"aws.a.b\"}}}}", "'provider' must name a provider configuration, as \"aws\" or \"aws.alias\"", 1, 48),
    ("{\"provider\": {\"aws\": [{}, {\"region\": \"x\"}]}}", "provider 'aws' is configured twice", 1, 27),
  ])
  func whatIsNotTerraformJSONIsALocatedError(text: String, message: String, line: Int, column: Int) {
    #expect(throws: TerraformJSONReader.ReadError(message: message, position: .init(line: line, column: column))) {
      try TerraformJSONReader.read(Array(text.utf8))
    }
  }

  @Test func deeplyNestedExpressionsAreKeptRawInsteadOfExhaustingTheStack() {
    let text = "${" + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000) + "}"
    guard case .raw = ExpressionReader.expression(fromTemplate: text) else {
      Issue.record("read as structure")
      return
    }
    // Templates nested in templates count too: the outer levels are read, the deepest kept raw.
    let nested = "${jsonencode(" + String(repeating: "\"${[", count: 200) + String(repeating: "]}\"", count: 200) + ")}"
    guard case .call(let name, _) = ExpressionReader.expression(fromTemplate: nested) else {
      Issue.record("the outer call was not read")
      return
    }
    #expect(name.description == "jsonencode")
  }

  @Test(arguments: [
    ("{\"provider\": {\"my provider\": {}}}", "'my provider' is not a provider name Terraform accepts", 1, 30),
    ("{\"provider\": {\"aws\": {\"alias\": \"not ok\"}}}", "the alias of provider 'aws' must be a name Terraform accepts", 1, 32),
  ])
  func providerNamesAreCheckedBeforeUse(text: String, message: String, line: Int, column: Int) {
    #expect(throws: TerraformJSONReader.ReadError(message: message, position: .init(line: line, column: column))) {
      try TerraformJSONReader.read(Array(text.utf8))
    }
  }

  /// What infra writes reads back to blocks that write the same JSON: every template, escape,
  /// reference, nested block and meta-argument survives.
  @Test func aConfigurationReadBackWritesTheSameJSON() throws {
    var subnet = ResourceBlock(type: "aws_subnet", name: "a", comment: "prod/core/a")
    subnet.body["vpc_id"] = .reference(Self.vpc.attribute("id"))
    subnet.body["name"] = "${literal} 100%{ text }"
    subnet.body["policy"] = .call("jsonencode", [["Resource": "\(Self.vpc.attribute("arn"))/*"]])
    subnet.meta.provider = ProviderReference(name: "aws", alias: "euc1")
    subnet.meta.dependsOn = [.resource(type: "aws_internet_gateway", name: "igw")]
    subnet.meta.lifecycle = Lifecycle(createBeforeDestroy: true, preventDestroy: false, ignoreChanges: .attributes(["tags"]), replaceTriggeredBy: [Self.vpc])
    var pool = ResourceBlock(type: "aws_eks_node_group", name: "gpu")
    pool.body.setBlock("scaling_config", ["min_size": 0, "max_size": 4, "desired_size": 0])
    pool.body.setBlocks("taint", [["key": "nvidia.com/gpu", "effect": "NO_SCHEDULE"], ["key": "b", "effect": "NO_EXECUTE"]])
    pool.meta.lifecycle.ignoreChanges = .all
    pool.meta.forEach = .variable("pools")
    let configuration = TerraformConfiguration(
      comment: "generated", providers: [ProviderBlock("aws", alias: "euc1", body: ["region": "eu-central-1"])],
      dataSources: [DataSourceBlock(type: "aws_region", name: "current", meta: MetaArguments(provider: ProviderReference(name: "aws", alias: "euc1")))],
      resources: [subnet, pool])
    let read = try TerraformJSONReader.read(configuration.json()).configuration
    #expect(String(decoding: read.json(), as: UTF8.self) == String(decoding: configuration.json(), as: UTF8.self))
    let readSubnet = try #require(read.resources.first { $0.type == "aws_subnet" })
    #expect(readSubnet.body.references.sorted { "\($0)" < "\($1)" } == [Self.vpc.attribute("arn"), Self.vpc.attribute("id")])
  }
}
