import InfraCore

/// A lint rule: what it is (its description, which names its page `docs/rules/<id>.md`), the
/// stacks it passes and fails (run by the test suite), and one check over a synthesized stack.
public protocol LintRule: Sendable {
  static var description: RuleDescription { get }
  /// Stacks the rule passes and fails, with the exact findings; the test suite runs each.
  static var examples: [LintExample] { get }
  /// Whether the rule holds only for production stacks (see ``LintedStack/isProduction``).
  static var productionOnly: Bool { get }
  /// What is wrong with `stack`, under `settings`.
  static func problems(in stack: LintedStack, settings: LintSettings) -> [LintProblem]
}

/// A rule that judges resources of some types one at a time.
public protocol ResourceLintRule: LintRule {
  /// The resource types the rule reads: `aws_db_instance`.
  static var resourceTypes: Set<String> { get }
  /// What is wrong with `resource`, each in the words of a finding; empty when nothing is.
  static func problems(with resource: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String]
}

extension LintRule {
  public static var productionOnly: Bool { false }
}

extension ResourceLintRule {
  public static func problems(in stack: LintedStack, settings: LintSettings) -> [LintProblem] {
    guard stack.isProduction || !productionOnly else { return [] }
    return stack.resources(ofTypes: resourceTypes).flatMap { resource -> [LintProblem] in
      problems(with: resource, in: stack, settings: settings).map { LintProblem(address: resource.address, message: $0) }
    }
  }
}

/// What a rule found wrong with one block of a stack, before configuration and suppressions
/// decide how it is reported.
public struct LintProblem: Sendable, Hashable {
  /// The block it is about: `aws_db_instance.orders`, `provider.aws`.
  public let address: String
  public let message: String
  /// How to fix this one, when the rule's general fix does not say enough.
  public let fix: String?
  /// The address of the element that wrote the block, when `address` is not one of the
  /// configuration's: for a Kubernetes object (`Namespace/acme`), its folder of manifests
  /// (``LintedObject/folder``), whose construct the finding is located at and suppressed on.
  public let element: String?

  public init(address: String, message: String, fix: String? = nil, element: String? = nil) {
    self.address = address
    self.message = message
    self.fix = fix
    self.element = element
  }
}

/// What a team tunes about the rules, besides turning them off or changing their severity.
public struct LintSettings: Sendable, Hashable {
  /// The tags every AWS resource must carry, its provider's default tags included.
  public var requiredTags: [String]

  public static let defaultRequiredTags = ["Environment"]

  /// The day the lint rule on Kubernetes versions past standard support judges by: the day
  /// infra's versions table was last checked against AWS's calendar, not the machine's clock, so
  /// that a stack lints the same everywhere until infra (and its table) is upgraded.
  public var asOf: CalendarDate

  public init(requiredTags: [String] = Self.defaultRequiredTags, asOf: CalendarDate = KubernetesVersionSupport.checkedOn) {
    self.requiredTags = requiredTags
    self.asOf = asOf
  }
}
