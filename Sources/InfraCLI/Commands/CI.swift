import ArgumentParser
import Foundation
import InfraKit

extension Infra {
  /// `infra ci github` and `infra ci gitlab`: the CI pipeline that takes the stacks from a pull
  /// request to an apply.
  struct CI: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ci",
      abstract: "Write the CI pipeline that synthesizes, lints, plans, checks and applies the stacks.",
      discussion: """
        On pull (merge) requests the pipeline synthesizes, lints, validates, plans every stack \
        with its plan role and posts infra check-plan's report as one comment, failing when a plan \
        is blocked; on the main branch it plans each stack and applies exactly that saved plan \
        with its apply role once the stack's environment approves it. Roles are assumed with the \
        CI's OIDC token, in the account each stack names (account:). See docs/ci.md.
        """,
      subcommands: [GitHub.self, GitLab.self])

    struct GitHub: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "github",
        abstract: "Write GitHub Actions workflows: infra-plan.yml for pull requests, infra-apply.yml for the main branch.",
        discussion: """
          Exit codes: 0 written (or, with --check, current); 1 with --check, a workflow differs \
          from what would be written; 2 bad input.
          """)

      @OptionGroup var selection: StackSelection
      @OptionGroup var options: PipelineOptions

      @Option(help: ArgumentHelp("The folder the workflows go in.", valueName: "dir"), completion: .directory)
      var out = ".github/workflows"

      func run() throws {
        let settings = try options.settings(selection: selection, platform: "github", out: out, defaultOut: ".github/workflows")
        let workflows = GitHubWorkflows(stacks: try pipelineStacks(selection), settings: settings)
        try options.emit(workflows.files.map { ("\(out)/\($0.name)", $0.text) })
      }
    }

    struct GitLab: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "gitlab",
        abstract: "Write a GitLab CI/CD pipeline for merge requests and the default branch, to include from .gitlab-ci.yml.",
        discussion: """
          Exit codes: 0 written (or, with --check, current); 1 with --check, the pipeline differs \
          from what would be written; 2 bad input.
          """)

      @OptionGroup var selection: StackSelection
      @OptionGroup var options: PipelineOptions

      @Option(help: ArgumentHelp("The pipeline file.", valueName: "file"), completion: .file(extensions: ["yml", "yaml"]))
      var out = GitLabPipeline.file

      func run() throws {
        let settings = try options.settings(selection: selection, platform: "gitlab", out: out, defaultOut: GitLabPipeline.file)
        try options.emit([(out, GitLabPipeline(stacks: try pipelineStacks(selection), settings: settings).text)])
      }
    }
  }
}

/// The stacks chosen, as the pipeline sees them; every problem printed and exit 2 when one
/// cannot be planned and applied from CI.
private func pipelineStacks(_ selection: StackSelection) throws -> [PipelineStack] {
  var stacks: [PipelineStack] = []
  var problems: [Diagnostic] = []
  // The pipeline needs only what each stack declares (region, account, backend) and the stacks
  // it reads values from, found without synthesizing it; the pipeline's own synth job reports
  // the stacks' errors.
  let chosen = try selection.stacks()
  let names = Set(chosen.map(\.name))
  for stack in chosen {
    switch PipelineStack.of(stack) {
    case .success(var pipelineStack):
      pipelineStack.dependsOn = stack.stacksRead().filter(names.contains)
      stacks.append(pipelineStack)
    case .failure(let failure): problems += failure.diagnostics
    }
  }
  guard problems.isEmpty else {
    problems.forEach { Console.error($0.description) }
    throw ExitCode.badInput
  }
  return stacks
}

/// The options `infra ci github` and `infra ci gitlab` share.
struct PipelineOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "The git URL of infra's repository, which the pipeline builds infra from with script/install (cached).", valueName: "url"))
  var infraRepository: String?

  @Option(help: ArgumentHelp("The tag of infra's repository to build (default: v\(InfraVersion.current)).", valueName: "ref"))
  var infraRef: String?

  @Option(
    help: ArgumentHelp(
      "Instead of infra's repository: the executable of this Swift package that runs infra's commands over its stacks.",
      valueName: "name"))
  var product: String?

  @Option(help: ArgumentHelp("terraform or opentofu.", valueName: "tool"))
  var tool: PipelineSettings.Tool = .terraform

  @Option(help: ArgumentHelp("The version of Terraform or OpenTofu to install (default: 1.11.4, or 1.10.0 for OpenTofu).", valueName: "version"))
  var toolVersion: String?

  @Option(help: ArgumentHelp("The role plans assume, in each stack's account.", valueName: "name"))
  var planRole = "infra-plan"

  @Option(help: ArgumentHelp("The role applies assume, in each stack's account.", valueName: "name"))
  var applyRole = "infra-apply"

  @Option(help: ArgumentHelp("The branch that is applied; pull requests into it are planned.", valueName: "name"))
  var branch = "main"

  @Flag(help: "Write nothing; exit 1 when a file differs from what would be written.")
  var check = false

  /// Problems with the options themselves, in infra's error shape (checked when the command
  /// runs: argument-parser may validate an option group more than once).
  private func checkOptions() throws {
    let sourceProblem: String? =
      switch (infraRepository, product) {
      case (nil, nil):
        "say where the pipeline gets infra: --infra-repository <url> (infra's git repository, built at a tag) or --product <name> (this Swift package's executable)"
      case (.some, .some): "--infra-repository and --product are two ways to get infra; give one"
      case (nil, .some) where infraRef != nil: "--infra-ref is a tag of --infra-repository; leave it out with --product"
      default: nil
      }
    if let sourceProblem {
      Console.error("infra: error: \(sourceProblem) [ci-infra-source]")
      throw ExitCode.badInput
    }
    for (name, value) in [("--plan-role", planRole), ("--apply-role", applyRole), ("--branch", branch)] where value.isEmpty {
      Console.error("infra: error: \(name) cannot be empty; leave it out for its default [ci-empty-option]")
      throw ExitCode.badInput
    }
  }

  /// The settings, with the command that writes this pipeline in its canonical form.
  func settings(selection: StackSelection, platform: String, out: String, defaultOut: String) throws -> PipelineSettings {
    try checkOptions()
    let source: PipelineSettings.Source =
      if let product { .product(product) } else { .repository(url: infraRepository ?? "", ref: infraRef ?? "v\(InfraVersion.current)") }
    var stackArguments: [String] = []
    if let folder = selection.folder { stackArguments += ["--stacks", folder] }
    for name in selection.names { stackArguments += ["--stack", name] }
    stackArguments += selection.paths
    var command = [product ?? "infra", "ci", platform] + stackArguments
    if let infraRepository { command += ["--infra-repository", infraRepository] }
    if let infraRef { command += ["--infra-ref", infraRef] }
    if let product { command += ["--product", product] }
    if tool != .terraform { command += ["--tool", tool.rawValue] }
    if let toolVersion { command += ["--tool-version", toolVersion] }
    if planRole != "infra-plan" { command += ["--plan-role", planRole] }
    if applyRole != "infra-apply" { command += ["--apply-role", applyRole] }
    if branch != "main" { command += ["--branch", branch] }
    if out != defaultOut { command += ["--out", out] }
    return PipelineSettings(
      source: source, tool: tool, toolVersion: toolVersion ?? tool.defaultVersion, planRole: planRole, applyRole: applyRole,
      branch: branch, stackArguments: stackArguments, command: command)
  }

  /// Writes each file (or, with --check, compares it), saying what it did.
  func emit(_ files: [(path: String, text: String)]) throws {
    if check {
      var stale = false
      for file in files {
        let current = FileManager.default.contents(atPath: file.path)
        guard current != Data(file.text.utf8) else { continue }
        stale = true
        let how = current == nil ? "is missing" : "differs from what this command writes"
        Console.error("infra: error: \(file.path) \(how); run the command without --check and commit the result [ci-pipeline-stale]")
      }
      if stale { throw ExitCode.findings }
      return
    }
    for file in files {
      let data = Data(file.text.utf8)
      if FileManager.default.contents(atPath: file.path) == data {
        Console.output("unchanged \(file.path)")
        continue
      }
      do {
        let folder = (file.path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try data.write(to: URL(fileURLWithPath: file.path), options: .atomic)
      } catch {
        Console.error("infra: error: cannot write \(file.path): \(error.localizedDescription) [ci-write]")
        throw ExitCode.badInput
      }
      Console.output("wrote \(file.path)")
    }
  }
}
