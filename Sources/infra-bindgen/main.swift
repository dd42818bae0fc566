import ArgumentParser
import BindingGenerator
import Foundation

/// Generates typed Swift bindings from a Terraform provider's schema.
struct InfraBindgen: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "infra-bindgen",
    abstract: "Generate typed Swift resources from a Terraform provider schema.",
    discussion: """
      Get a provider's schema with `terraform providers schema -json > schema.json` in a folder
      that requires the provider, list the types you want in a file (one per line; data sources
      as data.NAME), then `extract` the subset you keep and `generate` Swift from it.
      """,
    subcommands: [Extract.self, Generate.self])
}

struct Extract: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Keep only the listed types of a full provider schema.")

  @Option(help: "The output of `terraform providers schema -json`.") var schema: String
  @Option(help: "The file listing the types, one per line.") var types: String
  @Option(help: "The provider's address in the schema.") var provider = "registry.terraform.io/hashicorp/aws"
  @Option(name: .customLong("provider-version"), help: "The provider version the schema came from.") var providerVersion: String
  @Option(help: "Where to write the subset.") var out: String
  @Flag(help: "Write nothing; fail when the subset on disk differs.") var check = false

  func run() throws {
    let command = "infra-bindgen extract --schema SCHEMA --types \(types) --provider \(provider) --provider-version \(providerVersion) --out \(out)"
    let full = try SchemaSubset.decoded(try readFile(schema))
    let subset = try SchemaSubset.extract(
      from: full, provider: provider, version: providerVersion, types: try TypeList(parsing: String(decoding: try readFile(types), as: UTF8.self)),
      command: command)
    let data = try SchemaSubset.encoded(subset)
    try writeOrCheck([out: data], check: check)
  }
}

struct Generate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write Swift for the listed types of a schema: one file per type, and a catalog.")

  @Option(help: "A provider schema: a subset from `extract`, or the full output of Terraform.") var schema: String
  @Option(help: "The file listing the types, one per line.") var types: String
  @Option(help: "The folder to write the Swift files into.") var out: String
  @Option(help: "The provider's address in the schema, when it has several.") var provider: String?
  @Option(help: "The name of the enum that lists the generated types.") var catalog = "ProviderCatalog"
  @Option(help: "Also write test code that creates every type, to this file.") var exerciseOut: String?
  @Option(help: "The module the test code imports the bindings from.") var exerciseModule: String?
  @Flag(help: "Write nothing; fail when a file on disk differs.") var check = false

  func run() throws {
    var command = "infra-bindgen generate --schema \(schema) --types \(types) --out \(out) --catalog \(catalog)"
    if let provider { command += " --provider \(provider)" }
    if let exerciseOut { command += " --exercise-out \(exerciseOut) --exercise-module \(exerciseModule ?? "")" }
    let generator = BindingGenerator(
      schemas: try SchemaSubset.decoded(try readFile(schema)), provider: provider,
      types: try TypeList(parsing: String(decoding: try readFile(types), as: UTF8.self)), catalogName: catalog,
      command: command)
    var files: [String: Data] = [:]
    for (name, source) in try generator.files() {
      files[out + "/" + name] = Data(source.utf8)
    }
    if let exerciseOut {
      guard let exerciseModule else { throw ValidationError("--exercise-out needs --exercise-module") }
      files[exerciseOut] = Data(try generator.exerciseSource(importing: exerciseModule).utf8)
    }
    let stale = try staleFiles(in: out, keeping: Set(files.keys))
    try writeOrCheck(files, removing: stale, check: check)
  }

  /// Generated files in `folder` that this run does not write: types taken off the list.
  private func staleFiles(in folder: String, keeping: Set<String>) throws -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.sorted().map { folder + "/" + $0 }.filter { path in
      path.hasSuffix(".swift") && !keeping.contains(path)
        && (FileManager.default.contents(atPath: path).map { $0.starts(with: Data(BindingGenerator.headerPrefix.utf8)) } ?? false)
    }
  }
}

func readFile(_ path: String) throws -> Data {
  guard let data = FileManager.default.contents(atPath: path) else {
    throw ValidationError("cannot read \(path)")
  }
  return data
}

/// Writes the files that changed, or with `check`, lists them and fails.
func writeOrCheck(_ files: [String: Data], removing stale: [String] = [], check: Bool) throws {
  let changed = files.keys.sorted().filter { FileManager.default.contents(atPath: $0) != files[$0] }
  if check {
    guard changed.isEmpty && stale.isEmpty else {
      for path in changed { print("out of date: \(path)") }
      for path in stale { print("no longer generated: \(path)") }
      throw ExitCode(1)
    }
    return
  }
  for path in changed {
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
    try files[path]!.write(to: URL(fileURLWithPath: path), options: .atomic)
  }
  for path in stale { try FileManager.default.removeItem(atPath: path) }
}

do {
  var command = try InfraBindgen.parseAsRoot()
  try command.run()
} catch {
  InfraBindgen.exit(withError: error)
}
