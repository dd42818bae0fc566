/// A problem with a setting of a construct's part (a node pool, an addon, a permission, a
/// domain), said before the construct reports it: the diagnostic id, what is wrong, how to fix
/// it, and where it was written when that is not where the construct reports it.
struct SettingProblem {
  let id: String
  let message: String
  let fix: String
  let at: SourceLocation?

  init(_ id: String, _ message: String, _ fix: String, _ at: SourceLocation? = nil) {
    self.id = id
    self.message = message
    self.fix = fix
    self.at = at
  }
}

extension PlatformConstruct {
  /// Records `problem`, at its own location, else at `location`, else at the construct's line.
  func report(_ problem: SettingProblem, at location: SourceLocation? = nil) {
    report(problem.id, problem.message, fix: problem.fix, at: problem.at ?? location)
  }
}
