/// The `lifecycle` meta-argument. Its flags are literal booleans, decided when the stack is
/// synthesized: Terraform does not accept expressions there.
public struct Lifecycle: Hashable, Sendable {
  public var createBeforeDestroy: Bool?
  public var preventDestroy: Bool?
  public var ignoreChanges: IgnoreChanges?
  /// Replace this resource when any of these resources or attributes change.
  public var replaceTriggeredBy: [Reference]

  public enum IgnoreChanges: Hashable, Sendable {
    /// Ignore changes to every argument.
    case all
    /// Ignore changes to these arguments, written as attribute paths: `tags`,
    /// `scaling_config[0].desired_size`.
    case attributes([String])
  }

  public init(
    createBeforeDestroy: Bool? = nil, preventDestroy: Bool? = nil, ignoreChanges: IgnoreChanges? = nil,
    replaceTriggeredBy: [Reference] = []
  ) {
    self.createBeforeDestroy = createBeforeDestroy
    self.preventDestroy = preventDestroy
    self.ignoreChanges = ignoreChanges
    self.replaceTriggeredBy = replaceTriggeredBy
  }

  public var isEmpty: Bool {
    createBeforeDestroy == nil && preventDestroy == nil && ignoreChanges == nil && replaceTriggeredBy.isEmpty
  }
}
