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

        Reads .infra-lint.yaml in the working directory when there is one (docs/lint.md).

        Exit codes: 0 no errors (and, with --strict, no warnings); 1 findings that fail the \
        run; 2 bad input.
        """)

    @OptionGroup var selection: StackSelection

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
      let stacks = try Compilation.synthesize(try selection.stacks())
      var findings: [LintFinding] = []
      var problems: [Diagnostic] = []
      for stack in stacks {
        let result = linter.lint(stack)
        findings += result.findings
        problems += result.problems
      }
      guard problems.isEmpty else {
        problems.forEach { Console.error($0.description) }
        throw ExitCode.badInput
      }
      let report = LintReport(
        findings: findings, stackCount: stacks.count, stackFiles: Dictionary(stacks.map { ($0.name, $0.stack.node.location.file) }) { first, _ in first },
        strict: strict, rules: RuleCatalog.current.lintRules.map { $0.description })
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
