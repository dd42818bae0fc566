import ArgumentParser
import InfraKit
import StackFiles

/// Synthesizes stacks for a command: every error of every stack is printed, and if there was
/// one the command stops with exit code 2 before anything is written. A problem in a base that
/// several stack files extend is printed once, naming them.
///
/// Stacks are synthesized together (``Stack/synthesize(_:)``), so one can read another's
/// values: the whole catalog is, even when the command works on some stacks only, since a
/// stack's outputs are what the stacks reading it ask for. Errors of the stacks worked on, and
/// of those that read from them, stop the command.
enum Compilation {
  static func synthesize(_ selection: StackSelection) throws -> [SynthesizedStack] {
    let (all, selected) = try selection.catalogAndSelection()
    return try synthesize(all, workingOn: Set(selected.map(\.name)))
  }

  static func synthesize(_ stacks: [Stack], workingOn names: Set<String>? = nil) throws -> [SynthesizedStack] {
    let results = Stack.synthesize(stacks)
    let names = names ?? Set(stacks.map(\.name))
    var found: [(stack: Stack, diagnostics: [Diagnostic])] = []
    var synthesized: [SynthesizedStack] = []
    var failed = false
    for (stack, result) in zip(stacks, results) {
      let readsOne = !names.contains(stack.name) && stack.stacksRead().contains(where: names.contains)
      guard names.contains(stack.name) || readsOne else { continue }
      switch result {
      case .success(let result):
        found.append((stack, result.diagnostics))
        if names.contains(stack.name) { synthesized.append(result) }
      case .failure(let error):
        found.append((stack, error.diagnostics))
        failed = true
      }
    }
    StackFiles.reportedOnce(found).forEach { Console.error($0.description) }
    if failed { throw ExitCode.badInput }
    return synthesized
  }
}
