import InfraCore
import Terraform

/// A stack a rule passes or fails, with exactly what the rule reports on it. The test suite
/// runs every example of every rule (`LintTests`), and `docs/rules/<id>.md` shows one.
///
/// Examples are written with raw resources (`Resource(_:type:_:)`), arguments as Terraform
/// names them, in a stack of `environment` whose default AWS provider is tagged with it.
public struct LintExample: Sendable {
  /// The example stack's environment.
  public let environment: Environment
  /// The message of each finding, in the order reported; empty for a passing example.
  public let findings: [String]
  /// The stack's body.
  public let body: @Sendable () -> Void
  /// Where the example is written, so a failing test points at it.
  public let file: String
  public let line: Int

  /// An example the rule has nothing to say about.
  public static func passing(
    environment: Environment = .production, file: String = #filePath, line: Int = #line,
    @ConstructBuilder _ body: @escaping @Sendable () -> Void
  ) -> LintExample {
    LintExample(environment: environment, findings: [], body: body, file: file, line: line)
  }

  /// An example on which the rule reports findings with these messages.
  public static func failing(
    _ findings: [String], environment: Environment = .production, file: String = #filePath, line: Int = #line,
    @ConstructBuilder _ body: @escaping @Sendable () -> Void
  ) -> LintExample {
    LintExample(environment: environment, findings: findings, body: body, file: file, line: line)
  }

  /// The example as a stack named `name`, in eu-west-1.
  public func stack(named name: String = "example") -> Stack {
    let environment = environment
    let body = body
    return Stack(name, environment: environment) {
      Provider(
        "aws",
        Body([
          "region": .argument("eu-west-1"),
          "default_tags": .block(["tags": ["Environment": .string(environment.rawValue)]]),
        ]))
      body()
    }
  }
}
