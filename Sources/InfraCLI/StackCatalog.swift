import ArgumentParser
import InfraKit

/// The stacks the running command works on, given to ``Infra/run(_:stacks:)``.
struct StackCatalog: Sendable {
  let build: @Sendable () -> [Stack]

  @TaskLocal static var current: StackCatalog?

  /// The stacks named in `selection`, in the catalog's order, or all of them when it is empty.
  ///
  /// - Throws: a `ValidationError` naming an unknown stack, with the closest known name.
  static func stacks(named selection: [String]) throws -> [Stack] {
    let all = current?.build() ?? []
    guard !all.isEmpty else {
      throw ValidationError("there are no stacks to work on; pass them to Infra.main(stacks:)")
    }
    try checkNamesAreDistinct(all)
    guard !selection.isEmpty else { return all }
    let known = all.map(\.name)
    for name in selection where !known.contains(name) {
      let hint = Suggestion.closest(to: name, among: known).map { "did you mean '\($0)'? " } ?? ""
      throw ValidationError("no stack named '\(name)'; \(hint)known stacks: \(known.joined(separator: ", "))")
    }
    return all.filter { selection.contains($0.name) }
  }
}

/// Two stacks whose names differ only in case would share an output folder on macOS.
private func checkNamesAreDistinct(_ stacks: [Stack]) throws {
  var seen: [String: Stack] = [:]
  var clashes: [Diagnostic] = []
  for stack in stacks {
    if let first = seen.updateValue(stack, forKey: stack.name.lowercased()) {
      clashes.append(
        .error(
          "duplicate-stack-name", "a second stack is named '\(stack.name)' (the first, '\(first.name)', is at \(first.node.location))",
          fix: "give every stack its own name; names that differ only in case count as the same", at: stack.node.location))
    }
  }
  guard !clashes.isEmpty else { return }
  clashes.forEach { Console.error($0.description) }
  throw ExitCode.badInput
}

/// The `--stack` option shared by the commands.
struct StackSelection: ParsableArguments {
  @Option(name: .customLong("stack"), help: ArgumentHelp("A stack to work on (repeatable; default: every stack).", valueName: "name"))
  var names: [String] = []

  func stacks() throws -> [Stack] {
    try StackCatalog.stacks(named: names)
  }
}
