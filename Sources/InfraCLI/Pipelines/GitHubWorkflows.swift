/// The GitHub Actions workflows `infra ci github` writes: `infra-plan.yml` for pull requests
/// and `infra-apply.yml` for the main branch (docs/ci.md).
struct GitHubWorkflows {
  let stacks: [PipelineStack]
  let settings: PipelineSettings

  static let planFile = "infra-plan.yml"
  static let applyFile = "infra-apply.yml"

  /// Each file's name and text.
  var files: [(name: String, text: String)] {
    [(Self.planFile, pullRequestWorkflow), (Self.applyFile, applyWorkflow)]
  }

  private static let runner = "ubuntu-24.04"

  /// The condition on a stack's plan on the main branch when it reads other stacks' values: it
  /// runs once their plans succeeded and their applies succeeded or were skipped (a plan with no
  /// changes skips its apply, which would otherwise skip this plan too); nil without such stacks.
  private static func afterTheStacksRead(_ stack: PipelineStack) -> PipelineYAML? {
    guard !stack.dependsOn.isEmpty else { return nil }
    let each = stack.dependsOn.map { name in
      "needs.plan-\(name).result == 'success' && (needs.apply-\(name).result == 'success' || needs.apply-\(name).result == 'skipped')"
    }
    return .string((["!cancelled()", "needs.synth.result == 'success'"] + each).joined(separator: " && "))
  }
  /// Where infra is built: the Swift toolchain's own image (setup actions lag behind releases).
  private static let swiftImage = "swift:\(PipelineSettings.swiftVersion)-noble"
  /// Every `run:` in bash with `-eo pipefail`, so a failed command inside a pipe fails its step.
  private static let bash = PipelineYAML.map(["run": .map(["shell": .string("bash")])])
  /// GitHub refuses comments longer than this; the comment is cut to fit, and the job summaries
  /// keep every report whole.
  private static let commentLimit = 60_000

  // MARK: - Pull requests

  var pullRequestWorkflow: String {
    let include: [PipelineYAML] = stacks.map { stack in
      .map(["stack": .string(stack.name), "region": .string(stack.region), "role": .string(stack.role(settings.planRole))])
    }
    let workflow = PipelineYAML.map([
      "name": .string("infra plan"),
      "on": .map(["pull_request": .map(["branches": .strings([settings.branch])])]),
      "permissions": .map(["contents": .string("read")]),
      "concurrency": .map([
        "group": .string("infra-plan-${{ github.event.pull_request.number }}"), "cancel-in-progress": .bool(true),
      ]),
      "defaults": Self.bash,
      "jobs": .map([
        "infra": buildJob,
        "synth": synthJob,
        "plan": .map([
          "name": .string("plan ${{ matrix.stack }}"),
          "needs": .string("synth"),
          // A fork's pull request gets no OIDC token and a read-only token: it is linted, not planned.
          "if": .string("github.event.pull_request.head.repo.full_name == github.repository"),
          "runs-on": .string(Self.runner),
          "permissions": .map(["contents": .string("read"), "id-token": .string("write")]),
          "strategy": .map(["fail-fast": .bool(false), "matrix": .map(["include": .list(include)])]),
          "env": .map(["STACK": .string("${{ matrix.stack }}")]),
          "steps": .list(
            downloadInfra + [downloadOutput, setUpTool]
              + credentials(role: "${{ matrix.role }}", region: "${{ matrix.region }}", session: "infra-plan")
              + planSteps(report: "check-plan-$STACK.md") + [
                step(
                  "Keep the report for the pull request's comment", uses: "actions/upload-artifact@v4",
                  with: ["name": .string("check-plan-${{ matrix.stack }}"), "path": .string("check-plan-${{ matrix.stack }}.md")]),
                failWhenBlocked,
              ]),
        ]),
        "comment": commentJob,
      ]),
    ])
    return workflow.document(comments: header([
      "On each pull request: synthesize, lint (findings go to code scanning), validate, plan every",
      "stack with its plan role, and post infra check-plan's report as one comment, updated on each",
      "push. A plan that check-plan blocks fails its job.",
    ]))
  }

  /// The comment job: every stack's report in one pull request comment, the same comment each run.
  private var commentJob: PipelineYAML {
    .map([
      "name": .string("check-plan comment"),
      "needs": .string("plan"),
      "if": .string("always() && needs.plan.result != 'skipped' && needs.plan.result != 'cancelled'"),
      "runs-on": .string(Self.runner),
      "permissions": .map(["pull-requests": .string("write")]),
      "steps": .list([
        step(
          "Download the reports", uses: "actions/download-artifact@v4",
          with: ["pattern": .string("check-plan-*"), "merge-multiple": .bool(true), "path": .string("reports")]),
        step(
          "Post or update the comment",
          env: [
            "GH_TOKEN": "${{ github.token }}", "REPOSITORY": "${{ github.repository }}",
            "PULL_REQUEST": "${{ github.event.pull_request.number }}",
          ],
          run: CheckPlanComment.gather(stacks, from: "reports/", into: "comment.md", settings: settings) + """
            if [ "$(wc -c < comment.md)" -gt \(Self.commentLimit) ]; then
              head -c \(Self.commentLimit) comment.md > cut.md
              printf '\\n\\n(cut to fit a comment: every report is whole in the summary of its plan job)\\n' >> cut.md
              mv cut.md comment.md
            fi
            comment="$(gh api "repos/$REPOSITORY/issues/$PULL_REQUEST/comments" --paginate \\
              --jq ".[] | select(.user.login == \\"github-actions[bot]\\" and (.body | startswith(\\"$marker\\"))) | .id" | head -n 1)"
            if [ -n "$comment" ]; then
              gh api --method PATCH "repos/$REPOSITORY/issues/comments/$comment" -F body=@comment.md > /dev/null
            else
              gh api --method POST "repos/$REPOSITORY/issues/$PULL_REQUEST/comments" -F body=@comment.md > /dev/null
            fi

            """),
      ]),
    ])
  }

  // MARK: - The main branch

  var applyWorkflow: String {
    var jobs = [PipelineYAML.Entry(key: "infra", value: buildJob), PipelineYAML.Entry(key: "synth", value: synthJob)]
    for stack in stacks {
      // Applies only: a plan writes nothing, and an apply waiting for approval holds its group.
      let group = PipelineYAML.map(["group": .string("infra-apply-\(stack.name)"), "cancel-in-progress": .bool(false)])
      let env = PipelineYAML.map(["STACK": .string(stack.name)])
      let permissions = PipelineYAML.map(["contents": .string("read"), "id-token": .string("write")])
      jobs.append(
        PipelineYAML.Entry(
          key: "plan-\(stack.name)",
          value: .map([
            "name": .string("plan \(stack.name)"),
            "needs": .strings(["synth"] + stack.dependsOn.flatMap { ["plan-\($0)", "apply-\($0)"] }),
            "if": Self.afterTheStacksRead(stack),
            "runs-on": .string(Self.runner),
            "permissions": permissions,
            "env": env,
            "outputs": .map(["changes": .string("${{ steps.plan.outputs.changes }}")]),
            "steps": .list(
              downloadInfra + [downloadOutput, setUpTool]
                + credentials(role: stack.role(settings.planRole), region: stack.region, session: "infra-plan")
                + planSteps(report: "check-plan.md") + [
                  failWhenBlocked,
                  step(
                    "Keep the plan for the apply", uses: "actions/upload-artifact@v4",
                    with: [
                      "name": .string("plan-\(stack.name)"),
                      "path": .script("out/\(stack.name)/plan.bin\nout/\(stack.name)/.terraform.lock.hcl\n"),
                      "include-hidden-files": .bool(true), "if-no-files-found": .string("error"), "retention-days": .int(7),
                    ]),
                ]),
          ])))
      jobs.append(
        PipelineYAML.Entry(
          key: "apply-\(stack.name)",
          value: .map([
            "name": .string("apply \(stack.name)"),
            "needs": .strings(["plan-\(stack.name)"]),
            // A plan without changes needs no approval and no apply.
            "if": .string("needs.plan-\(stack.name).outputs.changes == 'true'"),
            "runs-on": .string(Self.runner),
            "environment": .string(stack.name),
            "permissions": permissions,
            "concurrency": group,
            "env": env,
            "steps": .list(
              [
                downloadOutput,
                step(
                  "Download the reviewed plan", uses: "actions/download-artifact@v4",
                  with: ["name": .string("plan-\(stack.name)"), "path": .string("out/\(stack.name)")]),
                setUpTool,
              ] + credentials(role: stack.role(settings.applyRole), region: stack.region, session: "infra-apply") + [
                step("\(settings.tool.command) apply of the reviewed plan", run: StackScripts.apply(settings))
              ]),
          ])))
    }
    let workflow = PipelineYAML.map([
      "name": .string("infra apply"),
      "on": .map(["push": .map(["branches": .strings([settings.branch])])]),
      "permissions": .map(["contents": .string("read")]),
      "defaults": Self.bash,
      "jobs": .map(jobs),
    ])
    return workflow.document(comments: header([
      "On each push to \(settings.branch): synthesize and lint, then per stack plan with its plan role (the",
      "job fails when infra check-plan blocks the plan; its report is in the job's summary) and, when",
      "the plan changes something, apply exactly that saved plan with its apply role after the",
      "stack's environment approves it. One apply per stack at a time; a stack that reads another's",
      "outputs plans after that stack's apply.",
    ]))
  }

  // MARK: - Jobs and steps both workflows share

  /// Builds infra in the Swift toolchain's image, unless the cache holds it, and keeps the
  /// binary (the Swift runtime and libyaml linked in) for the jobs that run it.
  private var buildJob: PipelineYAML {
    var steps: [PipelineYAML]
    switch settings.source {
    case .repository(let url, let ref):
      steps = [
        step(
          "Cache infra", id: "infra-cache", uses: "actions/cache@v4",
          with: ["path": .string("~/.infra"), "key": .string("infra-${{ runner.os }}-\(ref)")]),
        step(
          "Build infra \(ref)", if: "steps.infra-cache.outputs.cache-hit != 'true'",
          run: """
            git clone --quiet --depth 1 --branch \(settings.shellWord(ref)) \(settings.shellWord(url)) "$RUNNER_TEMP/infra-source"
            "$RUNNER_TEMP/infra-source/script/install" --prefix "$HOME/.infra"

            """),
        step(
          "Stage infra",
          run: """
            mkdir -p "$RUNNER_TEMP/infra-bin"
            cp "$HOME/.infra/bin/infra" "$RUNNER_TEMP/infra-bin/"

            """),
      ]
    case .product(let product):
      steps = [
        step(nil, uses: "actions/checkout@v4", with: ["persist-credentials": .bool(false)]),
        step(
          "Cache the package's build", uses: "actions/cache@v4",
          with: [
            "path": .string(".build"),
            "key": .string("swift-build-${{ runner.os }}-${{ hashFiles('Package.swift', 'Package.resolved', 'Sources/**') }}"),
            "restore-keys": .string("swift-build-${{ runner.os }}-"),
          ]),
        step(
          "Build \(product)",
          run: """
            apt-get update -q
            apt-get install -y -q libyaml-dev
            swift build -c release --static-swift-stdlib --product \(settings.shellWord(product))
            mkdir -p "$RUNNER_TEMP/infra-bin"
            cp ".build/release/\(product)" "$RUNNER_TEMP/infra-bin/"

            """),
      ]
    }
    steps.append(
      step(
        "Keep infra for the other jobs", uses: "actions/upload-artifact@v4",
        with: ["name": .string("infra-bin"), "path": .string("${{ runner.temp }}/infra-bin/\(settings.infra)")]))
    return .map([
      "name": .string("build infra"),
      "runs-on": .string(Self.runner),
      "container": .string(Self.swiftImage),
      "permissions": .map(["contents": .string("read")]),
      "steps": .list(steps),
    ])
  }

  /// Checks that the workflows are current, synthesizes every stack, lints (SARIF to code
  /// scanning, the findings in the log, the job failing on errors) and validates; keeps the
  /// output for the plans.
  private var synthJob: PipelineYAML {
    let steps: [PipelineYAML] =
      [step(nil, uses: "actions/checkout@v4", with: ["persist-credentials": .bool(false)])] + downloadInfra + [
        step("The workflows are what infra ci writes", run: settings.commandLine + " --check"),
        step("Synthesize", run: settings.infra("synth", "--out", "out")),
        step(
          "Lint", id: "lint", continueOnError: true,
          run: settings.infra("lint", "--format", "sarif") + " > infra-lint.sarif"),
        step(
          "Send the lint findings to code scanning", uses: "github/codeql-action/upload-sarif@v3",
          if: "always() && hashFiles('infra-lint.sarif') != ''", continueOnError: true,
          with: ["sarif_file": .string("infra-lint.sarif"), "category": .string("infra-lint")]),
        step("Fail on lint findings", if: "steps.lint.outcome == 'failure'", run: settings.infra("lint")),
        setUpTool,
        step("Validate", run: settings.infra("validate") + (settings.tool == .opentofu ? " --terraform tofu" : "")),
        step(
          "Keep the output", uses: "actions/upload-artifact@v4",
          with: ["name": .string("infra-out"), "path": .string("out"), "if-no-files-found": .string("error")]),
      ]
    return .map([
      "name": .string("synth, lint and validate"),
      "needs": .string("infra"),
      "runs-on": .string(Self.runner),
      // Code scanning's upload reads the workflow run (actions: read).
      "permissions": .map(["contents": .string("read"), "security-events": .string("write"), "actions": .string("read")]),
      "steps": .list(steps),
    ])
  }

  /// The infra binary the build job kept, on the PATH (artifacts lose the executable bit).
  private var downloadInfra: [PipelineYAML] {
    [
      step(
        "Download infra", uses: "actions/download-artifact@v4",
        with: ["name": .string("infra-bin"), "path": .string("${{ runner.temp }}/infra-bin")]),
      step(
        "Put infra on the PATH",
        run: """
          chmod +x "$RUNNER_TEMP/infra-bin/\(settings.infra)"
          echo "$RUNNER_TEMP/infra-bin" >> "$GITHUB_PATH"

          """),
    ]
  }

  private var downloadOutput: PipelineYAML {
    step("Download the output", uses: "actions/download-artifact@v4", with: ["name": .string("infra-out"), "path": .string("out")])
  }

  private var setUpTool: PipelineYAML {
    switch settings.tool {
    case .terraform:
      step(
        nil, uses: "hashicorp/setup-terraform@v3",
        with: ["terraform_version": .string(settings.toolVersion), "terraform_wrapper": .bool(false)])
    case .opentofu:
      step(
        nil, uses: "opentofu/setup-opentofu@v1", with: ["tofu_version": .string(settings.toolVersion), "tofu_wrapper": .bool(false)])
    }
  }

  /// Short-lived credentials of `role`, by GitHub's OIDC token: no keys stored anywhere.
  private func credentials(role: String, region: String, session: String) -> [PipelineYAML] {
    [
      step(
        "AWS credentials", uses: "aws-actions/configure-aws-credentials@v4",
        with: [
          "role-to-assume": .string(role), "aws-region": .string(region),
          "role-session-name": .string("\(session)-${{ github.run_id }}"),
        ])
    ]
  }

  /// Init, a saved plan (the step's `changes` output says whether it changes anything) and its
  /// JSON, and infra check-plan's Markdown report, which goes to the job's summary and `report`;
  /// check-plan's exit code is kept for ``failWhenBlocked``.
  private func planSteps(report: String) -> [PipelineYAML] {
    [
      step(
        "\(settings.tool.command) plan", id: "plan",
        run: StackScripts.plan(settings, recordChanges: #"echo "changes=$changes" >> "$GITHUB_OUTPUT""#)),
      step(
        "infra check-plan", id: "check",
        run: StackScripts.checkPlan(settings, into: report) + """
          cat "\(report)" >> "$GITHUB_STEP_SUMMARY"
          echo "status=$status" >> "$GITHUB_OUTPUT"

          """),
    ]
  }

  private var failWhenBlocked: PipelineYAML {
    step(
      "Fail when infra check-plan blocks the plan", if: "steps.check.outputs.status != '0'",
      env: ["STATUS": "${{ steps.check.outputs.status }}"],
      run: """
        echo "::error::infra check-plan blocked the plan of $STACK (exit $STATUS): see its report"
        exit 1

        """)
  }

  private func header(_ lines: [String]) -> [String] {
    StackScripts.writtenBy(settings) + [""] + lines + ["", "Roles, environments and approvals to set up: infra's docs/ci.md."]
  }

  private func step(
    _ name: String?, id: String? = nil, uses: String? = nil, if condition: String? = nil, continueOnError: Bool = false,
    with: KeyValuePairs<String, PipelineYAML?> = [:], env: KeyValuePairs<String, String> = [:], run: String? = nil
  ) -> PipelineYAML {
    .map([
      "name": name.map(PipelineYAML.string), "id": id.map(PipelineYAML.string), "if": condition.map(PipelineYAML.string),
      "continue-on-error": continueOnError ? .bool(true) : nil, "uses": uses.map(PipelineYAML.string),
      "with": with.isEmpty ? nil : PipelineYAML.map(with),
      "env": env.isEmpty ? nil : .map(env.map { PipelineYAML.Entry(key: $0.key, value: .string($0.value)) }),
      "run": run.map(PipelineYAML.script),
    ])
  }

  /// `base` with a condition.
  private func step(_ base: PipelineYAML, if condition: String) -> PipelineYAML {
    guard case .map(let entries) = base else { return base }
    let nameEnd = entries.firstIndex { $0.key != "name" } ?? entries.endIndex
    return .map(Array(entries[..<nameEnd]) + [PipelineYAML.Entry(key: "if", value: .string(condition))] + entries[nameEnd...])
  }
}
