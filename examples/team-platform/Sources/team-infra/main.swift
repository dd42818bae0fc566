import InfraCLI
import TeamStacks

Infra.main(stacks: TeamStacks.all)
