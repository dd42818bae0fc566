/// What a stack is for. A stack says it once, and every construct inside picks its defaults from
/// it: a single NAT gateway in development, one per zone in production, longer log retention and
/// deletion protection in production. Lint applies production rules to production stacks. Every
/// default it selects can still be set by hand.
public enum Environment: String, Sendable, CaseIterable {
  case development, staging, production
}
