import Foundation
@testable import InfraCLI
import InfraTestSupport
import Testing

/// `infra ci github` and `infra ci gitlab`: the pipelines for the shipped stacks are the ones
/// docs/ci/ shows, independent validators accept every variant, and the problems a team can
/// run into are errors in infra's shape.
@Suite struct CIPipelineTests {
  static let repository = "https://git.example.com/platform/infra.git"

  /// A folder that looks like a team's repository: the shipped stacks in `stacks/`.
  private static func teamRepository() throws -> String {
    let directory = try makeTemporaryDirectory()
    try FileManager.default.createSymbolicLink(atPath: "\(directory)/stacks", withDestinationPath: "\(repositoryRoot)/stacks")
    return directory
  }

  private static func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

  @Test func theShippedStacksGitHubWorkflowsAreTheDocumentedOnes() throws {
    let directory = try Self.teamRepository()
    let result = try runInfra(["ci", "github", "--infra-repository", Self.repository], in: directory)
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput == "wrote .github/workflows/infra-plan.yml\nwrote .github/workflows/infra-apply.yml\n")
    for name in [GitHubWorkflows.planFile, GitHubWorkflows.applyFile] {
      assertSnapshot(Array(try Self.text("\(directory)/.github/workflows/\(name)").utf8), named: "ci/github/\(name)", in: "docs")
    }
    let again = try runInfra(["ci", "github", "--infra-repository", Self.repository, "--check"], in: directory)
    #expect(again.status == 0)
    #expect(again.standardOutput + again.standardError == "")
  }

  @Test func theShippedStacksGitLabPipelineIsTheDocumentedOne() throws {
    let directory = try Self.teamRepository()
    let result = try runInfra(["ci", "gitlab", "--infra-repository", Self.repository], in: directory)
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput == "wrote infra.gitlab-ci.yml\n")
    assertSnapshot(Array(try Self.text("\(directory)/infra.gitlab-ci.yml").utf8), named: "ci/gitlab/infra.gitlab-ci.yml", in: "docs")
  }

  /// The documented pipelines, a team package's on OpenTofu, and stacks that depend on each
  /// other: GitHub's and GitLab's schemas, zizmor and shellcheck find nothing.
  @Test func independentValidatorsAcceptEveryVariant() throws {
    let directory = try makeTemporaryDirectory()
    let settings = PipelineSettings(
      source: .product("team-infra"), tool: .opentofu, toolVersion: PipelineSettings.Tool.opentofu.defaultVersion,
      stackArguments: ["--stacks", "platform stacks"], command: ["team-infra", "ci", "github", "--product", "team-infra"])
    let stacks = [
      PipelineStack(name: "network", region: "eu-west-1", account: "111122223333"),
      PipelineStack(name: "payments", region: "cn-north-1", account: "444455556666", dependsOn: ["network"]),
    ]
    for file in GitHubWorkflows(stacks: stacks, settings: settings).files {
      try writeText(file.text, to: "\(directory)/github/\(file.name)")
    }
    try writeText(GitLabPipeline(stacks: stacks, settings: settings).text, to: "\(directory)/gitlab.yml")
    let result = try runProcess(
      "\(repositoryRoot)/script/lint-pipelines",
      [
        "--github", "\(repositoryRoot)/docs/ci/github", "--gitlab", "\(repositoryRoot)/docs/ci/gitlab/infra.gitlab-ci.yml",
        "--github", "\(directory)/github", "--gitlab", "\(directory)/gitlab.yml",
      ])
    #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
    for line in result.standardError.split(separator: "\n") where line.hasPrefix("SKIPPED") { print(line) }
  }

  @Test func aStackAppliesAfterTheStacksItReadsFrom() throws {
    let settings = PipelineSettings(
      source: .repository(url: Self.repository, ref: "v1.0.0"), toolVersion: "1.11.4", stackArguments: [],
      command: ["infra", "ci", "github"])
    let stacks = [
      PipelineStack(name: "network", region: "eu-west-1", account: "111122223333"),
      PipelineStack(name: "payments", region: "eu-west-1", account: "111122223333", dependsOn: ["network"]),
    ]
    let github = GitHubWorkflows(stacks: stacks, settings: settings).applyWorkflow
    // A plan with no changes skips its apply; the reader's plan still runs after it.
    #expect(
      github.contains(
        "  plan-payments:\n    name: plan payments\n    needs:\n      - synth\n      - plan-network\n      - apply-network\n    if: \"!cancelled() && needs.synth.result == 'success' && needs.plan-network.result == 'success' && (needs.apply-network.result == 'success' || needs.apply-network.result == 'skipped')\"\n"
      ))
    #expect(github.contains("  plan-network:\n    name: plan network\n    needs:\n      - synth\n    runs-on:"))
    #expect(github.contains("  apply-payments:\n    name: apply payments\n    needs:\n      - plan-payments\n"))
    let gitlab = GitLabPipeline(stacks: stacks, settings: settings).text
    #expect(gitlab.contains("plan-payments:\n  stage: plan\n  extends: .infra-tools\n  needs:\n    - synth\n    - apply-network\n"))
  }

  @Test func rolesAreInTheStacksAccountAndPartition() {
    #expect(PipelineStack(name: "a", region: "eu-west-1", account: "111122223333").role("infra-plan") == "arn:aws:iam::111122223333:role/infra-plan")
    #expect(PipelineStack(name: "a", region: "cn-north-1", account: "111122223333").role("ci/apply") == "arn:aws-cn:iam::111122223333:role/ci/apply")
    #expect(PipelineStack(name: "a", region: "us-gov-west-1", account: "111122223333").role("x") == "arn:aws-us-gov:iam::111122223333:role/x")
  }

  @Test func aStackWithoutAccountOrRemoteStateIsBadInput() throws {
    let directory = try makeTemporaryDirectory()
    try writeText("region: eu-west-1\nenvironment: development\n", to: "\(directory)/stacks/sandbox.yaml")
    let result = try runInfra(["ci", "gitlab", "--infra-repository", Self.repository], in: directory)
    #expect(result.status == 2)
    #expect(
      result.standardError == """
        stacks/sandbox.yaml:1:1: error: stack 'sandbox' names no AWS account, and CI assumes its plan and apply roles in the stack's account; add 'account: "111122223333"' to the stack file (in Swift, AWSStack's account:) [ci-stack-without-account]
        stacks/sandbox.yaml:1:1: error: stack 'sandbox' keeps its state in a local file, which a CI job loses when it ends; add 'backend: {s3: {bucket: <bucket>}}' to the stack file (in Swift, AWSStack's backend:) [ci-stack-without-backend]

        """)
    #expect(!FileManager.default.fileExists(atPath: "\(directory)/infra.gitlab-ci.yml"))
  }

  @Test func withoutASourceOfInfraItIsBadInput() throws {
    let result = try runInfra(["ci", "github"], in: try Self.teamRepository())
    #expect(result.status == 2)
    #expect(
      result.standardError
        == "infra: error: say where the pipeline gets infra: --infra-repository <url> (infra's git repository, built at a tag) or --product <name> (this Swift package's executable) [ci-infra-source]\n"
    )
  }

  @Test func checkFailsWhenAWorkflowIsStaleOrMissing() throws {
    let directory = try Self.teamRepository()
    _ = try runInfra(["ci", "github", "--infra-repository", Self.repository], in: directory)
    try writeText("name: edited by hand\n", to: "\(directory)/.github/workflows/infra-plan.yml")
    try FileManager.default.removeItem(atPath: "\(directory)/.github/workflows/infra-apply.yml")
    let result = try runInfra(["ci", "github", "--infra-repository", Self.repository, "--check"], in: directory)
    #expect(result.status == 1)
    #expect(
      result.standardError == """
        infra: error: .github/workflows/infra-plan.yml differs from what this command writes; run the command without --check and commit the result [ci-pipeline-stale]
        infra: error: .github/workflows/infra-apply.yml is missing; run the command without --check and commit the result [ci-pipeline-stale]

        """)
    #expect(try Self.text("\(directory)/.github/workflows/infra-plan.yml") == "name: edited by hand\n")
  }

  /// The options that change the pipeline are in its header, so `--check` reruns the same command.
  @Test func theHeaderNamesTheCommandThatWroteIt() throws {
    let directory = try Self.teamRepository()
    let arguments = [
      "ci", "gitlab", "--stack", "dev", "--infra-repository", Self.repository, "--tool", "opentofu", "--plan-role", "ci/plan",
      "--branch", "trunk",
    ]
    #expect(try runInfra(arguments, in: directory).status == 0)
    let text = try Self.text("\(directory)/infra.gitlab-ci.yml")
    #expect(
      text.hasPrefix(
        "# Written by infra \(InfraVersion.current): infra ci gitlab --stack dev --infra-repository \(Self.repository) --tool opentofu --plan-role ci/plan --branch trunk\n"
      ))
    #expect(text.contains("  - infra ci gitlab --stack dev --infra-repository \(Self.repository) --tool opentofu --plan-role ci/plan --branch trunk --check\n"))
    #expect(text.contains("ROLE: arn:aws:iam::111122223333:role/ci/plan\n"))
    #expect(text.contains("tofu -chdir=\"out/$STACK\" apply -input=false plan.bin\n"))
    #expect(text.contains("if: $CI_COMMIT_BRANCH == \"trunk\"\n"))
    #expect(try runInfra(arguments + ["--check"], in: directory).status == 0)
  }

  @Test func scalarsArePlainOnlyWhereYAMLReadsThemBackAsTheSameString() {
    #expect(PipelineYAML.scalar("${{ matrix.stack }}") == "${{ matrix.stack }}")
    #expect(PipelineYAML.scalar("always() && needs.plan.result != 'skipped'") == "always() && needs.plan.result != 'skipped'")
    #expect(PipelineYAML.scalar("1.11.4") == "\"1.11.4\"")
    #expect(PipelineYAML.scalar("on") == "\"on\"")
    #expect(PipelineYAML.scalar("key: value") == "\"key: value\"")
    #expect(PipelineYAML.scalar("-lock=false") == "\"-lock=false\"")
    #expect(PipelineYAML.scalar("a # b") == "\"a # b\"")
    #expect(PipelineYAML.scalar("") == "\"\"")
    #expect(PipelineYAML.scalar(".infra-tools") == ".infra-tools")
    #expect(PipelineYAML.scalar(".5") == "\".5\"")
    #expect(PipelineYAML.scalar(".NaN") == "\".NaN\"")
  }
}
