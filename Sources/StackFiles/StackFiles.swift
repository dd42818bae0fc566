import Foundation
import InfraCore
import InfraKit
import InfraYAML

/// YAML stack files compiled into the same InfraKit constructs a Swift stack creates.
///
/// ```swift
/// let stacks = try StackFiles.stacks(inDirectory: "stacks")   // stacks/*.yaml, by file name
/// ```
///
/// The schema is documented in docs/stack-files.md. Every file is read in full, and every
/// problem of every file is reported, each located in the file that holds the text.
public enum StackFiles {
  /// The stacks of the `.yaml` and `.yml` files directly inside `directory`, in file name order.
  /// Files in folders below it are not stacks; they can hold the bases stacks extend.
  public static func stacks(inDirectory directory: String) throws(StackFileError) -> [Stack] {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory)
    } catch {
      throw StackFileError([
        .error(
          StackFileDiagnosticID.folder.rawValue, "cannot read the stack folder '\(directory)'", fix: "create it, or name another with --stacks",
          at: nil)
      ])
    }
    let files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
    return try stacks(files: files.map { directory.hasSuffix("/") ? directory + $0 : directory + "/" + $0 })
  }

  /// The stacks of `files`, in order: each named after its file (`prod.yaml` is the stack
  /// `prod`) unless it sets `name`.
  public static func stacks(files: [String]) throws(StackFileError) -> [Stack] {
    try compile(files.map { ($0, nil) })
  }

  /// The stack of a file's `bytes`, as if read from `file` (which names it in locations and
  /// anchors the paths of its `extends`).
  public static func stack(bytes: [UInt8], file: String) throws(StackFileError) -> Stack {
    guard let stack = try compile([(file, bytes)]).first else { throw StackFileError([]) }
    return stack
  }

  private static func compile(_ files: [(path: String, bytes: [UInt8]?)]) throws(StackFileError) -> [Stack] {
    let problems = Problems()
    let reader = StackFileReader(problems: problems)
    let schema = StackSchema(problems: problems)
    var stacks: [Stack] = []
    // The name of the stack of each file, by the file's absolute path, for problems in bases.
    var names: [String: String] = [:]
    for (file, bytes) in files {
      let absolute = StackFileReader.absolute(file)
      let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
      names[absolute] = name
      problems.stackFile = absolute
      guard let document = reader.mergedDocument(at: file, bytes: bytes) else { continue }
      if let given = document.entries?["name"]?.scalar?.value, !given.isEmpty { names[absolute] = given }
      if let stack = schema.stack(from: document, defaultName: name) { stacks.append(stack) }
    }
    if !problems.isEmpty {
      throw StackFileError(problems.list { names[$0] ?? $0 })
    }
    return stacks
  }

  /// The diagnostics of each stack in `found`, in order, each reported once: one located in a
  /// stack file other than the stack's own (a base that several stacks extend, and so repeat)
  /// is reported at its first place, naming the stacks it was found for, `(in the base of dev
  /// and staging)`.
  public static func reportedOnce(_ found: [(stack: Stack, diagnostics: [Diagnostic])]) -> [Diagnostic] {
    reportedOnce(found.map { (($0.stack.name, $0.stack.node.location.file), $0.diagnostics) })
  }

  /// The diagnostics of each stack in `found`, given by its name and the file it was written
  /// in, each reported once as above.
  public static func reportedOnce(_ found: [(stack: (name: String, file: String), diagnostics: [Diagnostic])]) -> [Diagnostic] {
    // Each diagnostic, the stacks whose base holds it, and whether it is in a stack's own file
    // too (a stack file that another extends).
    var merged: [(diagnostic: Diagnostic, bases: [String], own: Bool)] = []
    var index: [Diagnostic: Int] = [:]
    for (stack, diagnostics) in found {
      for diagnostic in diagnostics {
        guard let location = diagnostic.location, location.isInStackFile else {
          merged.append((diagnostic, [], true))
          continue
        }
        let own = location.file == stack.file
        // The construct path names the stack; the place and the words are what repeat.
        var key = diagnostic
        key.path = nil
        if let known = index[key] {
          if own {
            merged[known].own = true
          } else if !merged[known].bases.contains(stack.name) {
            merged[known].bases.append(stack.name)
          }
          continue
        }
        index[key] = merged.count
        merged.append((diagnostic, own ? [] : [stack.name], own))
      }
    }
    return merged.map { $0.diagnostic.inBase(of: $0.bases, alsoOwn: $0.own) }
  }
}

/// Why stack files could not be compiled: every problem found, each located.
public struct StackFileError: Error, Sendable, CustomStringConvertible {
  public let diagnostics: [Diagnostic]

  public init(_ diagnostics: [Diagnostic]) {
    self.diagnostics = diagnostics
  }

  public var description: String {
    diagnostics.map(\.description).joined(separator: "\n")
  }
}
