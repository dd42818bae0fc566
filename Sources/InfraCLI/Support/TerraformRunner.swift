import Foundation
import InfraKit

/// Runs the real Terraform CLI on a synthesized stack in a scratch folder: `init`, `validate`
/// and, when asked, a plan with mock AWS credentials that never contacts AWS.
struct TerraformRunner {
  /// The `terraform` executable.
  let executable: String
  /// A local provider mirror for `terraform init -plugin-dir`, for machines without registry access.
  let pluginDirectory: String?

  /// The outcome of one stack's checks.
  struct Outcome {
    var passed: Bool
    /// One line per step: `terraform validate: ok`, `terraform plan: Plan: 3 to add, …`.
    var summary: [String]
    /// What Terraform printed for the step that failed.
    var failureOutput: String?
    /// The provider `terraform init` could not find (`hashicorp/aws`): the check could not run,
    /// which is not a finding about the stack.
    var missingProvider: String?
  }

  /// The name of the override file that gives the AWS provider mock credentials. Terraform
  /// merges `*_override.tf.json` files into the configuration; infra writes this one only into
  /// its scratch folder, never into the output a user applies.
  static let mockOverrideFile = "infra_mock_credentials_override.tf.json"

  /// `terraform` on the PATH, or nil.
  static func find(in path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
    for directory in (path ?? "").split(separator: ":") {
      let candidate = "\(directory)/terraform"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// `-var` arguments for the stack's variables that have no default (a pager's URL, which a
  /// team's pipeline supplies from its secret store): a mock plan has no secret store, so each
  /// gets a placeholder of its type. A variable of another type than string has none, and the
  /// plan says which value is missing.
  static func placeholders(for configuration: TerraformConfiguration) -> [String] {
    configuration.variables.filter { $0.defaultValue == nil && ($0.type ?? "string") == "string" }
      .map { "-var=\($0.name)=placeholder-for-a-mock-plan" }
  }

  /// The provider named in Terraform's "provider registry.terraform.io/hashicorp/aws was not
  /// found" (`hashicorp/aws`), if `output` says one could not be found.
  static func missingProvider(in output: String) -> String? {
    let words = output.split(whereSeparator: \.isWhitespace)
    guard
      let index = words.indices.first(where: {
        words[$0] == "provider" && $0 + 3 < words.count && words[$0 + 2] == "was" && words[$0 + 3] == "not"
      })
    else { return nil }
    let address = words[index + 1].split(separator: "/")
    return address.count == 3 ? address.suffix(2).joined(separator: "/") : String(words[index + 1])
  }

  func check(_ stack: SynthesizedStack, plan: Bool, in directory: String) throws -> Outcome {
    if plan {
      let folder = URL(fileURLWithPath: directory)
      try Data(Self.mockOverride(for: stack.configuration)).write(to: folder.appendingPathComponent(Self.mockOverrideFile))
      for (name, state) in Self.mockStates(for: stack.configuration) {
        try Data(state.utf8).write(to: folder.appendingPathComponent(Self.mockStateFile(name)))
      }
    }
    var outcome = Outcome(passed: true, summary: [])
    // Validation never needs the backend; the plan uses the local one the override sets.
    var initArguments = ["init", "-input=false", "-no-color"]
    if !plan { initArguments.append("-backend=false") }
    if let pluginDirectory { initArguments.append("-plugin-dir=\(pluginDirectory)") }
    let steps: [(name: String, arguments: [String])] =
      [("terraform init", initArguments), ("terraform validate", ["validate", "-no-color"])]
      + (plan
        ? [("terraform plan", ["plan", "-refresh=false", "-lock=false", "-input=false", "-no-color"] + Self.placeholders(for: stack.configuration))]
        : [])
    for step in steps {
      let result = try run(step.arguments, in: directory)
      guard result.status == 0 else {
        outcome.passed = false
        outcome.summary.append("\(step.name): FAILED")
        outcome.failureOutput = Self.withoutNoise(result.output)
        if step.name == "terraform init" { outcome.missingProvider = Self.missingProvider(in: result.output) }
        return outcome
      }
      switch step.name {
      case "terraform validate": outcome.summary.append("terraform validate: ok")
      case "terraform plan":
        let line = result.output.split(separator: "\n").first { $0.hasPrefix("Plan:") || $0.hasPrefix("No changes.") }
        outcome.summary.append("terraform plan: \(line.map(String.init) ?? "ok")")
      default: break
      }
    }
    return outcome
  }

  /// Mock credentials for every AWS provider configuration of the stack, and a local backend in
  /// place of a remote one.
  static func mockOverride(for configuration: TerraformConfiguration) -> [UInt8] {
    let aliases = Set(configuration.providers.filter { $0.name == "aws" }.map(\.alias)).union([nil])
    let mock: Body = [
      "access_key": "mock", "secret_key": "mock", "skip_credentials_validation": true,
      "skip_requesting_account_id": true, "skip_metadata_api_check": true,
      // The mock credentials belong to no account, so the stack's own account cannot be checked.
      "allowed_account_ids": .null,
    ]
    var override = TerraformConfiguration(
      providers: aliases.map { alias in ProviderBlock("aws", alias: alias, body: mock) })
    if configuration.terraform.backend != nil {
      override.terraform.backend = Backend(type: "local", settings: [:])
    }
    // Another stack's outputs are read from a state of placeholders beside the configuration.
    override.dataSources = configuration.dataSources.filter { $0.type == "terraform_remote_state" }.map { block in
      DataSourceBlock(
        type: block.type, name: block.name, body: ["backend": "local", "config": ["path": .string(mockStateFile(block.name))]])
    }
    return override.json()
  }

  /// The file of placeholder outputs that stands for the stack `name` reads in a mock plan.
  static func mockStateFile(_ name: String) -> String { "infra_mock_\(name).tfstate" }

  /// For each stack whose outputs the configuration reads, a state holding a placeholder for
  /// each output read, shaped as its name says the value is (the provider checks some shapes at
  /// plan time): an ARN, a CIDR block, a port, a list of ids or ARNs, else a string.
  static func mockStates(for configuration: TerraformConfiguration) -> [(name: String, state: String)] {
    var read: [String: Set<String>] = [:]
    for reference in configuration.references {
      let parts = reference.object.split(separator: ".")
      guard parts.count == 3, parts[0] == "data", parts[1] == "terraform_remote_state", reference.path.count >= 2,
        case .attribute("outputs") = reference.path[0], case .attribute(let output) = reference.path[1]
      else { continue }
      read[String(parts[2]), default: []].insert(output)
    }
    return read.keys.sorted().map { name in
      let outputs = read[name]!.sorted().map { output in "\"\(output)\": \(placeholderOutput(output))" }
      return (
        name,
        """
        {"version": 4, "terraform_version": "1.10.0", "serial": 1, "lineage": "00000000-0000-4000-8000-000000000000", \
        "outputs": {\(outputs.joined(separator: ", "))}, "resources": []}

        """
      )
    }
  }

  /// A state's output entry standing for the output `name` (`aws_vpc__core_vpc__id`), as JSON.
  static func placeholderOutput(_ name: String) -> String {
    let attribute = name.components(separatedBy: "__").last ?? name
    let arn = "\"arn:aws:iam::111122223333:role/placeholder-for-a-mock-plan\""
    let text = "\"placeholder-for-a-mock-plan\""
    if attribute.hasSuffix("_ids") || attribute.hasSuffix("_arns") || attribute.hasSuffix("_blocks") {
      let element = attribute.hasSuffix("_arns") ? arn : attribute.hasSuffix("_blocks") ? "\"10.0.0.0/16\"" : text
      return "{\"value\": [\(element)], \"type\": [\"list\", \"string\"]}"
    }
    if attribute == "port" || attribute.hasSuffix("_port") { return "{\"value\": 443, \"type\": \"number\"}" }
    if attribute == "arn" || attribute.hasSuffix("_arn") { return "{\"value\": \(arn), \"type\": \"string\"}" }
    if attribute.contains("cidr") { return "{\"value\": \"10.0.0.0/16\", \"type\": \"string\"}" }
    return "{\"value\": \(text), \"type\": \"string\"}"
  }

  private func run(_ arguments: [String], in directory: String) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var environment = ProcessInfo.processInfo.environment
    environment["TF_IN_AUTOMATION"] = "1"
    environment["TF_INPUT"] = "0"
    environment["CHECKPOINT_DISABLE"] = "1"
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  /// Terraform's output without the warning about a missing CLI configuration file and
  /// without box-drawing lines.
  private static func withoutNoise(_ output: String) -> String {
    var lines: [Substring] = []
    var skippingCLIWarning = false
    for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.contains("problems with the CLI configuration") || line.contains("Unable to open CLI configuration") {
        skippingCLIWarning = true
        continue
      }
      if skippingCLIWarning {
        if line.hasPrefix("╵") { skippingCLIWarning = false }
        continue
      }
      lines.append(line)
    }
    return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
