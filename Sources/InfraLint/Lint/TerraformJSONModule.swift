import InfraCore
import Terraform

/// A folder of `*.tf.json` files written by anything (infra, CDK for Terraform, a script, a
/// person), read as the one configuration Terraform reads from it, with the file, line and
/// column where each block starts, for ``Linter/lint(_:)-(TerraformJSONModule)``.
public struct TerraformJSONModule: Sendable {
  /// What reports call it: the folder, as given.
  public let name: String
  public let configuration: TerraformConfiguration
  /// Where each block's body starts, by address: `aws_vpc.core`, `provider.aws`.
  public let locations: [String: SourceLocation]

  /// The files' configurations merged, in the order given; every problem found, each located,
  /// when any file is not Terraform JSON or two declare the same block.
  public init(name: String, files: [(path: String, bytes: [UInt8])]) throws(TerraformJSONModuleError) {
    self.name = name
    var configuration = TerraformConfiguration()
    var locations: [String: SourceLocation] = [:]
    var problems: [Diagnostic] = []
    for file in files {
      let document: TerraformJSONReader.Document
      do {
        document = try TerraformJSONReader.read(file.bytes)
      } catch {
        problems.append(
          .error(
            "terraform-json-unreadable", error.message, fix: "correct the file; Terraform's JSON syntax is in its documentation",
            at: SourceLocation(file: file.path, line: error.position.line, column: error.position.column)))
        continue
      }
      for (address, position) in document.positions.sorted(by: { $0.value.line < $1.value.line }) {
        let location = SourceLocation(file: file.path, line: position.line, column: position.column)
        if let first = locations[address] {
          problems.append(
            .error(
              "terraform-json-unreadable", "'\(address)' is declared again here; it is first declared at \(first)",
              fix: "remove one of the two declarations", at: location))
        }
        locations[address] = location
      }
      configuration.providers += document.configuration.providers
      configuration.dataSources += document.configuration.dataSources
      configuration.resources += document.configuration.resources
    }
    guard problems.isEmpty else { throw TerraformJSONModuleError(diagnostics: problems) }
    self.configuration = configuration
    self.locations = locations
  }

  /// What the module is for: the `Environment` tag of its AWS provider's default tags, when it
  /// names one (`production`, `staging`, `development`), as infra writes it; nil otherwise,
  /// and lint holds the module to production rules.
  public var environment: Environment? {
    let provider = configuration.providers.first { $0.name == "aws" && $0.alias == nil }
    return provider.flatMap(LintedStack.defaultTags)?["Environment"].flatMap(Environment.init(rawValue:))
  }
}

/// Why a folder of Terraform JSON could not be read: every problem found, each located.
public struct TerraformJSONModuleError: Error, Sendable {
  public let diagnostics: [Diagnostic]
}
