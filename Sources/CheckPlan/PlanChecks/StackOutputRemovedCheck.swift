/// An output removed from a stack that other stacks may read.
public enum StackOutputRemovedCheck: PlanCheck {
  public static let description = RuleDescription(
    id: "stack-output-removed",
    title: "The plan removes an output another stack may read",
    severity: .warning,
    rationale: """
      Stacks pass values through outputs: infra writes one in the declaring stack for every value \
      another stack reads, and the reading stack reads it with terraform_remote_state. When an \
      apply removes an output, every stack that still reads it fails its next plan ("Unsupported \
      attribute") until it stops reading it, and a reader applied from an older plan keeps \
      resources pointing at what the output named. The plan is reported for each output it \
      deletes. It warns rather than blocks: an output no stack reads any more is removed on \
      purpose, once its readers have stopped reading it.
      """,
    fix: """
      apply the stacks that read the output first, so that they stop reading it (infra list \
      --order shows who reads whom), or keep the output until they have
      """)

  public static let examples: [PlanCheckExample] = [
    .failing(
      "output-removed",
      [
        "the plan removes the output aws_subnet__core_private_a__id: a stack that reads it through terraform_remote_state fails its next plan"
      ]),
    .passing("noop"),
  ]

  public static func findings(in plan: TerraformPlan, settings: PlanCheckSettings) -> [PlanFinding] {
    plan.outputChanges.filter { $0.actions == ["delete"] }.map { output in
      PlanFinding(
        rule: description,
        message: "the plan removes the output \(output.name): a stack that reads it through terraform_remote_state fails its next plan")
    }
  }
}
