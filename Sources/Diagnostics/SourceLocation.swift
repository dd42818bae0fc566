import Foundation

/// Where something was written: a Swift call site (`#filePath`, `#line`, `#column`) or a line
/// and column of a stack file.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
  public let file: String
  public let line: Int
  public let column: Int

  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:column`, with the file relative to the working directory when it lies below
  /// it, so editors and terminals can open it.
  public var description: String {
    "\(displayFile):\(line):\(column)"
  }

  /// Whether this is a place in a YAML stack file, not in Swift source.
  public var isInStackFile: Bool { file.hasSuffix(".yaml") || file.hasSuffix(".yml") }

  /// How a message about what was written here names a setting: in the words of the language
  /// it was written in, `swift` (`accelerator: .nvidia`) or `yaml` (`accelerator: nvidia`).
  public func spelled(swift: String, yaml: String) -> String { isInStackFile ? yaml : swift }

  /// The file, relative to the working directory when it lies below it.
  public var displayFile: String { Self.displayPath(file) }

  /// `file` as a person would open it from the working directory: relative to it when it lies
  /// below it, absolute otherwise.
  public static func displayPath(_ file: String) -> String {
    let directory = FileManager.default.currentDirectoryPath
    let prefix = directory.hasSuffix("/") ? directory : directory + "/"
    return file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : file
  }
}
