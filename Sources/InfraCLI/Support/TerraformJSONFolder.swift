import ArgumentParser
import Foundation
import InfraLint

/// The Terraform JSON that `infra lint --terraform` reads: a folder's `*.tf.json` files, as
/// Terraform reads a root module (not its subfolders), or one file.
enum TerraformJSONFolder {
  /// The modules at `paths`; every problem is printed, and if there was one the command stops
  /// with exit code 2.
  static func read(_ paths: [String]) throws -> [TerraformJSONModule] {
    var modules: [TerraformJSONModule] = []
    var problems: [Diagnostic] = []
    for path in paths {
      let name = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
      guard let files = files(at: name, problems: &problems) else { continue }
      do {
        modules.append(try TerraformJSONModule(name: name, files: files))
      } catch {
        problems += error.diagnostics
      }
    }
    problems.forEach { Console.error($0.description) }
    if !problems.isEmpty { throw ExitCode.badInput }
    return modules
  }

  /// The files at `path`, or nil after adding why there are none to `problems`.
  private static func files(at path: String, problems: inout [Diagnostic]) -> [(path: String, bytes: [UInt8])]? {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      problems.append(.error("terraform-json-missing", "'\(path)' does not exist", fix: "give a folder of *.tf.json files or one such file"))
      return nil
    }
    let names: [String]
    if isFolder.boolValue {
      names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".tf.json") }.sorted()
        .map { path == "." ? $0 : "\(path)/\($0)" }
      guard !names.isEmpty else {
        problems.append(
          .error(
            "terraform-json-missing", "'\(path)' holds no *.tf.json files",
            fix: "give the folder Terraform runs in; infra lint reads Terraform JSON, not HCL (*.tf)"))
        return nil
      }
    } else {
      names = [path]
    }
    var files: [(path: String, bytes: [UInt8])] = []
    for name in names {
      guard let data = FileManager.default.contents(atPath: name) else {
        problems.append(.error("terraform-json-missing", "'\(name)' cannot be read", fix: "check that it is a file you may read"))
        return nil
      }
      files.append((name, [UInt8](data)))
    }
    return files
  }
}
