import Foundation
import InfraCore
import InfraYAML

/// Reads stack files into merged documents: a file that `extends` others is laid over them
/// (see `YAMLNode.overlaid(by:identity:)`), bases first, in the order given.
final class StackFileReader {
  /// How deep `extends` may go: a base of a base of … a stack.
  static let maximumDepth = 16

  /// What identifies an element of a list when files are merged: its `name`.
  static func identity(_ node: YAMLNode) -> String? {
    node.entries?["name"]?.scalar?.value
  }

  let problems: Problems
  /// Documents already read, by path: a base several stacks extend is read once.
  private var documents: [String: YAMLNode?] = [:]

  init(problems: Problems) {
    self.problems = problems
  }

  /// The document of the file at `path` with everything it extends merged in; nil when a
  /// problem was reported.
  ///
  /// - Parameter bytes: the file's text when it is already in memory; read from `path` when nil.
  func mergedDocument(at path: String, bytes: [UInt8]? = nil) -> YAMLNode? {
    let absolute = Self.absolute(path)
    if let bytes { documents[absolute] = load { () throws(YAMLLoadError) in try YAMLLoader.load(bytes, file: absolute) } }
    return merged(at: absolute, chain: [])
  }

  /// `path` made absolute (from `directory`, or the working directory) without `.` and `..`,
  /// so that one file always has one name. Locations print it relative to the working directory.
  static func absolute(_ path: String, from directory: String? = nil) -> String {
    let base = directory.map { URL(fileURLWithPath: $0, isDirectory: true) }
    return URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL.path
  }

  private func merged(at path: String, chain: [String]) -> YAMLNode? {
    guard let document = document(at: path) else { return nil }
    guard let extends = document.entries?["extends"], !extends.isNull else { return document }
    var bases: [YAMLNode] = []
    var complete = true
    for (node, written, basePath) in basePaths(extends, of: path) {
      if chain.contains(basePath) || basePath == path {
        let circle = (chain + [path, basePath]).map(SourceLocation.displayPath).joined(separator: " → ")
        problems.error(.extends, "the stack files extend each other in a circle: \(circle)", fix: "remove one of the 'extends'", at: node.location)
        complete = false
      } else if chain.count >= Self.maximumDepth {
        problems.error(
          .extends, "'extends' goes more than \(Self.maximumDepth) files deep", fix: "merge some of the bases", at: node.location)
        complete = false
      } else if !FileManager.default.fileExists(atPath: basePath) {
        problems.error(
          .extends, "extends '\(written)', but there is no file \(SourceLocation.displayPath(basePath))",
          fix: Self.fix(forMissing: basePath, written: written, extendedFrom: path), at: node.location)
        complete = false
      } else if let base = merged(at: basePath, chain: chain + [path]) {
        bases.append(base)
      } else {
        complete = false
      }
    }
    guard complete, var result = bases.first else { return complete ? document : nil }
    for base in bases.dropFirst() { result = result.overlaid(by: base, identity: Self.identity) }
    return result.overlaid(by: document, identity: Self.identity)
  }

  private func document(at path: String) -> YAMLNode? {
    if let known = documents[path] { return known }
    let document = load { () throws(YAMLLoadError) in try YAMLLoader.load(file: path) }
    documents[path] = document
    return document
  }

  private func load(_ read: () throws(YAMLLoadError) -> YAMLNode) -> YAMLNode? {
    do {
      return try read()
    } catch {
      problems.add(error.diagnostics)
      return nil
    }
  }

  /// The files `extends` names (a path, or a list of paths), as written and resolved from the
  /// folder of the extending file.
  private func basePaths(_ extends: YAMLNode, of path: String) -> [(node: YAMLNode, written: String, path: String)] {
    let nodes = extends.elements ?? [extends]
    let directory = (path as NSString).deletingLastPathComponent
    return nodes.compactMap { node in
      guard let relative = problems.reading(node.string) else { return nil }
      return (node, relative, Self.absolute(relative, from: directory))
    }
  }

  /// How to name an existing file instead of the missing `missing` (written as `written` in the
  /// file at `extending`): the closest of the stack files in its folder (or of the file in a
  /// folder named like its missing one), written as `extends` would name it; or the stack files
  /// there; or the folder names are relative to. Only files that are there are named.
  static func fix(forMissing missing: String, written: String, extendedFrom extending: String) -> String {
    let fileManager = FileManager.default
    let folder = (missing as NSString).deletingLastPathComponent
    let writtenFolder = (written as NSString).deletingLastPathComponent
    func asWritten(_ name: String, in folder: String = writtenFolder) -> String {
      folder.isEmpty ? name : folder + "/" + name
    }
    let relativeTo = "names are relative to the folder of the file that extends, \(displayFolder((extending as NSString).deletingLastPathComponent))"
    var isDirectory: ObjCBool = false
    guard fileManager.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
      // A misspelt folder: a folder beside it, named like it, that holds the file.
      let parent = (folder as NSString).deletingLastPathComponent
      let name = (missing as NSString).lastPathComponent
      let folders = ((try? fileManager.contentsOfDirectory(atPath: parent)) ?? []).filter {
        fileManager.fileExists(atPath: parent + "/" + $0 + "/" + name)
      }
      if let closest = Suggestion.closest(to: (folder as NSString).lastPathComponent, among: folders) {
        let writtenParent = (writtenFolder as NSString).deletingLastPathComponent
        return "did you mean '\(asWritten(name, in: asWritten(closest, in: writtenParent)))'?"
      }
      return "there is no folder \(displayFolder(folder)) either; \(relativeTo)"
    }
    let files = ((try? fileManager.contentsOfDirectory(atPath: folder)) ?? [])
      .filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && folder + "/" + $0 != extending }
      .sorted()
    if let closest = Suggestion.closest(to: (missing as NSString).lastPathComponent, among: files) {
      return "did you mean '\(asWritten(closest))'?"
    }
    guard !files.isEmpty else { return "\(displayFolder(folder)) holds no stack file" }
    let shown = files.prefix(8).map { asWritten($0) }.joined(separator: ", ") + (files.count > 8 ? ", …" : "")
    return "the stack files beside it are: \(shown)"
  }

  /// A folder as a person would name it from the working directory, ending in `/`.
  private static func displayFolder(_ folder: String) -> String {
    folder == FileManager.default.currentDirectoryPath ? "./" : SourceLocation.displayPath(folder) + "/"
  }
}
