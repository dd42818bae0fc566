/// What a stack is for. Constructs take it explicitly and pick their defaults from it: a single
/// NAT gateway in development, one per zone in production, longer log retention in production.
/// Every default it selects can still be set by hand.
public enum Environment: String, Sendable, CaseIterable {
  case development, staging, production
}
