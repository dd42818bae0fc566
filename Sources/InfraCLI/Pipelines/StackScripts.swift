/// The shell a stack's plan and apply jobs run, the same in GitHub's and GitLab's pipelines:
/// each job has the stack's name in `$STACK` and its synthesized folder in `out/$STACK`.
enum StackScripts {
  /// The file header both pipelines start with: the command that wrote the file, and that the
  /// pipeline checks it against.
  static func writtenBy(_ settings: PipelineSettings) -> [String] {
    [
      "Written by infra \(InfraVersion.current): \(settings.commandLine)",
      "Change the stacks or the options and run that again; the synth job fails while this file",
      "differs from what it writes.",
    ]
  }

  /// Init and a saved plan, `plan.bin`, and its JSON; `$changes` is `true` when the plan changes
  /// anything, and `recordChanges` keeps it for the apply. A plan that fails fails the job.
  static func plan(_ settings: PipelineSettings, recordChanges: String) -> String {
    let tool = self.tool(settings)
    return """
      \(tool) init -input=false
      status=0
      \(tool) plan -input=false -lock=false -detailed-exitcode -out=plan.bin || status=$?
      [ "$status" != 1 ] || exit 1
      changes="$([ "$status" = 2 ] && echo true || echo false)"
      \(recordChanges)
      \(tool) show -json plan.bin > "out/$STACK/plan.json"

      """
  }

  /// infra check-plan's Markdown report of the plan, headed by the stack's name, into `report`;
  /// its exit code is left in `$status`.
  static func checkPlan(_ settings: PipelineSettings, into report: String) -> String {
    """
    status=0
    \(settings.infra) check-plan "out/$STACK/plan.json" --format markdown > check-plan-body.md || status=$?
    { echo "### $STACK"; echo; cat check-plan-body.md; } > "\(report)"

    """
  }

  /// The saved plan applied, exactly as it was reviewed.
  static func apply(_ settings: PipelineSettings) -> String {
    """
    \(tool(settings)) init -input=false
    \(tool(settings)) apply -input=false plan.bin

    """
  }

  /// Terraform or OpenTofu, run in the stack's folder.
  private static func tool(_ settings: PipelineSettings) -> String { "\(settings.tool.command) -chdir=\"out/$STACK\"" }
}
