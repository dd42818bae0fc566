/// The one pull (merge) request comment that holds every stack's check-plan report, as both
/// pipelines write it: the hidden marker it is found again by, and the shell that gathers the
/// reports into it.
enum CheckPlanComment {
  /// The first line of the comment, by which each run finds and updates it.
  static let marker = "<!-- infra check-plan -->"

  /// Shell that sets `marker` and writes the comment into `file`: a heading, then each stack's
  /// report from `<folder>check-plan-<stack>.md`, or a line saying the plan did not finish.
  static func gather(_ stacks: [PipelineStack], from folder: String, into file: String, settings: PipelineSettings) -> String {
    let names = stacks.map { settings.shellWord($0.name) }.joined(separator: " ")
    return """
      marker='\(marker)'
      {
        echo "$marker"
        echo "## infra check-plan"
        for stack in \(names); do
          echo
          if [ -f "\(folder)check-plan-$stack.md" ]; then
            cat "\(folder)check-plan-$stack.md"
          else
            echo "### $stack"
            echo
            echo "No report: the plan did not finish. See the pipeline's log."
          fi
        done
      } > \(file)

      """
  }
}
