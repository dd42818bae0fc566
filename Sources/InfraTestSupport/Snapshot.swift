import Foundation
import Testing

/// Compares `bytes` with the snapshot file `Snapshots/<name>` beside the calling test file, or
/// `<folder>/<name>` of the repository when `folder` is given (docs that show generated files).
///
/// A missing snapshot, or any snapshot when `RECORD_SNAPSHOTS=1` is set, is written from
/// `bytes` and the test fails with a note to review the file (check it with Terraform before
/// committing it). On a mismatch the failure shows the first line that differs.
public func assertSnapshot(
  _ bytes: [UInt8], named name: String, in folder: String? = nil, filePath: String = #filePath,
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
  let directory = folder.map { repositoryRoot + "/" + $0 } ?? URL(fileURLWithPath: filePath).deletingLastPathComponent().path + "/Snapshots"
  let file = URL(fileURLWithPath: directory + "/" + name)
  let recording = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
  guard !recording, let expected = FileManager.default.contents(atPath: file.path) else {
    try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: file.path, contents: Data(bytes))
    Issue.record("Recorded snapshot \(file.path); review it, then run the tests again", sourceLocation: sourceLocation)
    return
  }
  guard Array(expected) != bytes else { return }
  let difference = firstDifference(String(decoding: expected, as: UTF8.self), String(decoding: bytes, as: UTF8.self))
  Issue.record(
    "Output differs from snapshot \(name) (re-record with RECORD_SNAPSHOTS=1):\n\(difference)",
    sourceLocation: sourceLocation)
}

/// The first line where `expected` and `actual` differ, both versions.
public func firstDifference(_ expected: String, _ actual: String) -> String {
  let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
  let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
  for index in 0..<max(expectedLines.count, actualLines.count) {
    let lhs = index < expectedLines.count ? String(expectedLines[index]) : "<end>"
    let rhs = index < actualLines.count ? String(actualLines[index]) : "<end>"
    if lhs != rhs {
      return "line \(index + 1):\n  expected: \(lhs)\n  actual:   \(rhs)"
    }
  }
  return "(no line differs)"
}
