import InfraKit
import Testing

@Suite struct TypedValueTests {
  @Test func setsBecomeListsWithToList() {
    let stack = Stack("values") {}
    let certificate = AwsAcmCertificate("web", domainName: "example.com", validationMethod: "DNS", in: stack)
    #expect(
      certificate.domainValidationOptions.toList()[0].resourceRecordName.expression
        == .raw("(tolist(aws_acm_certificate.web.domain_validation_options)[0]).resource_record_name"))
  }

  @Test func aValueTurnedIntoSwiftTextIsALocatedError() throws {
    let line = #line + 3
    let stack = Stack("values") {
      let vpc = AwsVpc("vpc", cidrBlock: "10.0.0.0/16")
      AwsSubnet("a", vpcId: vpc.id, cidrBlock: "10.0.0.0/24", tags: ["Name": Value(String(describing: vpc.id))])
    }
    let error = try #require(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(error.diagnostics.map(\.id) == ["value-in-swift-string"])
    #expect(error.diagnostics.first?.location?.line == line)
  }

  /// What interpolating a value into a Swift String writes is caught too, wherever it stands.
  @Test func aValueInterpolatedIntoSwiftTextIsALocatedError() throws {
    let written = "prefix-" + DefaultStringInterpolation.stringifiedValueMark + "aws_vpc.vpc.id⟫"
    let stack = Stack("values") {
      AwsVpc("vpc", cidrBlock: "10.0.0.0/16", tags: ["Name": "fine", "Note": Value(written)])
    }
    let error = try #require(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(error.diagnostics.map(\.id) == ["value-in-swift-string"])
  }

  @Test func templatesTakeStringsNumbersAndBooleans() {
    let stack = Stack("values") {}
    let listener = AwsLbListener("https", defaultAction: [], loadBalancerArn: "arn", in: stack)
    let name: Value<String> = "port-\(listener.port)-\(listener.arn)"
    #expect(
      name.expression
        == .template([
          "port-", .reference(listener.reference.attribute("port")), "-", .reference(listener.reference.attribute("arn")),
        ]))
  }

  @Test func swiftValuesAndTypedValuesPassAlikeWhereAConstructTakesEither() throws {
    let arn = "arn:aws:acm:eu-west-1:111122223333:certificate/0e5b9f4c"
    let certificate = AwsAcmCertificate("certificate", in: Stack("values") {})
    func listenerCertificate(_ value: some ValueConvertible<String>) -> Expr { value.terraformValue.expression }
    #expect(listenerCertificate(arn) == .string(arn))
    #expect(listenerCertificate(certificate.arn) == .reference(certificate.reference.attribute("arn")))
    #expect(3.terraformValue.expression == .int(3))
    #expect(true.terraformValue.expression == .bool(true))
  }
}
