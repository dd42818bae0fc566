import Foundation

/// What a finished process printed and how it ended.
public struct ProcessResult: Sendable {
  public let status: Int32
  public let standardOutput: String
  public let standardError: String
}

/// Runs `executable` with `arguments` in `directory` and waits for it.
public func runProcess(
  _ executable: String, _ arguments: [String], in directory: String? = nil, environment: [String: String]? = nil
) throws -> ProcessResult {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
  if let environment { process.environment = environment }
  let output = Pipe()
  let error = Pipe()
  process.standardOutput = output
  process.standardError = error
  try process.run()
  // Read both pipes while the process runs, so neither fills up and blocks it.
  nonisolated(unsafe) var errorData = Data()
  let errorReader = Thread { errorData = error.fileHandleForReading.readDataToEndOfFile() }
  errorReader.start()
  let outputData = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  while !errorReader.isFinished { usleep(1000) }
  return ProcessResult(
    status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
    standardError: String(decoding: errorData, as: UTF8.self))
}

/// The `infra` executable built next to the test bundle.
public var infraExecutable: String {
  if let path = ProcessInfo.processInfo.environment["INFRA_EXECUTABLE"] { return path }
  return builtExecutable("infra")
}

/// The executable product `name` built next to the test bundle.
public func builtExecutable(_ name: String) -> String {
  let testBundle = URL(fileURLWithPath: CommandLine.arguments[0])
  return testBundle.deletingLastPathComponent().appendingPathComponent(name).path
}

/// Runs the built `infra` with `arguments` in `directory`.
public func runInfra(_ arguments: [String], in directory: String) throws -> ProcessResult {
  try runProcess(infraExecutable, arguments, in: directory)
}

/// A new empty folder under the system's temporary folder.
public func makeTemporaryDirectory() throws -> String {
  let path = "\(testRunDirectory)/\(UUID().uuidString)"
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

/// The folder that every folder a test makes lives in, one per test process, removed with all it
/// holds when the process exits: a test run leaves nothing in the temporary directory.
private let testRunDirectory: String = {
  let path = FileManager.default.temporaryDirectory.appendingPathComponent("infra-test-\(UUID().uuidString)").path
  try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  atexit { removeTestRunDirectory() }
  return path
}()

private func removeTestRunDirectory() {
  try? FileManager.default.removeItem(atPath: testRunDirectory)
}

/// The executable `name` on the PATH, if installed.
public func executableOnPath(_ name: String) -> String? {
  for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
    let candidate = "\(directory)/\(name)"
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
  }
  return nil
}

/// `terraform` on the PATH, if installed.
public var terraformExecutable: String? { executableOnPath("terraform") }

/// Writes `text` to the file at `path`, replacing it.
public func writeText(_ text: String, to path: String) throws {
  try FileManager.default.createDirectory(
    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
  try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

/// The local Terraform provider mirror, if there is one: `TF_PLUGIN_DIR`, or what
/// `script/provider-mirror` finds.
public let providerMirror: String? = {
  if let path = ProcessInfo.processInfo.environment["TF_PLUGIN_DIR"], !path.isEmpty { return path }
  let script = repositoryRoot + "/script/provider-mirror"
  guard let result = try? runProcess(script, []), result.status == 0 else { return nil }
  let path = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
  return path.isEmpty ? nil : path
}()

/// The repository's top folder.
public let repositoryRoot: String = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The shipped stack files (`stacks/`, with the bases in its subfolders) copied into
/// `directory/stacks`, so a test can run `infra` over them in a folder of its own.
public func copyShippedStacks(into directory: String) throws {
  try FileManager.default.copyItem(atPath: repositoryRoot + "/stacks", toPath: directory + "/stacks")
}

/// The names of the shipped stacks: the stack files directly in `stacks/`, in file name order.
public let shippedStackNames: [String] = {
  let files = (try? FileManager.default.contentsOfDirectory(atPath: repositoryRoot + "/stacks")) ?? []
  return files.filter { $0.hasSuffix(".yaml") }.sorted().map { String($0.dropLast(".yaml".count)) }
}()
