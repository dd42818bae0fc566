import ArgumentParser
import InfraKit

import Foundation

/// The `infra` command line. A team's own executable runs it over its own stacks:
///
/// ```swift
/// // Sources/team-infra/main.swift
/// Infra.main(stacks: TeamStacks.all)
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
    subcommands: [Synth.self, Lint.self, List.self, Validate.self, CheckPlan.self])

  public init() {}

  /// Runs the command line given to the process over `stacks` and the stack files of the folder
  /// `--stacks` names (`stacks/` when there are no Swift stacks), and exits.
  public static func main(stacks: @escaping @Sendable () -> [Stack] = { [] }) -> Never {
    Foundation.exit(run(Array(CommandLine.arguments.dropFirst()), stacks: stacks))
  }

  /// Runs `arguments` over `stacks` (and the stack files) and returns the exit code.
  public static func run(_ arguments: [String], stacks: @escaping @Sendable () -> [Stack] = { [] }) -> Int32 {
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
