import ArgumentParser
import Foundation

/// How a generated pipeline gets infra, runs Terraform and assumes roles: the same for GitHub
/// and GitLab.
struct PipelineSettings: Equatable {
  /// Terraform or OpenTofu: the same plan JSON, which `infra check-plan` reads either way.
  enum Tool: String, ExpressibleByArgument, CaseIterable {
    case terraform, opentofu

    var command: String { self == .terraform ? "terraform" : "tofu" }
    var displayName: String { self == .terraform ? "Terraform" : "OpenTofu" }
    /// The version installed when none is named: one that has the S3 backend's own lock file
    /// (`use_lockfile`), which infra's backends use.
    var defaultVersion: String { self == .terraform ? "1.11.4" : "1.10.0" }
  }

  /// Where CI gets the infra command.
  enum Source: Equatable {
    /// infra's own repository, built at a tag with `script/install`.
    case repository(url: String, ref: String)
    /// The team's Swift package, whose executable runs infra's commands over its Swift stacks.
    case product(String)
  }

  var source: Source
  var tool: Tool = .terraform
  var toolVersion: String
  var planRole = "infra-plan"
  var applyRole = "infra-apply"
  var branch = "main"
  /// The arguments that choose the stacks (`--stacks stacks`, stack files), as given: the
  /// pipeline's infra commands choose the same ones.
  var stackArguments: [String]
  /// The command that writes the pipeline, shown in its header and run with `--check` by it.
  var command: [String]

  /// The command the pipeline runs infra as.
  var infra: String {
    switch source {
    case .repository: "infra"
    case .product(let name): name
    }
  }

  /// `infra <arguments> <stack arguments>`, for a line of a script.
  func infra(_ arguments: String...) -> String {
    ([infra] + arguments + stackArguments.map(shellWord)).joined(separator: " ")
  }

  /// The Swift toolchain that builds infra or the team's package.
  static let swiftVersion = "6.3"

  /// `word` as one shell word: quoted when it holds anything but safe characters.
  func shellWord(_ word: String) -> String {
    let safe = !word.isEmpty && word.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_./=:@,+".unicodeScalars.contains($0) }
    return safe ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  /// The command that writes the pipeline, as one shell line.
  var commandLine: String { command.map(shellWord).joined(separator: " ") }
}
