import Foundation
import Testing

@testable import Terraform

@Suite struct ExprTests {
  private func rendered(_ expression: Expr) -> String {
    let text = String(decoding: TerraformConfiguration(locals: ["x": expression]).json(), as: UTF8.self)
    // The value of the single local: `  "locals": {\n    "x": VALUE\n  }\n}\n`.
    let start = text.range(of: "\"x\": ")!.upperBound
    let end = text.range(of: "\n  }\n}\n", options: .backwards)!.lowerBound
    return String(text[start..<end])
  }

  @Test func referencesRenderAsInterpolations() {
    let issuer = Reference.resource(type: "aws_eks_cluster", name: "main").attribute("identity")[0].attribute("oidc")[0]
      .attribute("issuer")
    #expect(rendered(.reference(issuer)) == #""${aws_eks_cluster.main.identity[0].oidc[0].issuer}""#)
    #expect(rendered(.reference(Reference.variable("tags")["Cost \"centre\""])) == #""${var.tags[\"Cost \\\"centre\\\"\"]}""#)
    #expect(rendered(.reference(Reference.dataSource(type: "aws_region", name: "current").attribute("name")))
      == #""${data.aws_region.current.name}""#)
    #expect(rendered(.reference(Reference.module("network").attribute("vpc_id"))) == #""${module.network.vpc_id}""#)
    #expect(rendered(.local("zones")) == #""${local.zones}""#)
    #expect(rendered(.reference(.countIndex)) == #""${count.index}""#)
  }

  @Test func functionCallsRenderTheirArgumentsAsHCL() {
    let policy: Expr = ["Version": "2012-10-17", "Statement": [["Effect": "Allow", "Resource": "*", "Count": 2, "On": true]]]
    #expect(
      rendered(.call("jsonencode", [policy]))
        == #""${jsonencode({\"Statement\" = [{\"Count\" = 2, \"Effect\" = \"Allow\", \"On\" = true, \"Resource\" = \"*\"}], \"Version\" = \"2012-10-17\"})}""#
    )
    #expect(rendered(.call("cidrsubnet", [.variable("cidr"), 8, 1])) == #""${cidrsubnet(var.cidr, 8, 1)}""#)
    #expect(rendered(.call("provider::aws::arn_parse", ["arn:aws:iam::1:role/x"])) == #""${provider::aws::arn_parse(\"arn:aws:iam::1:role/x\")}""#)
    #expect(rendered(.call("max", [1.5, .null, .raw("var.a + 1")])) == #""${max(1.5, null, (var.a + 1))}""#)
  }

  @Test func hclStringsEscapeQuotesBackslashesAndControls() {
    #expect(rendered(.call("upper", ["a\"b\\c\nd\te\u{01}"])) == #""${upper(\"a\\\"b\\\\c\\nd\\te\\u0001\")}""#)
  }

  @Test func stringInterpolationOfReferencesBuildsATemplate() {
    let bucket = Reference.resource(type: "aws_s3_bucket", name: "logs")
    let expression: Expr = "\(bucket.attribute("arn"))/${literal}/*"
    #expect(expression == .template([.reference(bucket.attribute("arn")), .string("/${literal}/*")]))
    #expect(rendered(expression) == #""${aws_s3_bucket.logs.arn}/$${literal}/*""#)
  }

  @Test func stringInterpolationOfPlainValuesStaysALiteral() {
    let count = 3
    let expression: Expr = "zone-\(count)-${x}"
    #expect(expression == .string("zone-3-${x}"))
    #expect(rendered(expression) == #""zone-3-$${x}""#)
  }

  @Test func templatesInsideFunctionCallsAreQuotedHCLTemplates() {
    let arn = Reference.resource(type: "aws_s3_bucket", name: "logs").attribute("arn")
    #expect(rendered(.call("upper", ["\(arn)/\"x\""])) == #""${upper(\"${aws_s3_bucket.logs.arn}/\\\"x\\\"\")}""#)
  }

  @Test func rawExpressionsAreWrittenAsGiven() {
    #expect(rendered(.raw("[for s in var.subnets : s.id]")) == #""${[for s in var.subnets : s.id]}""#)
  }

  @Test func literalsConvert() {
    let expression: Expr = ["a": [1, 2.5, true, nil, "s"]]
    #expect(expression == .object(["a": .list([.int(1), .double(2.5), .bool(true), .null, .string("s")])]))
  }

  @Test func identifiersAreCheckedAndSanitized() {
    #expect(Identifier.isValid("core_vpc-1"))
    #expect(!Identifier.isValid("1core"))
    #expect(!Identifier.isValid(""))
    #expect(!Identifier.isValid("a.b"))
    #expect(Identifier.sanitized("public-a") == "public_a")
    #expect(Identifier.sanitized("1st") == "_1st")
    #expect(Identifier.sanitized("Zürich.eu") == "Z_rich_eu")
    #expect(Identifier.sanitized("") == "_")
  }

  @Test func everyCharacterOutsideASCIIBecomesOneUnderscoreWhateverItsLength() {
    #expect(Identifier.sanitized("tenant_0042") == "tenant_0042")
    #expect(Identifier.sanitized("🚀-12") == "__12")  // four bytes, one character
    #expect(Identifier.sanitized("e\u{301}") == "e_")  // a combining accent is a character of its own
    #expect(Identifier.sanitized("日本") == "__")
    #expect(Identifier.sanitized("-x") == "_x")
    #expect(Identifier.sanitized("9") == "_9")
    #expect(Identifier.sanitized("a\u{0}b") == "a_b")
  }
}
