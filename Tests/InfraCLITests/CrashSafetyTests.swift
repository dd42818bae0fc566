import Foundation
import InfraTestSupport
import Testing

/// `infra synth` interrupted for real — killed at each point of a write, a file size limit,
/// a full disk, a folder it may not write — leaves every `main.tf.json` whole (the previous
/// bytes, or the new ones) and nothing partial under a name Terraform reads.
///
/// The killed process is `slow-writing-infra` (Tests/SlowWritingInfra): infra's CLI with the writer
/// paused before each 4 KiB and each rename, so that a test sees each step happen on disk and
/// kills the process there. The shipped `infra` has no such pause.
@Suite struct CrashSafetyTests {
  static let stacks = ["first", "second"]
  /// Two stack files: `first` writes half a kilobyte, `second` (a network) about 18 KB.
  static let stackFiles = [
    "first": "region: eu-west-1\nenvironment: development\n",
    "second": """
      region: eu-west-1
      environment: development
      network:
        cidr: 10.0.0.0/16
        zones: [eu-west-1a, eu-west-1b, eu-west-1c]
        endpoints: [s3, ecr, sts, logs]

      """,
  ]
  let directory: String

  init() throws {
    directory = try makeTemporaryDirectory()
    try Self.writeStackFiles(in: directory)
    for stack in Self.stacks {
      try FileManager.default.createDirectory(atPath: "\(directory)/out/\(stack)", withIntermediateDirectories: true)
      try writeText(Self.previous(stack), to: "\(directory)/out/\(stack)/main.tf.json")
    }
  }

  /// What each stack's file holds before the synth under test.
  static func previous(_ stack: String) -> String { "{\"previous\": \"\(stack)\"}\n" }

  static func writeStackFiles(in directory: String) throws {
    try FileManager.default.createDirectory(atPath: "\(directory)/stacks", withIntermediateDirectories: true)
    for (name, text) in stackFiles { try writeText(text, to: "\(directory)/stacks/\(name).yaml") }
  }

  /// What a finished synth writes, from an uninterrupted run in a folder of its own.
  static let finished: [String: String] = {
    guard let scratch = try? makeTemporaryDirectory(), (try? writeStackFiles(in: scratch)) != nil,
      (try? runInfra(["synth"], in: scratch))?.status == 0
    else { return [:] }
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    var files: [String: String] = [:]
    for stack in stacks {
      files[stack] = FileManager.default.contents(atPath: "\(scratch)/out/\(stack)/main.tf.json").map { String(decoding: $0, as: UTF8.self) }
    }
    return files
  }()

  static func new(_ stack: String) -> String? { finished[stack] }

  private func contents(_ stack: String) -> String? {
    FileManager.default.contents(atPath: "\(directory)/out/\(stack)/main.tf.json").map { String(decoding: $0, as: UTF8.self) }
  }

  private func files(_ stack: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: "\(directory)/out/\(stack)")) ?? []).sorted()
  }

  private func hasTemporaryFile(_ stack: String) -> Bool {
    files(stack).contains { $0.hasPrefix(".main.tf.json.infra-") }
  }

  /// Every stack's file is whole, old or new, and every other file is a hidden temporary one,
  /// which Terraform skips (it reads neither hidden files nor names not ending in .tf or .tf.json).
  private func expectOutputIntact(_ note: String, sourceLocation: SourceLocation = #_sourceLocation) {
    for stack in Self.stacks {
      let text = contents(stack)
      #expect(text == Self.previous(stack) || text == Self.new(stack), "\(stack): \(note)", sourceLocation: sourceLocation)
      for file in files(stack) where file != "main.tf.json" {
        let hidden = file.hasPrefix(".main.tf.json.infra-") && !file.hasSuffix(".tf") && !file.hasSuffix(".tf.json")
        #expect(hidden, "\(stack)/\(file): \(note)", sourceLocation: sourceLocation)
      }
    }
  }

  /// Starts `infra synth` with the writer paused `pause` milliseconds at each step.
  private func startSynth(pause: Int) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: builtExecutable("slow-writing-infra"))
    process.arguments = [String(pause), "synth"]
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Kills `process` with SIGKILL as soon as `condition` holds (or when it has exited).
  private func kill(_ process: Process, when condition: () -> Bool) -> Bool {
    while process.isRunning {
      if condition() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
      }
      usleep(500)
    }
    return false
  }

  @Test func killedWhileWritingTheFirstStackLeavesThePreviousOutput() throws {
    let synth = try startSynth(pause: 100)
    #expect(kill(synth) { hasTemporaryFile("first") }, "killed with the first file half-written")
    for stack in Self.stacks { #expect(contents(stack) == Self.previous(stack)) }
    expectOutputIntact("killed mid-write")
  }

  @Test func killedWhileWritingTheSecondStackLeavesThePreviousOutput() throws {
    let synth = try startSynth(pause: 100)
    #expect(kill(synth) { hasTemporaryFile("second") }, "killed with the second file half-written")
    for stack in Self.stacks { #expect(contents(stack) == Self.previous(stack)) }
    expectOutputIntact("killed mid-write")
  }

  @Test func killedBetweenTheRenamesLeavesEachFileWhole() throws {
    let synth = try startSynth(pause: 100)
    #expect(kill(synth) { contents("first") == Self.new("first") }, "killed after the first rename")
    #expect(contents("first") == Self.new("first"))
    #expect(contents("second") == Self.previous("second"))
    expectOutputIntact("killed between renames")
  }

  @Test func killedAtPointsSpreadOverAWholeRunNeverLeavesAPartialFile() throws {
    // From before the first byte to after the last rename: with a 20 ms pause, the writes and
    // renames of the two stacks span about 160 ms after start-up.
    for delay in stride(from: 0, through: 400, by: 25) {
      let synth = try startSynth(pause: 20)
      usleep(UInt32(delay) * 1000)
      Foundation.kill(synth.processIdentifier, SIGKILL)
      synth.waitUntilExit()
      expectOutputIntact("killed \(delay) ms after start")
    }
    // And the next run, over whatever the killed ones left, writes everything.
    let result = try runInfra(["synth"], in: directory)
    #expect(result.status == 0)
    #expect(result.standardError == "")
    for stack in Self.stacks { #expect(contents(stack) == Self.new(stack)) }
  }

  @Test func aFileSizeLimitIsAWriteErrorThatLeavesThePreviousOutput() throws {
    // Ten KiB: the first stack's half kilobyte fits, the second's 18 KB does not. With SIGXFSZ
    // ignored, write() fails with EFBIG, as it fails with ENOSPC on a full disk.
    let result = try runProcess(
      "/bin/bash", ["-c", "ulimit -f 10 && trap '' XFSZ && exec \"$0\" synth", infraExecutable], in: directory)
    #expect(result.status == 2)
    #expect(result.standardOutput == "")
    #expect(result.standardError == "out/second/main.tf.json: error: cannot write: File too large [output-not-written]\n")
    for stack in Self.stacks {
      #expect(contents(stack) == Self.previous(stack))
      #expect(files(stack) == ["main.tf.json"], "no temporary file is left behind")
    }
  }

  @Test func aFullDiskIsAWriteErrorThatLeavesThePreviousOutput() throws {
    // A real tmpfs of 16 KiB (four pages) over the output folder, in a mount namespace of its own.
    guard (try? runProcess("/usr/bin/unshare", ["-m", "true"]))?.status == 0 else {
      print("SKIPPED: aFullDiskIsAWriteErrorThatLeavesThePreviousOutput: unshare -m is not permitted here; the file size limit test covers the same write error")
      return
    }
    let script = """
      set -e
      mount -t tmpfs -o size=16k tmpfs out
      mkdir out/first out/second
      printf '%s\\n' '{"previous": "first"}' > out/first/main.tf.json
      printf '%s\\n' '{"previous": "second"}' > out/second/main.tf.json
      set +e
      "$0" synth 2>&1
      echo "exit $?"
      cat out/first/main.tf.json out/second/main.tf.json
      ls -A out/first out/second
      """
    let result = try runProcess("/usr/bin/unshare", ["-m", "/bin/bash", "-c", script, infraExecutable], in: directory)
    #expect(result.status == 0, "\(result.standardError)")
    #expect(
      result.standardOutput == """
        out/second/main.tf.json: error: cannot write: No space left on device [output-not-written]
        exit 2
        {"previous": "first"}
        {"previous": "second"}
        out/first:
        main.tf.json

        out/second:
        main.tf.json

        """)
  }

  @Test func aFolderInfraMayNotWriteIsAnErrorNamingTheFile() throws {
    // Root writes anywhere, so as root infra runs as nobody, for whom the folders (root's, 0755)
    // are read-only; as anyone else the folders are made read-only.
    let result: ProcessResult
    if getuid() == 0 {
      result = try runProcess(
        "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", infraExecutable, "synth"], in: directory)
    } else {
      for stack in Self.stacks { chmod("\(directory)/out/\(stack)", 0o555) }
      defer { for stack in Self.stacks { chmod("\(directory)/out/\(stack)", 0o755) } }
      result = try runInfra(["synth"], in: directory)
    }
    #expect(result.status == 2)
    #expect(result.standardOutput == "")
    #expect(result.standardError == "out/first/main.tf.json: error: cannot write: Permission denied [output-not-written]\n")
    for stack in Self.stacks {
      #expect(contents(stack) == Self.previous(stack))
      #expect(files(stack) == ["main.tf.json"])
    }
  }
}
