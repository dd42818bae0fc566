import InfraCLI
import TeamChecks
import TeamStacks

Infra.main(stacks: TeamStacks.all, rules: TeamChecks.lintRules, checks: TeamChecks.planChecks)
