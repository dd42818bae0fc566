import Foundation
import InfraKit
import InfraTestSupport

/// What script/plan-against-state prints for `after` planned against a state made from `before`
/// (both synthesized into a temporary folder), and its exit status.
func planAgainstState(before: Stack, after: Stack) throws -> ProcessResult {
  let directory = try makeTemporaryDirectory()
  defer { try? FileManager.default.removeItem(atPath: directory) }
  for (folder, stack) in [("before", before), ("after", after)] {
    let synthesized = try stack.synthesize()
    _ = try StackWriter(outputDirectory: "\(directory)/\(folder)").write([(synthesized.name, synthesized.configuration.json())])
  }
  var environment = ProcessInfo.processInfo.environment
  environment["TF_PLUGIN_DIR"] = providerMirror
  return try runProcess(
    repositoryRoot + "/script/plan-against-state", ["\(directory)/before/\(before.name)", "\(directory)/after/\(after.name)"],
    environment: environment)
}
