import ArgumentParser
import InfraKit

/// Synthesizes stacks for a command: every error of every stack is printed, and if there was
/// one the command stops with exit code 2 before anything is written.
enum Compilation {
  static func synthesize(_ stacks: [Stack]) throws -> [SynthesizedStack] {
    var results: [SynthesizedStack] = []
    var failed = false
    for stack in stacks {
      do {
        let result = try stack.synthesize()
        result.diagnostics.forEach { Console.error($0.description) }
        results.append(result)
      } catch {
        error.diagnostics.forEach { Console.error($0.description) }
        failed = true
      }
    }
    if failed { throw ExitCode.badInput }
    return results
  }
}
