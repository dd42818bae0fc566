import Diagnostics

/// Why a YAML file could not be read into a tree: every problem found, each located.
///
/// Reading stops at the first syntax error (the YAML parser cannot resynchronize after one);
/// problems that leave the structure readable, such as duplicate keys or unknown tags, are all
/// collected first.
public struct YAMLLoadError: Error, Sendable, Equatable, CustomStringConvertible {
  public let diagnostics: [Diagnostic]

  public init(_ diagnostics: [Diagnostic]) {
    self.diagnostics = diagnostics
  }

  /// One diagnostic per line.
  public var description: String {
    diagnostics.map(\.description).joined(separator: "\n")
  }
}
