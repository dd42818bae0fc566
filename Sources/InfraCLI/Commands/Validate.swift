import ArgumentParser
import Foundation
import InfraKit

extension Infra {
  /// `infra validate`: prove the synthesized stacks with the real Terraform.
  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check stacks with Terraform: init, validate and, with --plan, a plan with mock credentials.",
      discussion: """
        Each stack is synthesized into a scratch folder, where `terraform init -backend=false` and \
        `terraform validate` run against the AWS provider's real schema. With --plan, \
        `terraform plan -refresh=false` follows with mock AWS credentials and a local backend: \
        AWS is never contacted, so stacks that read data sources from AWS cannot be planned this way.

        Without registry access, point --plugin-dir (or TF_PLUGIN_DIR) at a local provider mirror.
        Exit codes: 0 every check passed; 1 a check failed; 2 a stack has errors; 3 Terraform \
        was not found.
        """)

    @OptionGroup var selection: StackSelection

    @Flag(help: "Also plan each stack with mock AWS credentials.")
    var plan = false

    @Option(help: ArgumentHelp("A local provider mirror for `terraform init` (default: $TF_PLUGIN_DIR).", valueName: "dir"))
    var pluginDir: String?

    @Option(help: ArgumentHelp("The terraform executable (default: terraform on the PATH).", valueName: "path"))
    var terraform: String?

    func run() throws {
      let stacks = try Compilation.synthesize(try selection.stacks())
      guard let executable = terraform ?? TerraformRunner.find() else {
        Console.error(
          "infra: error: terraform was not found on the PATH, so nothing was checked; install Terraform 1.10 or later, or pass --terraform [terraform-missing]"
        )
        throw ExitCode.checkNotRun
      }
      guard FileManager.default.isExecutableFile(atPath: executable) else {
        Console.error(
          "infra: error: '\(executable)' is not an executable file, so nothing was checked; pass the path of terraform to --terraform [terraform-missing]"
        )
        throw ExitCode.checkNotRun
      }
      let runner = TerraformRunner(
        executable: executable,
        pluginDirectory: pluginDir ?? ProcessInfo.processInfo.environment["TF_PLUGIN_DIR"].flatMap { $0.isEmpty ? nil : $0 })
      let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("infra-validate-\(UUID().uuidString)").path
      defer { try? FileManager.default.removeItem(atPath: scratch) }
      let writer = StackWriter(outputDirectory: scratch)
      var failed = false
      for stack in stacks {
        do {
          _ = try writer.write([(stack.name, stack.json())])
        } catch {
          Console.error(error.description)
          throw ExitCode.badInput
        }
        let outcome = try runner.check(stack, plan: plan, in: "\(scratch)/\(stack.name)")
        for line in outcome.summary { Console.output("\(stack.name): \(line)") }
        if let output = outcome.failureOutput { Console.error(output) }
        failed = failed || !outcome.passed
      }
      if failed { throw ExitCode.findings }
    }
  }
}
