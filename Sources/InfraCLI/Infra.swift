import ArgumentParser
import CheckPlan
import InfraKit
import InfraLint

import Foundation

/// The `infra` command line. A team's own executable runs it over its own stacks, with its own
/// lint rules and plan checks beside infra's:
///
/// ```swift
/// // Sources/team-infra/main.swift
/// Infra.main(
///   stacks: TeamStacks.all,
///   rules: LintRules.all + [BurstableProductionNodesRule.self],
///   checks: PlanChecks.all + [DatabaseDownsizedCheck.self])
/// ```
///
/// Exit codes: 0 clean, 1 findings (a failed check), 2 bad input or usage, 3 a check that could
/// not run (Terraform missing).
public struct Infra: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "infra",
    abstract: "Describe AWS platforms in Swift, compile them to Terraform JSON, and check them.",
    discussion: """
      Exit codes: 0 clean; 1 findings (a failed check); 2 bad input or usage; 3 a check that \
      could not run because Terraform is missing.
      """,
    version: InfraVersion.current,
    subcommands: [Synth.self, Lint.self, List.self, Validate.self, CheckPlan.self, KubernetesValues.self, Graph.self, CI.self])

  public init() {}

  /// Runs the command line given to the process over `stacks` and the stack files of the folder
  /// `--stacks` names (`stacks/` when there are no Swift stacks), with the lint rules `rules`
  /// and the plan checks `checks`, and exits.
  public static func main(
    stacks: @escaping @Sendable () -> [Stack] = { [] }, rules: [any LintRule.Type] = LintRules.all,
    checks: [any PlanCheck.Type] = PlanChecks.all
  ) -> Never {
    Foundation.exit(run(Array(CommandLine.arguments.dropFirst()), stacks: stacks, rules: rules, checks: checks))
  }

  /// Runs `arguments` over `stacks` (and the stack files), with the lint rules `rules` and the
  /// plan checks `checks`, and returns the exit code.
  public static func run(
    _ arguments: [String], stacks: @escaping @Sendable () -> [Stack] = { [] },
    rules: [any LintRule.Type] = LintRules.all, checks: [any PlanCheck.Type] = PlanChecks.all
  ) -> Int32 {
    let catalog = RuleCatalog(lintRules: rules, planChecks: checks)
    if let duplicate = catalog.duplicateIDs.first {
      Console.error(
        "infra: error: two lint rules or plan checks have the id '\(duplicate)'; give the team's own rule an id of its own [duplicate-rule-id]")
      return ExitStatus.badInput
    }
    return RuleCatalog.$current.withValue(catalog) {
      StackCatalog.$current.withValue(StackCatalog(build: stacks)) {
        do {
          var command = try parseAsRoot(arguments)
          try command.run()
          return 0
        } catch {
          return report(error)
        }
      }
    }
  }

  /// Prints what argument-parser has to say about `error` and returns the exit code. An exit
  /// code a command chose stands; usage errors, and errors nobody anticipated (an I/O failure),
  /// become 2 like every other bad input, never 1, which means findings.
  private static func report(_ error: any Error) -> Int32 {
    if let chosen = error as? ExitCode { return chosen.rawValue }
    let code = exitCode(for: error).rawValue
    let message = fullMessage(for: error)
    if !message.isEmpty {
      if code == 0 { print(message) } else { Console.error(message) }
    }
    return code == 0 ? 0 : ExitStatus.badInput
  }
}

extension Infra {
  /// How long the writer pauses before each 4 KiB of a file and each rename: zero in every
  /// shipped executable. Only the crash-safety tests' own executable (Tests/SlowWritingInfra)
  /// sets it, to kill `infra synth` at each step of a write.
  @_spi(Testing) @TaskLocal public static var writePauseMicroseconds: UInt32 = 0
}

/// The process exit codes of every command.
enum ExitStatus {
  static let findings: Int32 = 1
  static let badInput: Int32 = 2
  static let checkNotRun: Int32 = 3
}

extension ExitCode {
  static let findings = ExitCode(ExitStatus.findings)
  static let badInput = ExitCode(ExitStatus.badInput)
  static let checkNotRun = ExitCode(ExitStatus.checkNotRun)
}
