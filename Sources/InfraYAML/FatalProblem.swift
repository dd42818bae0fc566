import Diagnostics

/// A problem after which reading cannot go on: a syntax error, an unknown alias, a limit.
struct FatalProblem: Error {
  let diagnostic: Diagnostic

  init(_ diagnostic: Diagnostic) {
    self.diagnostic = diagnostic
  }
}
