import ArgumentParser
import Foundation
import InfraKit
import JSON

extension Infra {
  /// `infra kubernetes-values`: after `terraform apply`, hand Terraform's values to the stack's
  /// Kubernetes manifests.
  struct KubernetesValues: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write the values the Kubernetes manifests read from Terraform, after terraform apply.",
      discussion: """
        Reads `terraform output -json` of one stack (from --outputs, or standard input) and writes \
        each manifest folder's terraform-outputs.env from the folder's output, so that kustomize \
        can fill in the values only Terraform knows (security group ids, database addresses):

          terraform -chdir=out/prod output -json | infra kubernetes-values --stack prod

        Commit the files with the manifests; GitOps applies them from there. Exit codes: 0 written; \
        2 bad input (no such stack, an output missing because the stack was not applied).
        """)

    @OptionGroup var selection: StackSelection

    @Option(name: .long, help: ArgumentHelp("The output folder infra synth wrote to.", valueName: "dir"))
    var out = "out"

    @Option(help: ArgumentHelp("The JSON of `terraform output -json` (default: standard input).", valueName: "file"))
    var outputs: String?

    func validate() throws {
      guard selection.names.count == 1 else {
        throw ValidationError("name the one stack whose outputs these are with --stack")
      }
    }

    func run() throws {
      let stacks = try Compilation.synthesize(selection)
      guard let stack = stacks.first else { return }
      let source = outputs ?? "standard input"
      let bytes: [UInt8]
      if let outputs {
        guard let data = FileManager.default.contents(atPath: outputs) else {
          Console.error("\(outputs): error: cannot read the file; pass the JSON of `terraform output -json` [outputs-unreadable]")
          throw ExitCode.badInput
        }
        bytes = Array(data)
      } else {
        bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
      }
      let document: JSON
      do {
        document = try JSONParser.parse(bytes)
      } catch {
        Console.error("\(source): error: \(error); pass the JSON of `terraform output -json` [outputs-unreadable]")
        throw ExitCode.badInput
      }
      var files: [(path: String, text: String)] = []
      for manifests in stack.manifests where !manifests.manifests.terraformKeys.isEmpty {
        let name = manifests.logicalID
        guard let text = document[name]?["value"]?.string else {
          Console.error(
            "\(source): error: there is no output '\(name)', which the manifests in kubernetes/\(manifests.folder) read; apply the stack '\(stack.name)' with the configuration infra synth wrote, then run terraform output -json again [output-missing]"
          )
          throw ExitCode.badInput
        }
        files.append(("\(out)/\(stack.name)/kubernetes/\(manifests.folder)/\(ManifestFolder.valuesFileName)", text))
      }
      // Every value is read before any file is written.
      for file in files {
        do {
          try FileManager.default.createDirectory(
            atPath: String(file.path[..<file.path.lastIndex(of: "/")!]), withIntermediateDirectories: true)
          try Data(file.text.utf8).write(to: URL(fileURLWithPath: file.path), options: .atomic)
        } catch {
          Console.error("\(file.path): error: cannot write: \(error.localizedDescription) [output-not-written]")
          throw ExitCode.badInput
        }
        Console.output("wrote \(file.path)")
      }
    }
  }
}
