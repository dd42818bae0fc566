import Foundation

/// Where commands write: results on standard output, diagnostics on standard error.
enum Console {
  static func output(_ line: String, terminator: String = "\n") {
    print(line, terminator: terminator)
  }

  static func error(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }
}

extension Int {
  /// `1 resource`, `23 resources`.
  func counted(_ noun: String) -> String {
    "\(self) \(noun)\(self == 1 ? "" : "s")"
  }
}
