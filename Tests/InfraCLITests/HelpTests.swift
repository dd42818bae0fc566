import Foundation
import InfraTestSupport
import Testing

/// What `infra --help` and each command's `--help` print, pinned: a change to an option, its
/// wording or an exit code shows up in review as a change to these files.
@Suite struct HelpTests {
  @Test(arguments: ["", "synth", "lint", "list", "validate", "check-plan", "kubernetes-values", "graph", "ci", "ci github", "ci gitlab"])
  func helpIsTheReviewedText(command: String) throws {
    let directory = try makeTemporaryDirectory()
    let words = command.split(separator: " ").map(String.init)
    let result = try runInfra(words + ["--help"], in: directory)
    #expect(result.status == 0)
    #expect(result.standardError == "")
    assertSnapshot(Array(result.standardOutput.utf8), named: "help/\(command.isEmpty ? "infra" : words.joined(separator: "-")).txt")
  }
}
