/// What a team can tune about the checks.
public struct PlanCheckSettings: Sendable, Hashable {
  /// A plan that deletes or replaces this many resources or more is a large blast radius.
  public var blastRadius: Int

  public static let defaultBlastRadius = 10

  public init(blastRadius: Int = Self.defaultBlastRadius) {
    self.blastRadius = blastRadius
  }
}
