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

        Without registry access, point --plugin-dir (or TF_PLUGIN_DIR) at a local provider mirror \
        (the folder that holds registry.terraform.io, or any folder inside it). Variables without \
        a default get a placeholder for the mock plan.

        Exit codes: 0 every check passed; 1 a check failed; 2 a stack has errors; 3 Terraform \
        or the provider was not found.
        """)

    @OptionGroup var selection: StackSelection

    @Flag(help: "Also plan each stack with mock AWS credentials.")
    var plan = false

    @Option(help: ArgumentHelp("A local provider mirror for `terraform init` (default: $TF_PLUGIN_DIR).", valueName: "dir"))
    var pluginDir: String?

    @Option(help: ArgumentHelp("The terraform executable (default: terraform on the PATH).", valueName: "path"))
    var terraform: String?

    /// The provider mirror `path` is, or is inside: the folder holding a registry host folder
    /// (`registry.terraform.io/hashicorp/aws/…`). A folder inside the mirror (the host, the
    /// namespace, the provider, a version) is taken up to it, so pointing one level too deep
    /// still works. Nil when `path` is neither.
    static func mirrorFolder(_ path: String) -> String? {
      let url = URL(fileURLWithPath: path).standardizedFileURL
      let parts = url.pathComponents
      // A host folder on the way: the mirror is the folder above it.
      for index in parts.indices.reversed() where index > 0 && isRegistryHost(parts[index]) {
        let candidate = NSString.path(withComponents: Array(parts[..<index]))
        if isMirror(candidate) { return candidate }
      }
      return isMirror(url.path) ? url.path : nil
    }

    /// Whether `folder` holds `<host>/<namespace>/<type>/<version>` folders, as a mirror does.
    private static func isMirror(_ folder: String) -> Bool {
      func folders(in path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).map { "\(path)/\($0)" }.filter {
          var isDirectory: ObjCBool = false
          return FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && isDirectory.boolValue
        }
      }
      return folders(in: folder).contains { host in
        isRegistryHost((host as NSString).lastPathComponent)
          && folders(in: host).contains { namespace in folders(in: namespace).contains { !folders(in: $0).isEmpty } }
      }
    }

    /// A registry's host name, as Terraform names a mirror's first level of folders: lowercase
    /// labels joined by dots, the last of letters only (`registry.terraform.io`).
    private static func isRegistryHost(_ name: String) -> Bool {
      let labels = name.split(separator: ".", omittingEmptySubsequences: false)
      guard labels.count >= 2, let last = labels.last, last.count >= 2, last.allSatisfy({ ("a"..."z").contains($0) }) else {
        return false
      }
      return labels.allSatisfy { label in
        !label.isEmpty && label.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
      }
    }

    func run() throws {
      let stacks = try Compilation.synthesize(selection)
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
      let given = pluginDir ?? ProcessInfo.processInfo.environment["TF_PLUGIN_DIR"].flatMap { $0.isEmpty ? nil : $0 }
      var mirror: String?
      if let given {
        guard let found = Self.mirrorFolder(given) else {
          Console.error(
            "infra: error: '\(given)' is not a provider mirror: no registry host folder (registry.terraform.io) is in it or above it; pass the folder `terraform providers mirror DIR` wrote, the one holding registry.terraform.io [plugin-dir-not-a-mirror]"
          )
          throw ExitCode.badInput
        }
        mirror = found
      }
      let runner = TerraformRunner(executable: executable, pluginDirectory: mirror)
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
        if let provider = outcome.missingProvider {
          let place = mirror.map { "the provider mirror '\($0)'" } ?? "the registry"
          Console.error(
            "infra: error: terraform init found no \(provider) provider in \(place), so nothing was checked; pass --plugin-dir with a mirror that holds it (terraform providers mirror DIR writes one), or give Terraform access to the registry [provider-missing]"
          )
          throw ExitCode.checkNotRun
        }
        for line in outcome.summary { Console.output("\(stack.name): \(line)") }
        if let output = outcome.failureOutput { Console.error(output) }
        failed = failed || !outcome.passed
      }
      if failed { throw ExitCode.findings }
    }
  }
}
