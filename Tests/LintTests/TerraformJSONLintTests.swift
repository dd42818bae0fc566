import InfraCore
import Terraform
import Testing

@testable import InfraLint

/// Lint over Terraform JSON read from files (`infra lint --terraform`) finds what lint over the
/// synthesized stack finds: every rule's examples, written out as JSON and read back.
@Suite struct TerraformJSONLintTests {
  /// Rules over Kubernetes manifests, which Terraform JSON does not hold.
  static func readsManifests(_ id: String) -> Bool { id.hasPrefix("kubernetes-") }

  @Test(arguments: RuleExampleTests.ids)
  func everyRuleFindsInTheJSONWhatItFindsInTheStack(id: String) throws {
    let rule = try #require(LintRules.rule(id))
    for example in rule.examples {
      let location = Testing.SourceLocation(
        fileID: "InfraLint/\(example.file.split(separator: "/").last ?? "")", filePath: example.file, line: example.line, column: 1)
      let synthesized = try example.stack().synthesize()
      let module = try TerraformJSONModule(name: "example", files: [("example/main.tf.json", synthesized.json())])
      #expect(module.environment == example.environment, sourceLocation: location)
      let result = Linter(rules: [rule]).lint(module)
      // Findings come in the order of their lines, which in JSON is the order of the blocks' types.
      #expect(result.findings.map(\.message).sorted() == (Self.readsManifests(id) ? [] : example.findings.sorted()), sourceLocation: location)
      for finding in result.findings {
        let block = try #require(module.locations[finding.address], sourceLocation: location)
        #expect(finding.location == block && block.file == "example/main.tf.json", sourceLocation: location)
        // A resource's `"//"` comment names its construct; a provider's block has none.
        let path = finding.address.hasPrefix("provider.") ? nil : synthesized.elements[finding.address]?.node.pathDescription
        #expect(finding.path == path, sourceLocation: location)
        #expect(finding.stack == "example" && !finding.isSuppressed, sourceLocation: location)
      }
    }
  }
}
