import ArgumentParser
import Foundation
import InfraKit
import InfraLint

extension Infra {
  /// `infra lint`: production rules over the synthesized stacks, for pre-commit and CI.
  struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check stacks against production rules, at the line that caused each finding.",
      discussion: """
        Synthesizes the stacks in memory (nothing is written) and runs every lint rule over \
        what will be deployed. The report goes to standard output; errors in the input (a stack \
        that does not synthesize, a bad configuration file) go to standard error.

        With --terraform, lints Terraform JSON written by anything (infra, CDK for Terraform, \
        a script) instead: every rule that reads the configuration runs, and each finding is \
        located at the line and column of its block in the JSON file.

        Reads .infra-lint.yaml in the working directory when there is one (docs/lint.md).

        Exit codes: 0 no errors (and, with --strict, no warnings); 1 findings that fail the \
        run; 2 bad input.
        """)

    @OptionGroup var selection: StackSelection

    @Option(
      name: .customLong("terraform"),
      help: ArgumentHelp(
        "A folder of Terraform JSON (*.tf.json) written by any tool, or one such file, to lint instead of stacks (repeatable).",
        valueName: "dir"),
      completion: .directory)
    var terraform: [String] = []

    @Option(help: "The report's format: text, json or sarif.")
    var format: LintReportFormat = .text

    @Flag(help: "Fail on warnings too, not only on errors.")
    var strict = false

    @Option(help: ArgumentHelp("The configuration file (default: .infra-lint.yaml, when it exists).", valueName: "file"))
    var config: String?

    @Flag(help: "List every rule with its severity and title, and exit.")
    var listRules = false

    @Option(
      name: .customLong("as-of"),
      help: ArgumentHelp(
        "The day Kubernetes versions are judged on (YYYY-MM-DD; default: the day infra's versions table was last checked).",
        valueName: "day"))
    var asOf: String?

    func run() throws {
      if listRules {
        let rules = RuleCatalog.current.lintRules.map { $0.description }
        let width = rules.map(\.id.count).max() ?? 0
        for rule in rules {
          Console.output(rule.id.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + rule.severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0) + "  " + rule.title)
        }
        return
      }
      var configuration = try readConfiguration()
      if let asOf {
        guard let day = CalendarDate(asOf) else {
          Console.error("--as-of '\(asOf)' is not a day; write it as YYYY-MM-DD, e.g. \(KubernetesVersionSupport.checkedOn)")
          throw ExitCode.badInput
        }
        configuration.settings.asOf = day
      }
      let linter = Linter(configuration: configuration, rules: RuleCatalog.current.lintRules)
      let results: [Linter.Result]
      var stackFiles: [String: String] = [:]
      if terraform.isEmpty {
        let stacks = try Compilation.synthesize(selection)
        results = stacks.map(linter.lint)
        stackFiles = Dictionary(stacks.map { ($0.name, $0.stack.node.location.file) }) { first, _ in first }
      } else {
        guard selection.names.isEmpty, selection.paths.isEmpty, selection.folder == nil else {
          Console.error("give stacks or --terraform folders, not both: --terraform lints Terraform JSON instead of stacks")
          throw ExitCode.badInput
        }
        results = try TerraformJSONFolder.read(terraform).map(linter.lint)
      }
      let problems = results.flatMap(\.problems)
      guard problems.isEmpty else {
        problems.forEach { Console.error($0.description) }
        throw ExitCode.badInput
      }
      let report = LintReport(
        findings: results.flatMap(\.findings), stackCount: results.count, stackFiles: stackFiles, strict: strict,
        rules: RuleCatalog.current.lintRules.map { $0.description })
      FileHandle.standardOutput.write(Data(format.render(report).utf8))
      if report.failed { throw ExitCode.findings }
    }

    /// The file named by `--config`, else `.infra-lint.yaml` when it exists, else the defaults.
    private func readConfiguration() throws -> LintConfiguration {
      let path = config ?? LintConfigurationFile.defaultPath
      guard config != nil || FileManager.default.fileExists(atPath: path) else { return LintConfiguration() }
      do {
        return try LintConfigurationFile.read(path: path, rules: RuleCatalog.current.lintRules)
      } catch {
        error.diagnostics.forEach { Console.error($0.description) }
        throw ExitCode.badInput
      }
    }
  }
}
