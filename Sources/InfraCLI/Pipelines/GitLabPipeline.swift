/// The GitLab CI/CD pipeline `infra ci gitlab` writes (docs/ci.md): on merge requests synth,
/// lint, validate, a plan per stack and check-plan's report as one merge request note; on the
/// default branch a plan per stack and its manual, environment-protected apply.
struct GitLabPipeline {
  let stacks: [PipelineStack]
  let settings: PipelineSettings

  static let file = "infra.gitlab-ci.yml"

  /// The stages the jobs run in; a `.gitlab-ci.yml` that lists its own stages lists these too.
  static let stages = ["synth", "plan", "report", "apply"]
  /// The audience of the apply jobs' ID token: the apply role trusts only tokens made for it, so
  /// no other job on the branch can assume it.
  static let applyAudience = "infra-apply"
  private static let image = "swift:\(PipelineSettings.swiftVersion)-noble"
  private var onMergeRequests: PipelineYAML {
    .map([
      "if": .string(
        "$CI_PIPELINE_SOURCE == \"merge_request_event\" && $CI_MERGE_REQUEST_TARGET_BRANCH_NAME == \"\(settings.branch)\"")
    ])
  }
  private var onBranch: PipelineYAML { .map(["if": .string("$CI_COMMIT_BRANCH == \"\(settings.branch)\"")]) }

  var text: String {
    var jobs: [PipelineYAML.Entry] = [
      entry("stages", .strings(Self.stages)),
      entry(".infra-tools", tools),
      entry("synth", synthJob),
      entry("plan", mergeRequestPlanJob),
      entry("check-plan-note", noteJob),
    ]
    for stack in stacks {
      jobs.append(entry("plan-\(stack.name)", branchPlanJob(stack)))
      jobs.append(entry("apply-\(stack.name)", applyJob(stack)))
    }
    return PipelineYAML.map(jobs).document(comments: StackScripts.writtenBy(settings) + [
      "Include it from .gitlab-ci.yml: include: [{local: \(Self.file)}]; a .gitlab-ci.yml that",
      "lists its own stages lists these four too.",
      "",
      "On merge requests: synthesize, lint, validate, plan every stack with its plan role and post",
      "infra check-plan's report as one note, updated on each push; a plan that check-plan blocks",
      "fails its job. On \(settings.branch): per stack a plan with its plan role, and a manual apply of",
      "exactly that saved plan with its apply role, in the stack's environment, one at a time (a plan",
      "that changes nothing applies nothing).",
      "",
      "Roles, protected environments and the note's token to set up: infra's docs/ci.md.",
    ])
  }

  // MARK: - Jobs

  /// What every infra job extends: the Swift image, infra from the synth job's artifacts on the
  /// PATH, Terraform or OpenTofu installed and checked against its published checksums, and web
  /// identity credentials for `$ROLE` from the job's ID token (no keys stored anywhere).
  private var tools: PipelineYAML {
    let version = settings.toolVersion
    let (archive, base) =
      settings.tool == .terraform
      ? ("terraform_\(version)_linux_amd64.zip", "https://releases.hashicorp.com/terraform/\(version)")
      : ("tofu_\(version)_linux_amd64.zip", "https://github.com/opentofu/opentofu/releases/download/v\(version)")
    let sums = settings.tool == .terraform ? "terraform_\(version)_SHA256SUMS" : "tofu_\(version)_SHA256SUMS"
    return .map([
      "image": .string(Self.image),
      "before_script": .list([
        .script(
          """
          apt-get update -qq && apt-get install -y -qq curl unzip jq libyaml-0-2 > /dev/null
          curl -fsSLO "\(base)/\(archive)"
          curl -fsSLO "\(base)/\(sums)"
          grep " \(archive)$" \(sums) | sha256sum -c -
          unzip -q -o \(archive) -d /usr/local/bin \(settings.tool.command)
          export PATH="$CI_PROJECT_DIR/.infra/bin:$PATH"
          if [ -n "${ROLE:-}" ]; then
            printf '%s' "$AWS_ID_TOKEN" > "$CI_PROJECT_DIR/.aws-web-identity-token"
            export AWS_WEB_IDENTITY_TOKEN_FILE="$CI_PROJECT_DIR/.aws-web-identity-token"
            export AWS_ROLE_ARN="$ROLE" AWS_REGION="$REGION" AWS_ROLE_SESSION_NAME="infra-$CI_JOB_ID"
          fi

          """)
      ]),
    ])
  }

  private var synthJob: PipelineYAML {
    let script = [
      settings.commandLine + " --check", settings.infra("synth", "--out", "out"), settings.infra("lint"),
      settings.infra("validate") + (settings.tool == .opentofu ? " --terraform tofu" : ""),
    ]
    return .map([
      "stage": .string("synth"),
      "extends": .string(".infra-tools"),
      "cache": .map(["key": .string(cacheKey), "paths": .strings(cachePaths)]),
      "script": .list([.script(installInfra)] + script.map(PipelineYAML.string)),
      "artifacts": .map(["paths": .strings(["out/", ".infra/bin/"]), "expire_in": .string("1 week")]),
      "rules": .list([onMergeRequests, onBranch]),
    ])
  }

  /// Builds infra (or the team's package) unless the cache holds it, into `.infra/bin`.
  private var installInfra: String {
    switch settings.source {
    case .repository(let url, let ref):
      """
      if [ ! -x .infra/bin/infra ]; then
        apt-get install -y -qq git libyaml-dev > /dev/null
        git clone --quiet --depth 1 --branch \(settings.shellWord(ref)) \(settings.shellWord(url)) "$CI_PROJECT_DIR/.infra-source"
        "$CI_PROJECT_DIR/.infra-source/script/install" --prefix "$CI_PROJECT_DIR/.infra"
      fi

      """
    case .product(let product):
      """
      apt-get install -y -qq libyaml-dev > /dev/null
      swift build -c release --static-swift-stdlib --product \(settings.shellWord(product))
      mkdir -p .infra/bin
      cp ".build/release/\(product)" .infra/bin/

      """
    }
  }

  private var cacheKey: String {
    switch settings.source {
    case .repository(_, let ref): "infra-\(ref)"
    case .product: "swift-build"
    }
  }

  private var cachePaths: [String] {
    switch settings.source {
    case .repository: [".infra/"]
    case .product: [".build/"]
    }
  }

  /// Every stack planned on a merge request, one parallel job per stack.
  private var mergeRequestPlanJob: PipelineYAML {
    .map([
      "stage": .string("plan"),
      "extends": .string(".infra-tools"),
      "needs": .strings(["synth"]),
      "id_tokens": Self.idToken(audience: "sts.amazonaws.com"),
      "parallel": .map([
        "matrix": .list(
          stacks.map { stack in
            .map([
              "STACK": .string(stack.name), "REGION": .string(stack.region), "ROLE": .string(stack.role(settings.planRole)),
            ])
          })
      ]),
      "script": .list([.script(planScript(report: "check-plan-$STACK.md"))]),
      "artifacts": .map(["when": .string("always"), "paths": .strings(["check-plan-*.md"]), "expire_in": .string("1 week")]),
      "rules": .list([onMergeRequests]),
    ])
  }

  /// Every stack's report in one merge request note, found again by its marker and updated.
  private var noteJob: PipelineYAML {
    .map([
      "stage": .string("report"),
      "image": .string("alpine:3.20"),
      "needs": .list([.map(["job": .string("plan"), "artifacts": .bool(true)])]),
      "script": .list([
        .script(
          """
          apk add --no-cache curl jq > /dev/null
          if [ -z "${INFRA_NOTE_TOKEN:-}" ]; then
            echo "INFRA_NOTE_TOKEN is not set: the check-plan reports are this pipeline's artifacts, not a note"
            exit 0
          fi

          """ + CheckPlanComment.gather(stacks, from: "", into: "note.md", settings: settings) + """
          notes="$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes"
          user="$(curl -fsS --header "PRIVATE-TOKEN: $INFRA_NOTE_TOKEN" "$CI_API_V4_URL/user")"
          me="$(echo "$user" | jq -r .id)"
          note=""
          page=1
          while [ -z "$note" ]; do
            found="$(curl -fsS --header "PRIVATE-TOKEN: $INFRA_NOTE_TOKEN" "$notes?sort=asc&per_page=100&page=$page")"
            [ "$(echo "$found" | jq length)" -gt 0 ] || break
            note="$(echo "$found" | jq -r --arg marker "$marker" --argjson me "$me" \\
              '[.[] | select(.author.id == $me and (.body | startswith($marker)))][0].id // empty')"
            page=$((page + 1))
          done
          if [ -n "$note" ]; then
            curl -fsS --request PUT --header "PRIVATE-TOKEN: $INFRA_NOTE_TOKEN" --data-urlencode "body@note.md" "$notes/$note" > /dev/null
          else
            curl -fsS --request POST --header "PRIVATE-TOKEN: $INFRA_NOTE_TOKEN" --data-urlencode "body@note.md" "$notes" > /dev/null
          fi

          """)
      ]),
      "rules": .list([onMergeRequests.adding("when", .string("always"))]),
    ])
  }

  private func branchPlanJob(_ stack: PipelineStack) -> PipelineYAML {
    .map([
      "stage": .string("plan"),
      "extends": .string(".infra-tools"),
      "needs": .strings(["synth"] + stack.dependsOn.map { "apply-\($0)" }),
      "id_tokens": Self.idToken(audience: "sts.amazonaws.com"),
      "variables": variables(stack, role: settings.planRole),
      "script": .list([.script(planScript(report: "check-plan.md"))]),
      "artifacts": .map([
        "when": .string("always"), "paths": .strings([
          "check-plan.md", "out/\(stack.name)/plan.bin", "out/\(stack.name)/changes", "out/\(stack.name)/.terraform.lock.hcl",
        ]),
        "expire_in": .string("1 week"),
      ]),
      "rules": .list([onBranch]),
    ])
  }

  private func applyJob(_ stack: PipelineStack) -> PipelineYAML {
    .map([
      "stage": .string("apply"),
      "extends": .string(".infra-tools"),
      "needs": .strings(["synth", "plan-\(stack.name)"]),
      "resource_group": .string("infra-apply-\(stack.name)"),
      "environment": .map(["name": .string(stack.name)]),
      "id_tokens": Self.idToken(audience: Self.applyAudience),
      "variables": variables(stack, role: settings.applyRole),
      "script": .list([
        .script(
          """
          if [ "$(cat "out/$STACK/changes")" != true ]; then
            echo "The plan of $STACK changes nothing: nothing to apply"
            exit 0
          fi

          """ + StackScripts.apply(settings))
      ]),
      "rules": .list([onBranch.adding("when", .string("manual"))]),
    ])
  }

  private static func idToken(audience: String) -> PipelineYAML {
    .map(["AWS_ID_TOKEN": .map(["aud": .string(audience)])])
  }

  private func variables(_ stack: PipelineStack, role: String) -> PipelineYAML {
    .map(["STACK": .string(stack.name), "REGION": .string(stack.region), "ROLE": .string(stack.role(role))])
  }

  /// Init, a saved plan (and in `out/$STACK/changes` whether it changes anything), its JSON and
  /// check-plan's Markdown report into `report`; the job fails when check-plan blocks the plan,
  /// after the report is written.
  private func planScript(report: String) -> String {
    StackScripts.plan(settings, recordChanges: #"echo "$changes" > "out/$STACK/changes""#)
      + StackScripts.checkPlan(settings, into: report) + """
    cat "\(report)"
    if [ "$status" != 0 ]; then
      echo "infra check-plan blocked the plan of $STACK (exit $status): see its report"
      exit 1
    fi

    """
  }

  private func entry(_ key: String, _ value: PipelineYAML) -> PipelineYAML.Entry { PipelineYAML.Entry(key: key, value: value) }
}

extension PipelineYAML {
  /// This mapping with one more entry at the end.
  fileprivate func adding(_ key: String, _ value: PipelineYAML) -> PipelineYAML {
    guard case .map(let entries) = self else { return self }
    return .map(entries + [Entry(key: key, value: value)])
  }
}
