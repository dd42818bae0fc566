import Foundation
import InfraCore
import InfraTestSupport
import Testing

@Suite struct StackWriterTests {
  let directory: String
  let writer: StackWriter

  init() throws {
    directory = try makeTemporaryDirectory()
    writer = StackWriter(outputDirectory: directory + "/out")
  }

  private func contents(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
  }

  private func files(in folder: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
  }

  @Test func writesEachStackToItsFolderAndReportsUnchangedFiles() throws {
    let first = try writer.write([("a", Array("one\n".utf8)), ("b", Array("two\n".utf8))])
    #expect(first.map(\.changed) == [true, true])
    #expect(contents(directory + "/out/a/main.tf.json") == "one\n")
    #expect(contents(directory + "/out/b/main.tf.json") == "two\n")

    let second = try writer.write([("a", Array("one\n".utf8)), ("b", Array("TWO\n".utf8))])
    #expect(second.map(\.changed) == [false, true])
    #expect(contents(directory + "/out/b/main.tf.json") == "TWO\n")
    #expect(files(in: directory + "/out/a") == ["main.tf.json"])
  }

  @Test func writesOneStackIntoAFolderTheCallerPicks() throws {
    let first = try StackWriter.write(stack: "a", json: Array("one\n".utf8), toFolder: directory + "/picked/here")
    #expect(first.stack == "a" && first.path == directory + "/picked/here/main.tf.json")
    #expect(first.changed && first.bytes == 4)
    #expect(contents(directory + "/picked/here/main.tf.json") == "one\n")
    #expect(files(in: directory + "/picked") == ["here"], "no folder named after the stack")

    let second = try StackWriter.write(stack: "a", json: Array("one\n".utf8), toFolder: directory + "/picked/here")
    #expect(!second.changed)
    #expect(files(in: directory + "/picked/here") == ["main.tf.json"])
  }

  @Test func aFailureHalfWayLeavesTheEarlierOutputUntouched() throws {
    _ = try writer.write([("a", Array("old a\n".utf8))])
    // A file where stack b's folder must go makes the second stack fail after the first is staged.
    try writeText("not a folder", to: directory + "/out/b")

    #expect(throws: StackWriter.WriteError.self) {
      try writer.write([("a", Array("new a\n".utf8)), ("b", Array("new b\n".utf8))])
    }
    #expect(contents(directory + "/out/a/main.tf.json") == "old a\n")
    #expect(files(in: directory + "/out/a") == ["main.tf.json"], "no temporary file is left behind")
    #expect(contents(directory + "/out/b") == "not a folder")
  }

  @Test func filesInfraDidNotWriteSurvive() throws {
    try FileManager.default.createDirectory(atPath: directory + "/out/a/.terraform", withIntermediateDirectories: true)
    try writeText("{}", to: directory + "/out/a/extra.tf.json")
    try writeText("mine", to: directory + "/out/notes.txt")
    _ = try writer.write([("a", Array("a\n".utf8))])
    #expect(files(in: directory + "/out/a") == [".terraform", "extra.tf.json", "main.tf.json"])
    #expect(contents(directory + "/out/notes.txt") == "mine")
  }

  @Test func anUnwritableOutputFolderIsAnErrorNamingThePath() throws {
    try writeText("", to: directory + "/out")
    let error = try #require(throws: StackWriter.WriteError.self) { try writer.write([("a", [])]) }
    #expect(error.path == directory + "/out")
    #expect(error.description == "\(directory)/out: error: cannot write: it exists and is not a folder [output-not-written]")
  }
}

extension StackWriterTests {
  @Test func twoStacksWithOneFolderAreRejectedBeforeAnythingIsWritten() throws {
    let error = try #require(throws: StackWriter.WriteError.self) {
      try writer.write([("a", Array("1\n".utf8)), ("A", Array("2\n".utf8))])
    }
    #expect(error.reason == "two stacks are named 'A'")
    #expect(!FileManager.default.fileExists(atPath: directory + "/out"))
  }
}

extension StackWriterTests {
  @Test func aTemporaryFileLeftByAKilledRunWithTheSameProcessIdIsNoObstacle() throws {
    // In a container infra often has the same pid every run; a run killed mid-write left this.
    try FileManager.default.createDirectory(atPath: directory + "/out/a", withIntermediateDirectories: true)
    let leftover = directory + "/out/a/.main.tf.json.infra-\(getpid())-0"
    try writeText("{\"partial", to: leftover)

    let results = try writer.write([("a", Array("new\n".utf8))])
    #expect(results.map(\.changed) == [true])
    #expect(contents(directory + "/out/a/main.tf.json") == "new\n")
    #expect(contents(leftover) == "{\"partial", "a file of another run is not infra's to remove")
    #expect(files(in: directory + "/out/a") == [".main.tf.json.infra-\(getpid())-0", "main.tf.json"])
  }

  @Test func writingWithPausesWritesTheSameBytes() throws {
    let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0) }
    _ = try StackWriter(outputDirectory: directory + "/out", pauseMicroseconds: 1).write([("a", bytes)])
    #expect(FileManager.default.contents(atPath: directory + "/out/a/main.tf.json").map(Array.init) == bytes)
    #expect(files(in: directory + "/out/a") == ["main.tf.json"])
  }

  /// A manifest is rewritten when its bytes differ in any way (same length, shorter, longer) and
  /// left alone when they are the same; a manifest infra wrote that the stack no longer makes is
  /// deleted at any depth, and other files are not.
  @Test func manifestsAreComparedByTheirBytesAndStaleOnesDeleted() throws {
    let mark = String(decoding: StackWriter.manifestMark, as: UTF8.self)
    func counts(_ result: StackWriter.Result) -> String {
      "\(result.manifestsWritten) written, \(result.manifestsUnchanged) unchanged, \(result.manifestsDeleted) deleted"
    }
    func manifest(_ text: String) -> [UInt8] { Array("\(mark)a'\n\(text)\n".utf8) }
    let files: [(path: String, bytes: [UInt8])] = [
      ("kubernetes/kustomization.yaml", manifest("resources: []")),
      ("kubernetes/tenants/acme/namespace.yaml", manifest("kind: Namespace")),
      ("kubernetes/tenants/acme/quota.yaml", manifest("kind: ResourceQuota")),
      ("kubernetes/tenants/beta/namespace.yaml", manifest("kind: Namespace")),
      ("kubernetes/tenants/beta/quota.yaml", manifest("kind: ResourceQuota")),
    ]
    let first = try writer.write([StackWriter.StackFiles(name: "a", json: Array("{}\n".utf8), kubernetes: files)])
    #expect(counts(first[0]) == "5 written, 0 unchanged, 0 deleted")

    let folder = directory + "/out/a/kubernetes"
    try writeText(mark + "a'\nkind: NAMESPACE\n", to: folder + "/tenants/acme/namespace.yaml")  // the same length
    try writeText(mark + "a'\n", to: folder + "/tenants/acme/quota.yaml")  // shorter
    try writeText(mark + "a'\nkind: Namespace\nmore: 1\n", to: folder + "/tenants/beta/namespace.yaml")  // longer
    try FileManager.default.createDirectory(atPath: folder + "/tenants/gone/deeper", withIntermediateDirectories: true)
    try writeText(mark + "a'\n", to: folder + "/tenants/gone/deeper/old.yaml")
    try writeText("kind: Secret\n", to: folder + "/tenants/beta/own.yaml")
    try writeText(mark + "a'\n", to: folder + "/tenants/beta/.hidden.yaml")
    try writeText("KEY=value\n", to: folder + "/tenants/beta/terraform-outputs.env")

    let second = try writer.write([StackWriter.StackFiles(name: "a", json: Array("{}\n".utf8), kubernetes: files)])
    #expect(counts(second[0]) == "3 written, 2 unchanged, 1 deleted")
    for file in files {
      #expect(FileManager.default.contents(atPath: directory + "/out/a/" + file.path).map(Array.init) == file.bytes)
    }
    #expect(self.files(in: folder + "/tenants/gone/deeper") == [])
    #expect(self.files(in: folder + "/tenants/beta") == [".hidden.yaml", "namespace.yaml", "own.yaml", "quota.yaml", "terraform-outputs.env"])
  }
}
