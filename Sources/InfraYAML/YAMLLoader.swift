import CYAML
import Foundation
import Diagnostics

/// Reads a YAML file into a located `YAMLNode` tree, or reports every problem it finds, each as
/// `file:line:col: error: what is wrong; how to fix it [yaml-…]`.
///
/// The dialect is documented in docs/yaml.md: one document per file, UTF-8 (a leading byte order
/// mark is skipped), the YAML 1.2 core schema, anchors and aliases, merge keys (`<<`), no
/// duplicate keys, and the bounds in `YAMLLimits`.
public enum YAMLLoader {
  /// The document in `bytes`; `file` names it in locations.
  public static func load(
    _ bytes: [UInt8], file: String, limits: YAMLLimits = .default
  ) throws(YAMLLoadError) -> YAMLNode {
    let result: Result<YAMLNode, YAMLLoadError> = bytes.withUnsafeBufferPointer { buffer in
      Result { () throws(YAMLLoadError) in try load(buffer, file: file, limits: limits) }
    }
    return try result.get()
  }

  /// The document in the file at `path`.
  public static func load(file path: String, limits: YAMLLimits = .default) throws(YAMLLoadError) -> YAMLNode {
    let start = SourceLocation(file: path, line: 1, column: 1)
    let data: Data
    do {
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      if let size = attributes[.size] as? Int, size > limits.maximumBytes {
        throw YAMLLoadError([tooLarge(size, limits: limits, at: start)])
      }
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch let error as YAMLLoadError {
      throw error
    } catch {
      throw YAMLLoadError([
        .error(
          YAMLDiagnosticID.unreadable, "cannot read the file: \((error as NSError).localizedDescription)",
          fix: "check the path and its permissions", at: start)
      ])
    }
    return try load([UInt8](data), file: path, limits: limits)
  }

  private static func load(
    _ bytes: UnsafeBufferPointer<UInt8>, file: String, limits: YAMLLimits
  ) throws(YAMLLoadError) -> YAMLNode {
    let start = SourceLocation(file: file, line: 1, column: 1)
    if bytes.count > limits.maximumBytes { throw YAMLLoadError([tooLarge(bytes.count, limits: limits, at: start)]) }
    if let encoding = Encoding.utf16or32(bytes) {
      throw YAMLLoadError([
        .error(
          YAMLDiagnosticID.encoding, "the file is \(encoding) text; infra reads UTF-8 only",
          fix: "save the file as UTF-8", at: start)
      ])
    }
    // A UTF-8 byte order mark is skipped, so that columns on the first line count from the text.
    let text = Encoding.hasUTF8ByteOrderMark(bytes) ? UnsafeBufferPointer(rebasing: bytes[3...]) : bytes
    var reader = EventReader(bytes: text, file: file)
    var builder = TreeBuilder(file: file, limits: limits)
    var documents = 0
    do throws(FatalProblem) {
      reading: while true {
        let event = try reader.next()
        switch event {
        case .documentStart(let location):
          documents += 1
          if documents > 1 {
            throw FatalProblem(.error(
              YAMLDiagnosticID.document, "a second YAML document starts here, but a stack file holds one",
              fix: "move it to a file of its own", at: location))
          }
        case .scalar(let scalar, let anchor, let location):
          try builder.scalar(scalar, anchor: anchor, at: location)
        case .collectionStart(let isMapping, let anchor, let tag, let location):
          try builder.startCollection(isMapping: isMapping, anchor: anchor, tag: tag, at: location)
        case .collectionEnd:
          builder.endCollection()
        case .alias(let name, let location):
          try builder.alias(name, at: location)
        case .streamEnd:
          break reading
        }
      }
    } catch {
      throw YAMLLoadError(sorted(builder.problems) + [error.diagnostic])
    }
    guard let root = builder.root else {
      throw YAMLLoadError([
        .error(
          YAMLDiagnosticID.document, "the file holds no YAML document",
          fix: "write the stack as a YAML mapping (key: value lines)", at: start)
      ])
    }
    if !builder.problems.isEmpty { throw YAMLLoadError(sorted(builder.problems)) }
    return root
  }

  private static func sorted(_ problems: [Diagnostic]) -> [Diagnostic] {
    problems.enumerated().sorted { a, b in
      let (left, right) = (a.element.location, b.element.location)
      if left?.line != right?.line { return (left?.line ?? 0) < (right?.line ?? 0) }
      if left?.column != right?.column { return (left?.column ?? 0) < (right?.column ?? 0) }
      return a.offset < b.offset
    }.map(\.element)
  }

  private static func tooLarge(_ size: Int, limits: YAMLLimits, at location: SourceLocation) -> Diagnostic {
    .error(
      YAMLDiagnosticID.limit, "the file is \(size) bytes, more than the \(limits.maximumBytes) infra reads",
      fix: "split it into several stack files", at: location)
  }
}
