import Foundation
import Testing

@testable import Terraform

/// DESIGN property 3: a user's string in an expression position is escaped so Terraform reads
/// it literally; a string in a literal position is written exactly as given.
@Suite struct EscapingTests {
  static let hostile = "${var.secret} %{ if true }x%{ endif }"
  static let escaped = "$${var.secret} %%{ if true }x%%{ endif }"

  /// One configuration with the hostile string in every position.
  static var document: [String: Any] {
    var resource = ResourceBlock(type: "aws_vpc", name: "main", comment: hostile)
    resource.body["cidr_block"] = .string(hostile)
    resource.body["tags"] = .object([hostile: .string(hostile)])
    resource.body["list"] = .list([.string(hostile)])
    resource.body.setBlock("single", Body(arguments: ["inner": .string(hostile)]))
    resource.body.setBlocks("repeated", [Body(arguments: ["inner": .string(hostile)])])
    resource.body["call"] = .call("upper", [.string(hostile)])
    resource.body["template"] = .template([.string(hostile), .reference(.variable("x"))])
    resource.meta.count = .string(hostile)
    resource.meta.forEach = .object(["k": .string(hostile)])
    resource.meta.lifecycle.ignoreChanges = .attributes(["tags[\"${x}\"]"])

    var data = DataSourceBlock(type: "aws_region", name: "current")
    data.body["name"] = .string(hostile)

    let configuration = TerraformConfiguration(
      terraform: TerraformBlock(
        requiredVersion: hostile,
        requiredProviders: ["aws": ProviderRequirement(source: hostile, version: hostile)],
        backend: Backend(type: "s3", settings: ["key": .string(hostile)])),
      providers: [ProviderBlock("aws", alias: "second", body: ["region": .string(hostile)])],
      variables: [
        VariableBlock("v", type: hostile, defaultValue: .object(["d": .string(hostile)]), description: hostile)
      ],
      locals: ["l": .string(hostile)],
      dataSources: [data],
      resources: [resource],
      modules: [ModuleBlock("m", source: hostile, version: hostile, arguments: ["arg": .string(hostile)])],
      outputs: [OutputBlock("o", value: .string(hostile), description: hostile)])
    let bytes = configuration.json()
    return try! JSONSerialization.jsonObject(with: Data(bytes)) as! [String: Any]
  }

  static func value(_ path: String...) -> Any? {
    var node: Any? = document
    for step in path {
      if let index = Int(step), let list = node as? [Any] {
        node = list[index]
      } else {
        node = (node as? [String: Any])?[step]
      }
    }
    return node
  }

  static let vpc = ["resource", "aws_vpc", "main"]

  // MARK: - Expression positions: escaped

  @Test func resourceArgument() { #expect(Self.value("resource", "aws_vpc", "main", "cidr_block") as? String == Self.escaped) }
  @Test func objectKeyAndValue() {
    #expect(Self.value("resource", "aws_vpc", "main", "tags", Self.escaped) as? String == Self.escaped)
  }
  @Test func listElement() { #expect(Self.value("resource", "aws_vpc", "main", "list", "0") as? String == Self.escaped) }
  @Test func singleNestedBlock() {
    #expect(Self.value("resource", "aws_vpc", "main", "single", "inner") as? String == Self.escaped)
  }
  @Test func repeatedNestedBlock() {
    #expect(Self.value("resource", "aws_vpc", "main", "repeated", "0", "inner") as? String == Self.escaped)
  }
  @Test func functionArgumentIsAnEscapedHCLString() {
    #expect(
      Self.value("resource", "aws_vpc", "main", "call") as? String
        == #"${upper("$${var.secret} %%{ if true }x%%{ endif }")}"#)
  }
  @Test func templateLiteralPart() {
    #expect(Self.value("resource", "aws_vpc", "main", "template") as? String == Self.escaped + "${var.x}")
  }
  @Test func countAndForEach() {
    #expect(Self.value("resource", "aws_vpc", "main", "count") as? String == Self.escaped)
    #expect(Self.value("resource", "aws_vpc", "main", "for_each", "k") as? String == Self.escaped)
  }
  @Test func dataSourceArgument() { #expect(Self.value("data", "aws_region", "current", "name") as? String == Self.escaped) }
  @Test func providerArgument() { #expect(Self.value("provider", "aws", "0", "region") as? String == Self.escaped) }
  @Test func local() { #expect(Self.value("locals", "l") as? String == Self.escaped) }
  @Test func outputValue() { #expect(Self.value("output", "o", "value") as? String == Self.escaped) }
  @Test func moduleArgument() { #expect(Self.value("module", "m", "arg") as? String == Self.escaped) }

  // MARK: - Literal positions: as given

  @Test func resourceComment() { #expect(Self.value("resource", "aws_vpc", "main", "//") as? String == Self.hostile) }
  @Test func variableTypeDefaultAndDescription() {
    #expect(Self.value("variable", "v", "type") as? String == Self.hostile)
    #expect(Self.value("variable", "v", "default", "d") as? String == Self.hostile)
    #expect(Self.value("variable", "v", "description") as? String == Self.hostile)
  }
  @Test func outputDescription() { #expect(Self.value("output", "o", "description") as? String == Self.hostile) }
  @Test func moduleSourceAndVersion() {
    #expect(Self.value("module", "m", "source") as? String == Self.hostile)
    #expect(Self.value("module", "m", "version") as? String == Self.hostile)
  }
  @Test func providerAlias() { #expect(Self.value("provider", "aws", "0", "alias") as? String == "second") }
  @Test func terraformBlock() {
    #expect(Self.value("terraform", "required_version") as? String == Self.hostile)
    #expect(Self.value("terraform", "required_providers", "aws", "source") as? String == Self.hostile)
    #expect(Self.value("terraform", "required_providers", "aws", "version") as? String == Self.hostile)
    #expect(Self.value("terraform", "backend", "s3", "key") as? String == Self.hostile)
  }
  @Test func lifecycleAttributePaths() {
    #expect(Self.value("resource", "aws_vpc", "main", "lifecycle", "ignore_changes", "0") as? String == "tags[\"${x}\"]")
  }

  // MARK: - Escaping itself

  @Test func onlyTemplateSequencesAreDoubled() {
    #expect(TemplateEscaping.escaped("$ {} % $x %y {$} 100%") == "$ {} % $x %y {$} 100%")
    #expect(TemplateEscaping.escaped("${") == "$${")
    #expect(TemplateEscaping.escaped("$${x}") == "$$${x}")
    #expect(TemplateEscaping.escaped("%%{x}") == "%%%{x}")
    #expect(TemplateEscaping.escaped("a${b}c%{d}") == "a$${b}c%%{d}")
  }

  @Test func dollarsRightBeforeAnInterpolationAreInterpolatedThemselves() {
    let template = Expr.template([.string("cost $"), .reference(.local("x")), .string(" $$"), .reference(.local("y"))])
    #expect(HCLRenderer.templateContent(template.templateParts, inQuotes: false) == #"cost ${"$"}${local.x} ${"$$"}${local.y}"#)
  }
}

extension Expr {
  fileprivate var templateParts: [Expr] {
    if case .template(let parts) = self { return parts }
    return [self]
  }
}
