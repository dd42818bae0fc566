import Foundation
import InfraAWS
import InfraCore
import InfraTestSupport
import Terraform
import Testing

/// The generated AWS bindings, held against the schema they were generated from and against
/// Terraform with the real provider.
@Suite struct GeneratedBindingsTests {
  /// Every type with every argument and block set writes exactly the schema's argument names,
  /// at every depth: Swift names map back to Terraform's exactly.
  @Test func everyArgumentWritesTheSchemasNames() throws {
    let stack = Stack("every-argument") { Self.declareVariables() }
    GeneratedExercise.everyArgument(in: stack)
    let configuration = try json(stack)
    let schema = try ProviderSchemaFile.load()

    let resources = try #require(configuration["resource"] as? [String: [String: [String: Any]]])
    #expect(Set(resources.keys) == Set(schema.resources.keys))
    for (type, blocks) in resources {
      let body = try #require(blocks.values.first)
      let expected = try #require(schema.resources[type])
      #expect(paths(in: body, following: expected, isRoot: true) == settablePaths(of: expected, isRoot: true), "\(type)")
    }
    let dataSources = try #require(configuration["data"] as? [String: [String: [String: Any]]])
    #expect(Set(dataSources.keys) == Set(schema.dataSources.keys))
    for (type, blocks) in dataSources {
      let body = try #require(blocks.values.first)
      let expected = try #require(schema.dataSources[type])
      #expect(
        paths(in: body, following: expected, isRoot: true) == settablePaths(of: expected, isRoot: true, isResource: false),
        "data.\(type)")
    }
  }

  /// The catalog lists every generated type, with the arguments the provider marks sensitive.
  @Test func catalogListsEveryTypeAndTheSensitiveArguments() throws {
    let schema = try ProviderSchemaFile.load()
    #expect(Set(AWSCatalog.resourceTypes.keys) == Set(schema.resources.keys))
    #expect(Set(AWSCatalog.dataSourceTypes.keys) == Set(schema.dataSources.keys))
    #expect(AWSCatalog.version == "5.100.0")
    #expect(AWSCatalog.sensitiveArguments["aws_db_instance"] == ["password", "password_wo"])
    #expect(AWSCatalog.sensitiveArguments["aws_lb_listener"] == ["default_action.authenticate_oidc.client_secret"])
    #expect(AwsRdsCluster.sensitiveArguments == ["master_password", "master_password_wo"])
    #expect(AwsVpc.sensitiveArguments == [])
    #expect(AWSCatalog.writeOnlyArguments["aws_db_instance"] == ["password_wo"])
    #expect(AwsSsmParameter.writeOnlyArguments == ["value_wo"])
  }

  /// Every type passes `terraform validate` with the AWS provider 5.100.0, once with only its
  /// required arguments and once with every argument and block, each value an unknown variable
  /// of the argument's own type: names, types, required arguments and block shapes are what the
  /// provider expects.
  @Test(
    .enabled(
      if: terraformExecutable != nil && providerMirror != nil,
      "Terraform or the provider mirror is missing: SKIPPED terraform validate of every generated type"),
    arguments: ["required-only", "every-argument"])
  func everyTypePassesTerraformValidate(form: String) throws {
    let stack = Stack(
      form,
      terraform: TerraformBlock(requiredProviders: ["aws": ProviderRequirement(source: "hashicorp/aws", version: "5.100.0")])
    ) {
      Self.declareVariables()
    }
    if form == "required-only" {
      GeneratedExercise.requiredOnly(in: stack)
      for case let resource as Resource in stack.node.children {
        for (argument, constraint) in Self.oneOfArguments[resource.terraformType] ?? [:] {
          resource.body[argument] = .variable(GeneratedExercise.variableName(constraint))
        }
      }
    } else {
      GeneratedExercise.everyArgument(in: stack)
      for case let dataSource as DataSource in stack.node.children where Self.idNotAccepted.contains(dataSource.terraformType) {
        dataSource.body["id"] = nil
      }
    }
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try Data(try stack.synthesize().configuration.json()).write(to: URL(fileURLWithPath: directory + "/main.tf.json"))
    let terraform = terraformExecutable!
    let initialized = try runProcess(
      terraform, ["init", "-backend=false", "-input=false", "-no-color", "-plugin-dir=\(providerMirror!)"], in: directory)
    try #require(initialized.status == 0, "terraform init: \(initialized.standardOutput)\(initialized.standardError)")
    let validated = try runProcess(terraform, ["validate", "-no-color"], in: directory)
    #expect(validated.status == 0, "terraform validate: \(validated.standardOutput)\(validated.standardError)")
  }

  /// A variable of every type the exercise's values take, without a default: unknown until apply.
  private static func declareVariables() {
    for constraint in GeneratedExercise.constraints {
      _ = Variable(GeneratedExercise.variableName(constraint), type: constraint)
    }
  }

  /// Arguments the provider demands one of from a group ("one of `subnet_id,gateway_id` must
  /// be specified"), a rule its schema does not carry: one from each group.
  private static let oneOfArguments: [String: [String: String]] = [
    "aws_acm_certificate": ["domain_name": "string"],
    "aws_autoscaling_group": ["launch_configuration": "string"],
    "aws_cloudwatch_event_rule": ["event_pattern": "string"],
    "aws_flow_log": ["vpc_id": "string"],
    "aws_lb": ["subnets": "set(string)"],
    "aws_network_acl_rule": ["cidr_block": "string"],
    "aws_route": ["destination_cidr_block": "string", "gateway_id": "string"],
    "aws_route53_record": ["records": "set(string)"],
    "aws_route_table_association": ["subnet_id": "string"],
    "aws_security_group_rule": ["cidr_blocks": "list(string)"],
    "aws_ssm_parameter": ["value": "string"],
    "aws_vpc_security_group_egress_rule": ["cidr_ipv4": "string"],
    "aws_vpc_security_group_ingress_rule": ["cidr_ipv4": "string"],
  ]

  /// Data sources whose schema offers `id` (as every data source's does) but whose provider
  /// code rejects it ("Invalid or unknown key"): only those that look an object up by id take it.
  private static let idNotAccepted: Set<String> = [
    "aws_ami", "aws_availability_zones", "aws_eks_addon_version", "aws_eks_cluster_auth", "aws_iam_policy_document", "aws_ssm_parameter",
    "aws_subnets",
  ]

  // MARK: - Helpers

  private func json(_ stack: Stack) throws -> [String: Any] {
    let bytes = try stack.synthesize().configuration.json()
    return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
  }

  /// The argument and block paths a rendered body holds, read with the schema's help to tell
  /// blocks from object-valued arguments.
  private func paths(in body: [String: Any], following block: [String: Any], isRoot: Bool, prefix: String = "") -> Set<String> {
    let blockTypes = block["block_types"] as? [String: [String: Any]] ?? [:]
    var result: Set<String> = []
    for (key, value) in body where key != "//" {
      let path = prefix + key
      result.insert(path)
      guard let nested = blockTypes[key], let inner = nested["block"] as? [String: Any] else { continue }
      let bodies: [[String: Any]]
      switch (nested["nesting_mode"] as? String, value) {
      case ("map", let labelled as [String: [String: Any]]): bodies = Array(labelled.values)
      case (_, let many as [[String: Any]]): bodies = many
      case (_, let one as [String: Any]): bodies = [one]
      default: bodies = []
      }
      for nestedBody in bodies { result.formUnion(paths(in: nestedBody, following: inner, isRoot: false, prefix: path + ".")) }
    }
    return result
  }

  /// Every argument a configuration may set and every block, at every depth; not the root `id`.
  private func settablePaths(of block: [String: Any], isRoot: Bool, isResource: Bool = true, prefix: String = "") -> Set<String> {
    var result: Set<String> = []
    for (name, attribute) in block["attributes"] as? [String: [String: Any]] ?? [:] {
      let settable = attribute["required"] as? Bool == true || attribute["optional"] as? Bool == true
      if settable && !(isRoot && isResource && name == "id") { result.insert(prefix + name) }
    }
    for (name, nested) in block["block_types"] as? [String: [String: Any]] ?? [:] {
      result.insert(prefix + name)
      if let inner = nested["block"] as? [String: Any] {
        result.formUnion(settablePaths(of: inner, isRoot: false, isResource: isResource, prefix: prefix + name + "."))
      }
    }
    return result
  }
}

/// The committed schema subset, read with Foundation rather than the generator's own model.
private struct ProviderSchemaFile {
  let resources: [String: [String: Any]]
  let dataSources: [String: [String: Any]]

  static func load() throws -> ProviderSchemaFile {
    let data = try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/schemas/hashicorp-aws-5.100.0.json"))
    let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let providers = try #require(root["provider_schemas"] as? [String: [String: Any]])
    let aws = try #require(providers["registry.terraform.io/hashicorp/aws"])
    func blocks(_ key: String) -> [String: [String: Any]] {
      (aws[key] as? [String: [String: Any]] ?? [:]).compactMapValues { $0["block"] as? [String: Any] }
    }
    return ProviderSchemaFile(resources: blocks("resource_schemas"), dataSources: blocks("data_source_schemas"))
  }
}
