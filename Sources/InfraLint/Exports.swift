// A team's own lint rules describe themselves with a RuleDescription and report at a severity:
// importing InfraLint (with InfraKit for the stack) is enough to write one.
@_exported import Diagnostics
