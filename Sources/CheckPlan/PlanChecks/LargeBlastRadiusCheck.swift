/// Many objects destroyed by one apply.
public enum LargeBlastRadiusCheck: PlanCheck {
  public static let description = RuleDescription(
    id: "large-blast-radius",
    title: "The plan deletes or replaces many resources at once",
    severity: .warning,
    rationale: """
      When one apply deletes or replaces many resources, a single mistake (a changed zone list, a \
      renamed module, a count that shrank) takes down a whole tier at once, and one review of a \
      long plan is easy to get wrong. The plan is reported when it deletes or replaces at least \
      the threshold, 10 by default (--blast-radius N). It warns rather than blocks: large planned \
      migrations happen, and the other checks still block what loses data or capacity.
      """,
    fix: """
      split the change into smaller applies (-target, or one module at a time), or check that \
      every replacement is intended; raise --blast-radius for a planned migration
      """)

  public static let examples: [PlanCheckExample] = [
    .failing(
      "many-replacements",
      [
        "the plan deletes or replaces 12 resources at once (12 aws_subnet); the threshold is 10"
      ]),
    .passing("nodegroup-replace-destroy-first"),
  ]

  public static func findings(in plan: TerraformPlan, settings: PlanCheckSettings) -> [PlanFinding] {
    let destroyed = plan.changes.filter { $0.isManaged && $0.kind.destroysObject }
    guard destroyed.count >= settings.blastRadius else { return [] }
    // `12 aws_subnet`, the most frequent type first.
    var countByType: [String: Int] = [:]
    for change in destroyed { countByType[change.type, default: 0] += 1 }
    let types = countByType.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.value) \($0.key)" }
    return [
      PlanFinding(
        rule: description,
        message: "the plan deletes or replaces \(destroyed.count) resources at once (\(Prose.list(types))); "
          + "the threshold is \(settings.blastRadius)")
    ]
  }
}
