import ArgumentParser
import Foundation
import InfraKit

extension Infra {
  /// `infra synth`: compile stacks into `<out>/<stack>/main.tf.json`.
  struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compile stacks into Terraform JSON.",
      discussion: """
        Writes <out>/<stack>/main.tf.json for each stack, and its Kubernetes manifests to \
        <out>/<stack>/kubernetes/. Nothing is written when any stack has an error, files that \
        already hold the same bytes are left alone, and nothing else in the output folder is \
        touched, but manifests infra wrote before that a stack no longer makes, which are deleted.
        """)

    @OptionGroup var selection: StackSelection

    @Option(name: .long, help: ArgumentHelp("The output folder.", valueName: "dir"))
    var out = "out"

    func validate() throws {
      guard !out.isEmpty else { throw ValidationError("--out needs a folder; leave it out to write to 'out'") }
    }

    func run() throws {
      let stacks = try Compilation.synthesize(selection)
      let results: [StackWriter.Result]
      do {
        results = try StackWriter(outputDirectory: out, pauseMicroseconds: Infra.writePauseMicroseconds)
          .write(stacks.map { $0.files() })
      } catch {
        Console.error(error.description)
        throw ExitCode.badInput
      }
      for (stack, result) in zip(stacks, results) {
        let state = result.changed ? "wrote" : "unchanged"
        Console.output("\(state) \(result.path) (\(stack.resourceCount.counted("resource")), \(result.bytes.counted("byte")))")
        let manifests = result.manifestsWritten + result.manifestsUnchanged
        if manifests + result.manifestsDeleted > 0 {
          let deleted = result.manifestsDeleted > 0 ? ", deleted \(result.manifestsDeleted.counted("manifest")) it no longer makes" : ""
          Console.output(
            "\(result.manifestsWritten + result.manifestsDeleted > 0 ? "wrote" : "unchanged") \(out)/\(stack.name)/kubernetes (\(manifests.counted("file")), \(result.manifestsWritten) changed\(deleted))"
          )
        }
      }
    }
  }
}
