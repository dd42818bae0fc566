import ArgumentParser
import InfraKit
import StackFiles

/// Synthesizes stacks for a command: every error of every stack is printed, and if there was
/// one the command stops with exit code 2 before anything is written. A problem in a base that
/// several stack files extend is printed once, naming them.
enum Compilation {
  static func synthesize(_ stacks: [Stack]) throws -> [SynthesizedStack] {
    var results: [SynthesizedStack] = []
    var found: [(stack: Stack, diagnostics: [Diagnostic])] = []
    var failed = false
    for stack in stacks {
      do {
        let result = try stack.synthesize()
        found.append((stack, result.diagnostics))
        results.append(result)
      } catch {
        found.append((stack, error.diagnostics))
        failed = true
      }
    }
    StackFiles.reportedOnce(found).forEach { Console.error($0.description) }
    if failed { throw ExitCode.badInput }
    return results
  }
}
