import InfraCLI
import InfraLint

// The CLI over one stack per lint rule, named after the rule and made of its first failing
// example, for the end-to-end tests of `infra lint` (LintEndToEndTests).
Infra.main(stacks: {
  LintRules.all.compactMap { rule in
    rule.examples.first { !$0.findings.isEmpty }?.stack(named: rule.description.id)
  }
})
