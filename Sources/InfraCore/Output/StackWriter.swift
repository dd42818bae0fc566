#if canImport(Glibc)
  import Glibc
  private let systemWrite = Glibc.write
  private let systemRead = Glibc.read
  // Linux's syncfs(2), which Glibc's module map leaves out (it is a GNU extension).
  @_silgen_name("syncfs") private func systemSyncFileSystem(_ descriptor: Int32) -> Int32
#elseif canImport(Darwin)
  import Darwin
  private let systemWrite = Darwin.write
  private let systemRead = Darwin.read
#endif

/// Writes synthesized stacks to `<output>/<stack>/main.tf.json`, and their Kubernetes manifests
/// to `<output>/<stack>/kubernetes/`.
///
/// Every file is first written in full and synced next to its destination under a hidden
/// temporary name; only when all are written are they renamed into place, each rename atomic.
/// When anything fails before the renames, the temporary files are removed and every
/// previous file is left as it was. (A rename itself failing, which needs the folder to change
/// under infra's feet, leaves the files renamed before it in place; the error says which.)
/// Nothing else in the output folder is touched but one thing: a manifest that infra wrote
/// before (its first line says so) and that the stack no longer makes, such as a removed
/// tenant's, is deleted once the new files are in place, so that GitOps stops applying it. A
/// file infra did not write, such as a folder's `terraform-outputs.env`, is never deleted.
///
/// A process killed while writing leaves each file whole, old or new (killed between two
/// renames, the files renamed first are new), and may leave a temporary file behind:
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

  /// What happened to one stack's files.
  public struct Result: Hashable, Sendable {
    public let stack: String
    /// The stack's `main.tf.json`.
    public let path: String
    /// False when `main.tf.json` already held these exact bytes and was left alone.
    public let changed: Bool
    public let bytes: Int
    /// How many manifest files were written, how many already held their bytes, and how many
    /// that the stack no longer makes were deleted.
    public var manifestsWritten = 0
    public var manifestsUnchanged = 0
    public var manifestsDeleted = 0
  }

  /// One stack's files: `main.tf.json` and, by their paths inside the stack's folder, its
  /// Kubernetes manifests (`kubernetes/tenants/acme/namespace.yaml`).
  public struct StackFiles {
    public let name: String
    public let json: [UInt8]
    public let kubernetes: [(path: String, bytes: [UInt8])]

    public init(name: String, json: [UInt8], kubernetes: [(path: String, bytes: [UInt8])]) {
      self.name = name
      self.json = json
      self.kubernetes = kubernetes
    }
  }

  /// The first bytes of every manifest infra writes, by which a later run knows the file is its own.
  public static let manifestMark = Array("# \(SynthesizedStack.noticeStart)".utf8)

  public struct WriteError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): error: cannot write: \(reason) [output-not-written]" }
  }

  /// The path of a stack's file.
  public func path(of stack: String) -> String {
    "\(outputDirectory)/\(stack)/\(Self.fileName)"
  }

  /// Writes each stack's JSON, atomically as a set; manifests are neither written nor deleted.
  public func write(_ stacks: [(name: String, json: [UInt8])]) throws(WriteError) -> [Result] {
    try write(stacks.map { StackFiles(name: $0.name, json: $0.json, kubernetes: []) }, manifests: false)
  }

  /// Writes each stack's JSON and manifests, atomically as a set, and deletes the manifests
  /// infra wrote before that a stack no longer makes.
  public func write(_ stacks: [StackFiles]) throws(WriteError) -> [Result] {
    try write(stacks, manifests: true)
  }

  private func write(_ stacks: [StackFiles], manifests: Bool) throws(WriteError) -> [Result] {
    var names: Set<String> = []
    for stack in stacks where !names.insert(stack.name.lowercased()).inserted {
      throw WriteError(path: path(of: stack.name), reason: "two stacks are named '\(stack.name)'")
    }
    return try write(into: stacks.map { ($0, "\(outputDirectory)/\($0.name)") }, manifests: manifests)
  }

  /// Writes one stack's JSON to `<folder>/main.tf.json`, with the same guarantees, for a tool
  /// that picks the stack's folder itself instead of `<output>/<stack>`.
  public static func write(stack name: String, json: [UInt8], toFolder folder: String) throws(WriteError) -> Result {
    try StackWriter(outputDirectory: folder).write(into: [(StackFiles(name: name, json: json, kubernetes: []), folder)], manifests: false)[0]
  }

  /// Stages every changed file, then renames them into place: a failure before the renames
  /// leaves every previous file as it was. With `manifests`, then deletes the stale ones.
  private func write(into stacks: [(files: StackFiles, directory: String)], manifests: Bool) throws(WriteError) -> [Result] {
    var staged: [(temporary: String, final: String)] = []
    var results: [Result] = []
    // Folders known to exist, so that thousands of manifests do not each walk their path again;
    // true for those this run made, which hold no file to compare with.
    var folders: [String: Bool] = [:]
    var scratch: [UInt8] = []
    // Manifests are not synced one by one but together, once, before the renames: a platform
    // writes thousands of them, and a sync each costs milliseconds.
    var unsyncedManifests = false
    do {
      for (files, directory) in stacks {
        try Self.makeDirectories(directory)
        let final = "\(directory)/\(Self.fileName)"
        let unchanged = Self.file(final, holds: files.json, scratch: &scratch)
        var result = Result(stack: files.name, path: final, changed: !unchanged, bytes: files.json.count)
        if !unchanged {
          staged.append((try writeTemporaryFile(in: directory, files.json, for: final), final))
        }
        for manifest in files.kubernetes {
          let path = "\(directory)/\(manifest.path)"
          let folder = String(path[..<path.lastIndex(of: "/")!])
          let isNew: Bool
          if let known = folders[folder] {
            isNew = known
          } else {
            isNew = try Self.makeDirectories(folder)
            folders[folder] = isNew
          }
          if !isNew && Self.file(path, holds: manifest.bytes, scratch: &scratch) {
            result.manifestsUnchanged += 1
            continue
          }
          result.manifestsWritten += 1
          staged.append((try writeTemporaryFile(in: folder, manifest.bytes, for: path, sync: false), path))
          unsyncedManifests = true
        }
        results.append(result)
      }
    } catch {
      for file in staged { unlink(file.temporary) }
      throw error
    }
    if unsyncedManifests, !Self.syncFileSystem(of: outputDirectory) {
      let reason = "the written files could not be synced to disk: \(Self.errnoDescription())"
      for file in staged { unlink(file.temporary) }
      throw WriteError(path: outputDirectory, reason: reason)
    }
    for (index, file) in staged.enumerated() {
      pause()
      guard rename(file.temporary, file.final) == 0 else {
        let reason = Self.errnoDescription()
        for rest in staged[index...] { unlink(rest.temporary) }
        throw WriteError(path: file.final, reason: reason)
      }
    }
    // The renames themselves reach the disk only when each folder is synced: main.tf.json's
    // folders one by one, the manifests' all at once.
    for directory in Set(staged.filter { $0.final.hasSuffix("/\(Self.fileName)") }.map { String($0.final.dropLast(Self.fileName.count + 1)) }) {
      Self.syncDirectory(directory)
    }
    if unsyncedManifests { _ = Self.syncFileSystem(of: outputDirectory) }
    guard manifests else { return results }
    for (index, (files, directory)) in stacks.enumerated() {
      let kept = Set(files.kubernetes.map { "\(directory)/\($0.path)" })
      for stale in Self.manifestsWritten(under: "\(directory)/kubernetes", except: kept) {
        if unlink(stale) == 0 { results[index].manifestsDeleted += 1 }
      }
    }
    return results
  }

  /// The regular files under `folder`, at any depth, but those in `kept`, that infra wrote:
  /// `.yaml` files whose first bytes are ``manifestMark``. Links are not followed; a file in
  /// `kept` is not even opened.
  private static func manifestsWritten(under folder: String, except kept: Set<String>) -> [String] {
    guard let directory = opendir(folder) else { return [] }
    defer { closedir(directory) }
    var found: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      if name == "." || name == ".." { continue }
      let path = "\(folder)/\(name)"
      let isManifest = name.hasSuffix(".yaml") && !name.hasPrefix(".")
      // A file the stack writes is passed over without a system call: on a platform, that is
      // nearly every file here.
      if isManifest && kept.contains(path) { continue }
      // The folder entry's type where the file system gives it, so that tens of thousands of
      // files are not each looked up again.
      var type = entry.pointee.d_type
      if type == UInt8(DT_UNKNOWN) {
        var info = stat()
        guard lstat(path, &info) == 0 else { continue }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: type = UInt8(DT_DIR)
        case S_IFREG: type = UInt8(DT_REG)
        default: continue
        }
      }
      switch type {
      case UInt8(DT_DIR): found += manifestsWritten(under: path, except: kept)
      case UInt8(DT_REG) where isManifest:
        if let bytes = prefix(of: path, count: manifestMark.count), bytes == manifestMark { found.append(path) }
      default: break
      }
    }
    return found
  }

  private static func prefix(of path: String, count: Int) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY | O_NOFOLLOW)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var buffer = [UInt8](repeating: 0, count: count)
    let read = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, count) }
    return read == count ? buffer : nil
  }

  private func pause() {
    if pauseMicroseconds > 0 { usleep(pauseMicroseconds) }
  }

  // MARK: - POSIX

  /// Makes the folder `path` and every folder above it that is missing; true when this call
  /// made `path` itself, so that it holds nothing yet.
  @discardableResult
  private static func makeDirectories(_ path: String) throws(WriteError) -> Bool {
    // Most folders have their parent already: one call makes the folder, or finds it there.
    if mkdir(path, 0o755) == 0 { return true }
    if errno == EEXIST {
      var info = stat()
      if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { return false }
    }
    // Otherwise one folder at a time from the top, which also names the one in the way.
    var current = path.hasPrefix("/") ? "/" : ""
    var made = false
    for component in path.split(separator: "/") {
      current += (current.isEmpty || current == "/" ? "" : "/") + component
      made = mkdir(current, 0o755) == 0
      if !made && errno != EEXIST {
        throw WriteError(path: current, reason: errnoDescription())
      }
      var info = stat()
      if stat(current, &info) != 0 || (info.st_mode & S_IFMT) != S_IFDIR {
        throw WriteError(path: current, reason: "it exists and is not a folder")
      }
    }
    return made
  }

  /// Whether the file at `path` holds exactly `bytes`. A file of another size is not read;
  /// `scratch` is the buffer read into, kept from one file to the next.
  private static func file(_ path: String, holds bytes: [UInt8], scratch: inout [UInt8]) -> Bool {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count else {
      return false
    }
    // One byte more than expected, so that a file that grew since is seen to differ.
    if scratch.count < bytes.count + 1 { scratch = [UInt8](repeating: 0, count: max(bytes.count + 1, 2 * scratch.count)) }
    var filled = 0
    while filled < bytes.count + 1 {
      let count = scratch.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, bytes.count + 1 - filled) }
      if count < 0 { return false }
      if count == 0 { break }
      filled += count
    }
    guard filled == bytes.count else { return false }
    guard !bytes.isEmpty else { return true }
    return scratch.withUnsafeBytes { stored in bytes.withUnsafeBytes { memcmp(stored.baseAddress!, $0.baseAddress!, bytes.count) == 0 } }
  }

  /// Writes `bytes` in full to a new hidden file in `directory` and returns its path; errors
  /// name `final`, the file the user asked for.
  private func writeTemporaryFile(
    in directory: String, _ bytes: [UInt8], for final: String, sync: Bool = true
  ) throws(WriteError) -> String {
    // A new file, never one that is there already or a link someone put in its place. A name
    // can be taken by a run that was killed with the same process id (a container's infra is
    // often the same pid every time), so the next one is tried.
    var path = ""
    var descriptor: Int32 = -1
    for attempt in 0..<1000 {
      path = "\(directory)/.\(final[final.index(after: final.lastIndex(of: "/")!)...]).infra-\(getpid())-\(attempt)"
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
    if sync && fsync(descriptor) != 0 { failure = Self.errnoDescription() }
    if close(descriptor) != 0 && failure == nil { failure = Self.errnoDescription() }
    if let failure {
      unlink(path)
      throw WriteError(path: final, reason: failure)
    }
    return path
  }

  /// Flushes everything written to the file system that holds `folder` to disk: one call for
  /// thousands of files. False when the file system refuses.
  private static func syncFileSystem(of folder: String) -> Bool {
    #if canImport(Glibc)
      let descriptor = open(folder, O_RDONLY | O_DIRECTORY)
      guard descriptor >= 0 else { return false }
      defer { close(descriptor) }
      return systemSyncFileSystem(descriptor) == 0
    #else
      sync()
      return true
    #endif
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
