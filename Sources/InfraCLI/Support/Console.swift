import Foundation

/// Where commands write: results on standard output, diagnostics on standard error.
enum Console {
  static func output(_ line: String) {
    print(line)
  }

  static func error(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }
}
