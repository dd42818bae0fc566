import Foundation
import InfraTestSupport
import Testing

/// Runs the built `infra` executable and checks its files, output and exit codes.
@Suite struct EndToEndTests {
  let directory: String

  init() throws {
    directory = try makeTemporaryDirectory()
  }

  private func contents(_ path: String) -> String? {
    FileManager.default.contents(atPath: directory + "/" + path).map { String(decoding: $0, as: UTF8.self) }
  }

  private func snapshot(_ name: String) -> String? {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name)").path
    return FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
  }

  @Test func synthWithNoArgumentsWritesEveryShippedStack() throws {
    let result = try runInfra(["synth"], in: directory)
    #expect(result.status == 0)
    #expect(result.standardError == "")
    #expect(
      result.standardOutput == """
        wrote out/network-dev/main.tf.json (23 resources, 7628 bytes)
        wrote out/network-prod/main.tf.json (56 resources, 18835 bytes)

        """)
    #expect(contents("out/network-dev/main.tf.json") == snapshot("network-dev.tf.json"))
    #expect(contents("out/network-prod/main.tf.json") == snapshot("network-prod.tf.json"))
  }

  @Test func aSecondSynthIsByteIdenticalAndLeavesFilesAlone() throws {
    _ = try runInfra(["synth"], in: directory)
    let first = contents("out/network-prod/main.tf.json")
    let second = try runInfra(["synth"], in: directory)
    #expect(second.status == 0)
    #expect(second.standardOutput.split(separator: "\n").map { $0.split(separator: " ").first } == ["unchanged", "unchanged"])
    #expect(contents("out/network-prod/main.tf.json") == first)
  }

  @Test func synthWritesOnlyTheNamedStacksToTheGivenFolder() throws {
    let result = try runInfra(["synth", "--stack", "network-dev", "--out", "build/tf"], in: directory)
    #expect(result.status == 0)
    #expect(result.standardOutput == "wrote build/tf/network-dev/main.tf.json (23 resources, 7628 bytes)\n")
    #expect(contents("build/tf/network-prod/main.tf.json") == nil)
  }

  @Test func anUnknownStackIsBadInputWithASuggestion() throws {
    let result = try runInfra(["synth", "--stack", "network-prd"], in: directory)
    #expect(result.status == 2)
    #expect(result.standardOutput == "")
    #expect(
      result.standardError.hasPrefix(
        "Error: no stack named 'network-prd'; did you mean 'network-prod'? known stacks: network-dev, network-prod\n"))
    #expect(contents("out/network-dev/main.tf.json") == nil, "nothing is written")
  }

  @Test func usageErrorsExitWith2() throws {
    for arguments in [["frobnicate"], ["synth", "--bogus"], ["synth", "--out"]] {
      let result = try runInfra(arguments, in: directory)
      #expect(result.status == 2, "\(arguments)")
      #expect(result.standardError.contains("Usage: infra"), "\(arguments)")
    }
  }

  @Test func helpExitsCleanlyOnStandardOutput() throws {
    let result = try runInfra(["--help"], in: directory)
    #expect(result.status == 0)
    #expect(result.standardOutput.contains("SUBCOMMANDS:"))
    #expect(result.standardOutput.contains("synth"))
    #expect(result.standardError == "")
  }

  @Test func listShowsStacksWithResourceCounts() throws {
    let result = try runInfra(["list"], in: directory)
    #expect(result.status == 0)
    #expect(result.standardOutput == "network-dev   23 resources\nnetwork-prod  56 resources\n")
  }

  @Test func aFailureHalfWayLeavesTheEarlierOutputAndForeignFilesIntact() throws {
    _ = try runInfra(["synth"], in: directory)
    let manager = FileManager.default
    // The earlier output of one stack, a file of the team's own, and a folder that cannot be written.
    try writeText("earlier\n", to: directory + "/out/network-dev/main.tf.json")
    try writeText("mine\n", to: directory + "/out/network-dev/backend.tf.json")
    try manager.removeItem(atPath: directory + "/out/network-prod")
    try writeText("in the way\n", to: directory + "/out/network-prod")

    let result = try runInfra(["synth"], in: directory)
    #expect(result.status == 2)
    #expect(result.standardOutput == "")
    #expect(
      result.standardError
        == "out/network-prod: error: cannot write: it exists and is not a folder [output-not-written]\n")
    #expect(contents("out/network-dev/main.tf.json") == "earlier\n")
    #expect(contents("out/network-dev/backend.tf.json") == "mine\n")
    #expect(try manager.contentsOfDirectory(atPath: directory + "/out/network-dev").sorted() == ["backend.tf.json", "main.tf.json"])
  }

  @Test func validateWithoutTerraformSaysSoAndExitsWith3() throws {
    let result = try runProcess(
      infraExecutable, ["validate"], in: directory, environment: ["PATH": "/nonexistent", "HOME": directory])
    #expect(result.status == 3)
    #expect(
      result.standardError
        == "infra: error: terraform was not found on the PATH, so nothing was checked; install Terraform 1.10 or later, or pass --terraform [terraform-missing]\n"
    )
  }
}
