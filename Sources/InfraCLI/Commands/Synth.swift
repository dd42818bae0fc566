import ArgumentParser
import Foundation
import InfraKit

extension Infra {
  /// `infra synth`: compile stacks into `<out>/<stack>/main.tf.json`.
  struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compile stacks into Terraform JSON.",
      discussion: """
        Writes <out>/<stack>/main.tf.json for each stack. Nothing is written when any stack has \
        an error, files that already hold the same bytes are left alone, and nothing else in the \
        output folder is touched.
        """)

    @OptionGroup var selection: StackSelection

    @Option(name: .long, help: ArgumentHelp("The output folder.", valueName: "dir"))
    var out = "out"

    func validate() throws {
      guard !out.isEmpty else { throw ValidationError("--out needs a folder; leave it out to write to 'out'") }
    }

    /// `INFRA_TEST_WRITE_PAUSE_MS`: the crash-safety tests slow the writer down with it, to kill
    /// infra at each point of a write. Not for users.
    static var testPause: UInt32 {
      guard let text = getenv("INFRA_TEST_WRITE_PAUSE_MS").map({ String(cString: $0) }),
        let milliseconds = UInt32(text), milliseconds < 10_000
      else { return 0 }
      return milliseconds * 1000
    }

    func run() throws {
      let stacks = try Compilation.synthesize(try selection.stacks())
      let results: [StackWriter.Result]
      do {
        results = try StackWriter(outputDirectory: out, pauseMicroseconds: Self.testPause)
          .write(stacks.map { ($0.name, $0.json()) })
      } catch {
        Console.error(error.description)
        throw ExitCode.badInput
      }
      for (stack, result) in zip(stacks, results) {
        let state = result.changed ? "wrote" : "unchanged"
        Console.output("\(state) \(result.path) (\(stack.resourceCount.counted("resource")), \(result.bytes.counted("byte")))")
      }
    }
  }
}
