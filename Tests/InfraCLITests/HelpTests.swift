import Foundation
import InfraTestSupport
import Testing

/// What `infra --help` and each command's `--help` print, pinned: a change to an option, its
/// wording or an exit code shows up in review as a change to these files.
@Suite struct HelpTests {
  @Test(arguments: ["", "synth", "lint", "list", "validate", "check-plan", "kubernetes-values", "graph"])
  func helpIsTheReviewedText(command: String) throws {
    let directory = try makeTemporaryDirectory()
    let result = try runInfra((command.isEmpty ? [] : [command]) + ["--help"], in: directory)
    #expect(result.status == 0)
    #expect(result.standardError == "")
    assertSnapshot(Array(result.standardOutput.utf8), named: "help/\(command.isEmpty ? "infra" : command).txt")
  }
}
