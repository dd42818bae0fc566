import InfraCLI
import ReferenceStacks

Infra.main(stacks: ReferenceStacks.all)
