// A team's own plan checks read changes as JSON values and describe themselves with a
// RuleDescription: importing CheckPlan is enough to write one.
@_exported import Diagnostics
@_exported import JSON
