/// One statement of an IAM policy that allows `actions` on `resources`, when every condition
/// holds: what a workload identity may do, said as narrowly as the service lets it be said.
///
/// ```swift
/// .allow(["secretsmanager:GetSecretValue"], on: [database.masterUserSecretArn])
/// .allow(["route53:ChangeResourceRecordSets"], on: [zoneArn],
///        when: [.init("ForAllValues:StringEquals", "route53:ChangeResourceRecordSetsRecordTypes", ["TXT"])])
/// ```
public struct Permission: Sendable, Hashable {
  /// A condition of the statement: `test` (`StringEquals`, `ArnLike`, …) of `key` against `values`.
  public struct Condition: Sendable, Hashable {
    public var test: String
    public var key: String
    public var values: [Value<String>]

    public init(_ test: String, _ key: String, _ values: [any ValueConvertible<String>]) {
      self.test = test
      self.key = key
      self.values = values.map { $0.terraformValue }
    }
  }

  public var actions: [String]
  public var resources: [Value<String>]
  public var conditions: [Condition]

  /// Allows `actions` (`service:Action`) on `resources` (ARNs; `*` only where the service has no
  /// resource to name) when every one of `conditions` holds.
  public static func allow(
    _ actions: [String], on resources: [any ValueConvertible<String>], when conditions: [Condition] = []
  ) -> Permission {
    Permission(actions: actions, resources: resources.map { $0.terraformValue }, conditions: conditions)
  }

  /// The problems of the statement, said of `subject`: no action or resource, or an action that
  /// is not `service:Action`.
  func problems(of subject: String) -> [SettingProblem] {
    var problems: [SettingProblem] = []
    if actions.isEmpty || resources.isEmpty {
      problems.append(
        SettingProblem("invalid-permission", "\(subject) has a permission with no \(actions.isEmpty ? "action" : "resource")",
         "name the actions and the ARNs they apply to"))
    }
    for action in actions where !Self.isAction(action) {
      problems.append(
        SettingProblem("invalid-permission", "\(subject) allows '\(action)', which is not an IAM action",
         "write the service prefix and the action, e.g. s3:GetObject"))
    }
    return problems
  }

  /// `service:Action`, the action part possibly with wildcards: `s3:GetObject`, `ec2:Describe*`.
  static func isAction(_ text: String) -> Bool {
    // Read as bytes: every tenant's actions are checked, and Character properties are Unicode
    // look-ups. Only ASCII passes, where bytes and characters are the same.
    let parts = text.utf8.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
    guard parts.count == 2, let service = parts.first, let action = parts.last, !service.isEmpty, !action.isEmpty
    else { return false }
    func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    func isLower(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }
    func isUpper(_ byte: UInt8) -> Bool { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) }
    return service.allSatisfy { isLower($0) || isDigit($0) || $0 == UInt8(ascii: "-") }
      && action.allSatisfy { isLower($0) || isUpper($0) || isDigit($0) || $0 == UInt8(ascii: "*") }
  }

  /// The statement as the policy document's JSON holds it, references left for Terraform.
  var statement: Expr {
    var statement: [String: Expr] = [
      "Effect": "Allow", "Action": .list(actions.map { .string($0) }), "Resource": .list(resources.map(\.expression)),
    ]
    if !conditions.isEmpty {
      var tests: [String: [String: Expr]] = [:]
      for condition in conditions {
        tests[condition.test, default: [:]][condition.key] = .list(condition.values.map(\.expression))
      }
      statement["Condition"] = .object(tests.mapValues { .object($0) })
    }
    return .object(statement)
  }

  /// A policy document of `permissions`, for `aws_iam_role_policy.policy`.
  static func document(_ permissions: [Permission]) -> Value<String> {
    .jsonEncoded(["Version": "2012-10-17", "Statement": .list(permissions.map(\.statement))])
  }
}
