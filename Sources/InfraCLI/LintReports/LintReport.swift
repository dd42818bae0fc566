import InfraKit
import InfraLint

/// What `infra lint` found in the stacks it was given, and whether that fails the run.
struct LintReport {
  /// Findings of every stack, stack by stack, suppressed ones included.
  let findings: [LintFinding]
  let stackCount: Int
  /// The file each stack was written in, by name: a finding in another stack file is in a base
  /// several stacks may share.
  var stackFiles: [String: String] = [:]
  /// Whether warnings fail the run too (`--strict`).
  let strict: Bool
  /// Every rule lint knows, infra's and a team's, in registry order: SARIF lists them.
  let rules: [RuleDescription]

  var reported: [LintFinding] { findings.filter { !$0.isSuppressed } }
  var suppressed: [LintFinding] { findings.filter(\.isSuppressed) }

  func count(_ severity: Diagnostic.Severity) -> Int {
    reported.count { $0.severity == severity }
  }

  /// Whether the run fails: an error, or a warning under `--strict`.
  var failed: Bool {
    count(.error) > 0 || (strict && count(.warning) > 0)
  }
}
