#if canImport(Glibc)
  import Glibc
  private let systemWrite = Glibc.write
#elseif canImport(Darwin)
  import Darwin
  private let systemWrite = Darwin.write
#endif

/// Writes synthesized stacks to `<output>/<stack>/main.tf.json`.
///
/// Every file is first written in full and synced next to its destination under a hidden
/// temporary name; only when all are written are they renamed into place, each rename atomic.
/// When anything fails before the renames, the temporary files are removed and every
/// previous file is left as it was. (A rename itself failing, which needs the folder to change
/// under infra's feet, leaves the files renamed before it in place; the error says which.)
/// Nothing else in the output folder is ever touched: only `main.tf.json` of the stacks being
/// written, and the stack folders, created when missing.
///
/// A process killed while writing leaves each `main.tf.json` whole, old or new (killed between
/// two renames, the stacks renamed first are new), and may leave a temporary file behind:
/// `.main.tf.json.infra-<pid>-<n>`, which Terraform never reads (it skips hidden files and reads
/// only `*.tf` and `*.tf.json`) and which no later run trips over.
public struct StackWriter {
  /// The file name every stack is written to.
  public static let fileName = "main.tf.json"

  public let outputDirectory: String
  /// For tests that interrupt a write: a pause before each 4 KiB of a file and before each
  /// rename, so that a test can kill the process at each point. Zero (no pause) otherwise.
  public let pauseMicroseconds: UInt32

  public init(outputDirectory: String, pauseMicroseconds: UInt32 = 0) {
    self.outputDirectory = outputDirectory
    self.pauseMicroseconds = pauseMicroseconds
  }

  /// What happened to one stack's file.
  public struct Result: Hashable, Sendable {
    public let stack: String
    public let path: String
    /// False when the file already held these exact bytes and was left alone.
    public let changed: Bool
    public let bytes: Int
  }

  public struct WriteError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): error: cannot write: \(reason) [output-not-written]" }
  }

  /// The path of a stack's file.
  public func path(of stack: String) -> String {
    "\(outputDirectory)/\(stack)/\(Self.fileName)"
  }

  /// Writes each stack's JSON, atomically as a set.
  public func write(_ stacks: [(name: String, json: [UInt8])]) throws(WriteError) -> [Result] {
    var names: Set<String> = []
    for stack in stacks where !names.insert(stack.name.lowercased()).inserted {
      throw WriteError(path: path(of: stack.name), reason: "two stacks are named '\(stack.name)'")
    }
    return try write(into: stacks.map { ($0.name, "\(outputDirectory)/\($0.name)", $0.json) })
  }

  /// Writes one stack's JSON to `<folder>/main.tf.json`, with the same guarantees, for a tool
  /// that picks the stack's folder itself instead of `<output>/<stack>`.
  public static func write(stack name: String, json: [UInt8], toFolder folder: String) throws(WriteError) -> Result {
    try StackWriter(outputDirectory: folder).write(into: [(name, folder, json)])[0]
  }

  /// Stages every changed file, then renames them into place: a failure before the renames
  /// leaves every previous file as it was.
  private func write(into stacks: [(name: String, directory: String, json: [UInt8])]) throws(WriteError) -> [Result] {
    var staged: [(temporary: String, final: String)] = []
    var results: [Result] = []
    do {
      for stack in stacks {
        let directory = stack.directory
        try Self.makeDirectories(directory)
        let final = "\(directory)/\(Self.fileName)"
        let unchanged = Self.contents(of: final) == stack.json
        results.append(Result(stack: stack.name, path: final, changed: !unchanged, bytes: stack.json.count))
        if unchanged { continue }
        let temporary = try writeTemporaryFile(in: directory, stack.json, for: final)
        staged.append((temporary, final))
      }
    } catch {
      for file in staged { unlink(file.temporary) }
      throw error
    }
    for (index, file) in staged.enumerated() {
      pause()
      guard rename(file.temporary, file.final) == 0 else {
        let reason = Self.errnoDescription()
        for rest in staged[index...] { unlink(rest.temporary) }
        throw WriteError(path: file.final, reason: reason)
      }
    }
    // The renames themselves reach the disk only when each folder is synced.
    for directory in Set(staged.map { String($0.final.dropLast(Self.fileName.count + 1)) }) {
      Self.syncDirectory(directory)
    }
    return results
  }

  private func pause() {
    if pauseMicroseconds > 0 { usleep(pauseMicroseconds) }
  }

  // MARK: - POSIX

  private static func makeDirectories(_ path: String) throws(WriteError) {
    var current = path.hasPrefix("/") ? "/" : ""
    for component in path.split(separator: "/") {
      current += (current.isEmpty || current == "/" ? "" : "/") + component
      if mkdir(current, 0o755) != 0 && errno != EEXIST {
        throw WriteError(path: current, reason: errnoDescription())
      }
      var info = stat()
      if stat(current, &info) != 0 || (info.st_mode & S_IFMT) != S_IFDIR {
        throw WriteError(path: current, reason: "it exists and is not a folder")
      }
    }
  }

  private static func contents(of path: String) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var result: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 { return nil }
      if count == 0 { return result }
      result.append(contentsOf: buffer[0..<count])
    }
  }

  /// Writes `bytes` in full to a new hidden file in `directory` and returns its path; errors
  /// name `final`, the file the user asked for.
  private func writeTemporaryFile(in directory: String, _ bytes: [UInt8], for final: String) throws(WriteError) -> String {
    // A new file, never one that is there already or a link someone put in its place. A name
    // can be taken by a run that was killed with the same process id (a container's infra is
    // often the same pid every time), so the next one is tried.
    var path = ""
    var descriptor: Int32 = -1
    for attempt in 0..<1000 {
      path = "\(directory)/.\(Self.fileName).infra-\(getpid())-\(attempt)"
      descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644)
      if descriptor >= 0 || errno != EEXIST { break }
    }
    guard descriptor >= 0 else { throw WriteError(path: final, reason: Self.errnoDescription()) }
    let chunk = pauseMicroseconds > 0 ? 4096 : max(bytes.count, 1)
    var written = 0
    while written < bytes.count {
      pause()
      let size = min(chunk, bytes.count - written)
      let count = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress! + written, size) }
      if count < 0 {
        let reason = Self.errnoDescription()
        close(descriptor)
        unlink(path)
        throw WriteError(path: final, reason: reason)
      }
      written += count
    }
    var failure: String?
    if fsync(descriptor) != 0 { failure = Self.errnoDescription() }
    if close(descriptor) != 0 && failure == nil { failure = Self.errnoDescription() }
    if let failure {
      unlink(path)
      throw WriteError(path: final, reason: failure)
    }
    return path
  }

  /// Best effort: a folder that cannot be synced (some file systems refuse) still holds the files.
  private static func syncDirectory(_ path: String) {
    let descriptor = open(path, O_RDONLY | O_DIRECTORY)
    guard descriptor >= 0 else { return }
    fsync(descriptor)
    close(descriptor)
  }

  private static func errnoDescription() -> String {
    String(cString: strerror(errno))
  }
}
