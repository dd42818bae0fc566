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
    guard !selection.isEmpty else { return all }
    let known = all.map(\.name)
    for name in selection where !known.contains(name) {
      let hint = Suggestion.closest(to: name, among: known).map { "did you mean '\($0)'? " } ?? ""
      throw ValidationError("no stack named '\(name)'; \(hint)known stacks: \(known.joined(separator: ", "))")
    }
    return all.filter { selection.contains($0.name) }
  }
}

/// The `--stack` option shared by the commands.
struct StackSelection: ParsableArguments {
  @Option(name: .customLong("stack"), help: ArgumentHelp("A stack to work on (repeatable; default: every stack).", valueName: "name"))
  var names: [String] = []

  func stacks() throws -> [Stack] {
    try StackCatalog.stacks(named: names)
  }
}
