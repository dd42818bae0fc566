import InfraKit

/// The payments team's stacks, as `team-infra` synthesizes, lists and validates them.
public enum TeamStacks {
  /// Every stack, built anew: the payments platform in dev and in prod.
  public static func all() -> [Stack] {
    [paymentsPlatform(.dev), paymentsPlatform(.prod)]
  }
}
