import Foundation
import InfraCLI
import InfraTestSupport
import Testing

/// Runs the built `infra` executable and checks its files, output and exit codes.
@Suite struct EndToEndTests {
  let directory: String

  init() throws {
    directory = try makeTemporaryDirectory()
    try copyShippedStacks(into: directory)
  }

  private func contents(_ path: String) -> String? {
    FileManager.default.contents(atPath: directory + "/" + path).map { String(decoding: $0, as: UTF8.self) }
  }

  private func snapshot(_ name: String) -> String? {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name)").path
    return FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
  }

  @Test func synthWithNoArgumentsCompilesTheStackFolder() throws {
    let result = try runInfra(["synth"], in: directory)
    #expect(result.status == 0)
    #expect(result.standardError == "")
    #expect(
      result.standardOutput == """
        wrote out/dev/main.tf.json (178 resources, 86106 bytes)
        wrote out/dev/kubernetes (27 files, 27 changed)
        wrote out/prod-eu-west-1/main.tf.json (299 resources, 201217 bytes)
        wrote out/prod-eu-west-1/kubernetes (29 files, 29 changed)
        wrote out/prod-us-east-1/main.tf.json (299 resources, 201202 bytes)
        wrote out/prod-us-east-1/kubernetes (29 files, 29 changed)
        wrote out/staging/main.tf.json (218 resources, 123777 bytes)
        wrote out/staging/kubernetes (27 files, 27 changed)

        """)
    for stack in shippedStackNames {
      #expect(contents("out/\(stack)/main.tf.json") == snapshot("stacks/\(stack).tf.json"), "\(stack)")
    }
  }

  @Test func versionPrintsTheOneVersionString() throws {
    let result = try runInfra(["--version"], in: directory)
    #expect(result.status == 0)
    #expect(result.standardOutput == "\(InfraVersion.current)\n")
  }

  @Test func stackFilesAndFoldersMayBeNamedAsArgumentsAsALinterIsGivenThem() throws {
    let files = try runInfra(["list", "stacks/staging.yaml", "stacks/dev.yaml"], in: directory)
    #expect(files.status == 0)
    #expect(files.standardOutput == "staging  218 resources\ndev      178 resources\n")
    let folderAndName = try runInfra(["list", "stacks", "--stack", "dev"], in: directory)
    #expect(folderAndName.standardOutput == "dev  178 resources\n")
    let missing = try runInfra(["lint", "stacks/qa.yaml"], in: directory)
    #expect(missing.status == 2)
    #expect(missing.standardError == "infra: error: 'stacks/qa.yaml' does not exist; name a stack file or a folder of them [stack-file-missing]\n")
  }

  @Test func withoutAStackFolderThereIsNothingToDo() throws {
    try FileManager.default.removeItem(atPath: directory + "/stacks")
    let result = try runInfra(["synth"], in: directory)
    #expect(result.status == 2)
    #expect(
      result.standardError
        == "infra: error: there are no stacks to work on; write stack files in 'stacks/' or pass Swift stacks to Infra.main(stacks:) [no-stacks]\n")
  }

  @Test func stacksNamesAnotherFolder() throws {
    try FileManager.default.moveItem(atPath: directory + "/stacks", toPath: directory + "/platform")
    let result = try runInfra(["list", "--stacks", "platform", "--stack", "dev"], in: directory)
    #expect(result.status == 0)
    #expect(result.standardOutput == "dev  178 resources\n")
  }

  @Test func aSecondSynthIsByteIdenticalAndLeavesFilesAlone() throws {
    _ = try runInfra(["synth"], in: directory)
    let first = contents("out/prod-eu-west-1/main.tf.json")
    let second = try runInfra(["synth"], in: directory)
    #expect(second.status == 0)
    // Each stack's main.tf.json and its kubernetes folder.
    #expect(second.standardOutput.split(separator: "\n").map { $0.split(separator: " ").first } == Array(repeating: "unchanged", count: 8))
    #expect(contents("out/prod-eu-west-1/main.tf.json") == first)
  }

  @Test func synthWritesOnlyTheNamedStacksToTheGivenFolder() throws {
    let result = try runInfra(["synth", "--stack", "dev", "--out", "build/tf"], in: directory)
    #expect(result.status == 0)
    #expect(
      result.standardOutput == "wrote build/tf/dev/main.tf.json (178 resources, 86106 bytes)\nwrote build/tf/dev/kubernetes (27 files, 27 changed)\n")
    #expect(contents("build/tf/staging/main.tf.json") == nil)
  }

  @Test func anUnknownStackIsBadInputWithASuggestion() throws {
    let result = try runInfra(["synth", "--stack", "stagin"], in: directory)
    #expect(result.status == 2)
    #expect(result.standardOutput == "")
    #expect(
      result.standardError
        == "infra: error: no stack named 'stagin'; did you mean 'staging'? known stacks: dev, prod-eu-west-1, prod-us-east-1, staging [unknown-stack]\n")
    #expect(contents("out/dev/main.tf.json") == nil, "nothing is written")
  }

  @Test func usageErrorsExitWith2() throws {
    for arguments in [["frobnicate"], ["synth", "--bogus"], ["synth", "--out"]] {
      let result = try runInfra(arguments, in: directory)
      #expect(result.status == 2, "\(arguments)")
      #expect(result.standardError.contains("Usage: infra"), "\(arguments)")
    }
  }

  @Test func helpExitsCleanlyOnStandardOutput() throws {
    let result = try runInfra(["--help"], in: directory)
    #expect(result.status == 0)
    #expect(result.standardOutput.contains("SUBCOMMANDS:"))
    #expect(result.standardOutput.contains("synth"))
    #expect(result.standardError == "")
  }

  @Test func listShowsStacksWithResourceCounts() throws {
    let result = try runInfra(["list"], in: directory)
    #expect(result.status == 0)
    #expect(
      result.standardOutput == """
        dev             178 resources
        prod-eu-west-1  299 resources
        prod-us-east-1  299 resources
        staging         218 resources

        """)
  }

  @Test func aFailureHalfWayLeavesTheEarlierOutputAndForeignFilesIntact() throws {
    _ = try runInfra(["synth"], in: directory)
    let manager = FileManager.default
    // The earlier output of one stack, a file of the team's own, and a folder that cannot be written.
    try writeText("earlier\n", to: directory + "/out/dev/main.tf.json")
    try writeText("mine\n", to: directory + "/out/dev/backend.tf.json")
    try manager.removeItem(atPath: directory + "/out/staging")
    try writeText("in the way\n", to: directory + "/out/staging")

    let result = try runInfra(["synth"], in: directory)
    #expect(result.status == 2)
    #expect(result.standardOutput == "")
    #expect(
      result.standardError
        == "out/staging: error: cannot write: it exists and is not a folder [output-not-written]\n")
    #expect(contents("out/dev/main.tf.json") == "earlier\n")
    #expect(contents("out/dev/backend.tf.json") == "mine\n")
    #expect(try manager.contentsOfDirectory(atPath: directory + "/out/dev").sorted() == ["backend.tf.json", "kubernetes", "main.tf.json"])
  }

  /// Every file under each stack's kubernetes folder, by path, with its bytes.
  private func manifests() throws -> [String: String] {
    var files: [String: String] = [:]
    for stack in shippedStackNames {
      let folder = "out/\(stack)/kubernetes"
      for path in try FileManager.default.subpathsOfDirectory(atPath: directory + "/" + folder) {
        if let text = contents("\(folder)/\(path)"), !path.hasSuffix("/") { files["\(folder)/\(path)"] = text }
      }
    }
    return files.filter { !$0.key.hasSuffix("/tenants") && !$0.key.hasSuffix("/clusters") }
  }

  private func editTenants(_ change: (String) -> String) throws {
    let path = directory + "/stacks/shared/tenants.yaml"
    try writeText(change(try #require(contents("stacks/shared/tenants.yaml"))), to: path)
  }

  /// A tenant added to the stack files adds its own folder to each stack's manifests and
  /// changes no other manifest: GitOps finds tenants' folders one by one.
  @Test func aTenantAddedAddsItsOwnManifestsAndChangesNoOtherFile() throws {
    _ = try runInfra(["synth"], in: directory)
    let before = try manifests()
    try editTenants { $0 + "    - name: hooli\n      editors: [arn:aws:iam::111122223333:role/hooli-developers]\n" }
    let result = try runInfra(["synth"], in: directory)
    #expect(result.status == 0, "\(result.standardError)")
    let after = try manifests()
    let added = Set(after.keys).subtracting(before.keys)
    let expected = shippedStackNames.flatMap { stack in
      ["database.yaml", "identity.yaml", "kustomization.yaml", "namespace.yaml", "network-policies.yaml", "quota.yaml"]
        .map { "out/\(stack)/kubernetes/tenants/hooli/\($0)" }
    }
    #expect(added == Set(expected))
    #expect(before.filter { after[$0.key] != $0.value }.keys.sorted() == [], "no manifest but the new tenant's changes")
  }

  /// A removed tenant's manifests go, so that GitOps stops applying them; a file infra did not
  /// write stays, though it is in the tenant's folder.
  @Test func aRemovedTenantsManifestsAreDeletedAndFilesInfraDidNotWriteStay() throws {
    _ = try runInfra(["synth", "--stack", "dev"], in: directory)
    let folder = "out/dev/kubernetes/tenants/initech"
    try writeText("database-host=db.example.com\n", to: "\(directory)/\(folder)/terraform-outputs.env")
    try writeText("kind: ConfigMap\n", to: "\(directory)/\(folder)/team.yaml")
    try editTenants { text in
      text.replacingOccurrences(
        of: "    - name: initech\n      editors: [arn:aws:iam::111122223333:role/initech-developers]\n      database:\n        storageGiB: 100\n",
        with: "")
    }
    let result = try runInfra(["synth", "--stack", "dev"], in: directory)
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput.hasSuffix("(21 files, 0 changed, deleted 6 manifests it no longer makes)\n"), "\(result.standardOutput)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: "\(directory)/\(folder)").sorted() == ["team.yaml", "terraform-outputs.env"])
  }

  @Test func validateWithoutTerraformSaysSoAndExitsWith3() throws {
    let result = try runProcess(
      infraExecutable, ["validate"], in: directory, environment: ["PATH": "/nonexistent", "HOME": directory])
    #expect(result.status == 3)
    #expect(
      result.standardError
        == "infra: error: terraform was not found on the PATH, so nothing was checked; install Terraform 1.10 or later, or pass --terraform [terraform-missing]\n"
    )
  }

  @Test func aPluginDirInsideTheMirrorIsTakenUpToItAndAFolderThatIsNoMirrorIsBadInput() throws {
    let notAMirror = try runInfra(["validate", "stacks/dev.yaml", "--plugin-dir", "stacks"], in: directory)
    #expect(notAMirror.status == 2)
    #expect(
      notAMirror.standardError
        == "infra: error: 'stacks' is not a provider mirror: no registry host folder (registry.terraform.io) is in it or above it; pass the folder `terraform providers mirror DIR` wrote, the one holding registry.terraform.io [plugin-dir-not-a-mirror]\n"
    )
    guard let mirror = providerMirror, terraformExecutable != nil else {
      print("SKIPPED: infra validate with --plugin-dir one level inside the mirror: no Terraform or provider mirror")
      return
    }
    let inside = try runInfra(["validate", "stacks/dev.yaml", "--plugin-dir", "\(mirror)/registry.terraform.io/hashicorp"], in: directory)
    #expect(inside.status == 0, "\(inside.standardError)")
    #expect(inside.standardOutput == "dev: terraform validate: ok\n")
  }

  @Test func aMirrorWithoutTheProviderCouldNotCheckAnythingAndExitsWith3() throws {
    guard terraformExecutable != nil else {
      print("SKIPPED: infra validate with a mirror that lacks the AWS provider: terraform is not installed")
      return
    }
    let mirror = try makeTemporaryDirectory()
    try FileManager.default.createDirectory(
      atPath: "\(mirror)/registry.terraform.io/example/null/3.2.0/linux_amd64", withIntermediateDirectories: true)
    let result = try runInfra(["validate", "stacks/dev.yaml", "--plugin-dir", mirror], in: directory)
    #expect(result.status == 3)
    #expect(result.standardOutput == "")
    #expect(
      result.standardError
        == "infra: error: terraform init found no hashicorp/aws provider in the provider mirror '\(mirror)', so nothing was checked; pass --plugin-dir with a mirror that holds it (terraform providers mirror DIR writes one), or give Terraform access to the registry [provider-missing]\n"
    )
  }
}
