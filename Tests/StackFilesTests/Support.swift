import Foundation
import InfraCore
import InfraKit
import InfraTestSupport
import StackFiles
import Testing

/// Stack files written to a folder of their own, compiled, and their problems as printed
/// (`file:line:col: error: …`, with the file named relative to that folder).
struct StackFolder {
  let path: String

  init(_ files: [String: String]) throws {
    path = try makeTemporaryDirectory()
    for (name, text) in files {
      let file = path + "/" + name
      try FileManager.default.createDirectory(
        atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try Data(text.utf8).write(to: URL(fileURLWithPath: file))
    }
  }

  init(bytes: [UInt8], name: String = "stack.yaml") throws {
    path = try makeTemporaryDirectory()
    try Data(bytes).write(to: URL(fileURLWithPath: path + "/" + name))
  }

  /// The stacks of the folder's top-level stack files.
  func stacks() throws(StackFileError) -> [Stack] {
    try StackFiles.stacks(inDirectory: path)
  }

  /// What synthesizing the folder's stack reports, as printed; its files must read without a
  /// problem.
  func synthesisErrors() throws -> [String] {
    #expect(problems() == [])
    let stack = try #require(try stacks().first)
    let error = #expect(throws: SynthesisError.self) { try stack.synthesize() }
    return error?.diagnostics.map { $0.description.replacingOccurrences(of: path + "/", with: "") } ?? []
  }

  /// Every problem reported, as printed, or [] when the files compile.
  func problems() -> [String] {
    do {
      _ = try stacks()
      return []
    } catch {
      return error.diagnostics.map { $0.description.replacingOccurrences(of: path + "/", with: "") }
    }
  }
}

/// What synthesizing the stack file `text` reports, which reads without a problem (as printed,
/// the file named `stack.yaml`).
func synthesisErrors(_ text: String) throws -> [String] {
  let folder = try StackFolder(["stack.yaml": text])
  #expect(folder.problems() == [])
  let stack = try #require(try folder.stacks().first)
  let error = #expect(throws: SynthesisError.self) { try stack.synthesize() }
  return error?.diagnostics.map { $0.description.replacingOccurrences(of: folder.path + "/", with: "") } ?? []
}

/// The smallest valid stack: a network in three zones.
let minimalStack = """
  region: eu-west-1
  environment: production
  network:
    cidr: 10.0.0.0/16
    zones: [eu-west-1a, eu-west-1b, eu-west-1c]

  """
