import ArgumentParser
import Foundation
import InfraKit
import StackFiles

/// The stacks the running command works on: the Swift stacks given to ``Infra/run(_:stacks:)``,
/// and the stack files of the folder `--stacks` names. Without Swift stacks (the `infra`
/// executable), the stack files of `stacks/`.
struct StackCatalog: Sendable {
  let build: @Sendable () -> [Stack]

  @TaskLocal static var current: StackCatalog?

  /// The folder `infra` reads stack files from when none is named.
  static let defaultFolder = "stacks"

  /// The stacks named in `selection`, in the catalog's order (Swift stacks first, then stack
  /// files by file name), or all of them when it is empty.
  ///
  /// - Parameter folder: the stack folder; nil reads `stacks/`, when it exists, if there are no
  ///   Swift stacks.
  /// - Throws: a `ValidationError` naming an unknown stack, with the closest known name; exit
  ///   code 2 after printing every problem of the stack files.
  ///   - paths: stack files and folders of them, named on the command line (a linter's or
  ///     pre-commit's file arguments); when given, `stacks/` is not read unless `folder` names it.
  static func stacks(named selection: [String], folder: String? = nil, paths: [String] = []) throws -> [Stack] {
    try catalog(selecting: selection, folder: folder, paths: paths).selected
  }

  /// Every stack of the catalog, and those of them named in `selection` (all when it is empty).
  static func catalog(selecting selection: [String], folder: String? = nil, paths: [String] = []) throws -> (all: [Stack], selected: [Stack]) {
    let swiftStacks = current?.build() ?? []
    let fromFolder = folder != nil || (swiftStacks.isEmpty && paths.isEmpty) ? try stackFiles(in: folder) : []
    let all = swiftStacks + fromFolder + (try stackFiles(at: paths))
    guard !all.isEmpty else {
      throw badInput(
        "there are no stacks to work on; write stack files in '\(folder ?? defaultFolder)/' or pass Swift stacks to Infra.main(stacks:)",
        id: "no-stacks")
    }
    try checkNamesAreDistinct(all)
    guard !selection.isEmpty else { return (all, all) }
    let known = all.map(\.name)
    for name in selection where !known.contains(name) {
      let hint = Suggestion.closest(to: name, among: known).map { "did you mean '\($0)'? " } ?? ""
      throw badInput("no stack named '\(name)'; \(hint)known stacks: \(known.joined(separator: ", "))", id: "unknown-stack")
    }
    return (all, all.filter { selection.contains($0.name) })
  }

  /// The stacks of `paths`: each a stack file, or a folder whose stack files are read; every
  /// problem of every file is printed before exiting with code 2.
  private static func stackFiles(at paths: [String]) throws -> [Stack] {
    guard !paths.isEmpty else { return [] }
    var files: [String] = []
    var stacks: [Stack] = []
    do {
      for path in paths {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
          throw badInput("'\(path)' does not exist; name a stack file or a folder of them", id: "stack-file-missing")
        }
        if isDirectory.boolValue { stacks += try StackFiles.stacks(inDirectory: path) } else { files.append(path) }
      }
      return stacks + (files.isEmpty ? [] : try StackFiles.stacks(files: files))
    } catch let error as StackFileError {
      error.diagnostics.forEach { Console.error($0.description) }
      throw ExitCode.badInput
    }
  }

  /// The stacks of the stack folder: a folder named on the command line must exist; the
  /// default one may be absent.
  private static func stackFiles(in folder: String?) throws -> [Stack] {
    var isDirectory: ObjCBool = false
    if folder == nil && !(FileManager.default.fileExists(atPath: defaultFolder, isDirectory: &isDirectory) && isDirectory.boolValue) {
      return []
    }
    do {
      return try StackFiles.stacks(inDirectory: folder ?? defaultFolder)
    } catch {
      error.diagnostics.forEach { Console.error($0.description) }
      throw ExitCode.badInput
    }
  }
}

/// Prints `message` in infra's shape for a problem with no line to point at
/// (`infra: error: what; how to fix it [id]`), and returns the exit for bad input.
private func badInput(_ message: String, id: String) -> ExitCode {
  Console.error("infra: error: \(message) [\(id)]")
  return ExitCode.badInput
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

/// The options that choose stacks, shared by the commands.
struct StackSelection: ParsableArguments {
  @Option(name: .customLong("stack"), help: ArgumentHelp("A stack to work on (repeatable; default: every stack).", valueName: "name"))
  var names: [String] = []

  @Option(
    name: .customLong("stacks"),
    help: ArgumentHelp("The folder of YAML stack files (default: stacks, when it exists).", valueName: "dir"),
    completion: .directory)
  var folder: String?

  @Argument(
    help: ArgumentHelp("Stack files, or folders of them, to work on instead of the stack folder.", valueName: "stack-file"),
    completion: .file(extensions: ["yaml", "yml"]))
  var paths: [String] = []

  func stacks() throws -> [Stack] {
    try StackCatalog.stacks(named: names, folder: folder, paths: paths)
  }

  /// Every stack of the catalog, and the ones selected.
  func catalogAndSelection() throws -> (all: [Stack], selected: [Stack]) {
    try StackCatalog.catalog(selecting: names, folder: folder, paths: paths)
  }
}
