import InfraCore
import InfraKit
import InfraYAML

extension StackSchema {
  static let observabilityKeys = ["enabled", "pagerduty", "email", "thresholds", "prometheus", "containerInsights", "grafana", "suppress"]
  static let pagerDutyKeys = ["variable", "ssmParameter"]
  static let thresholdKeys = [
    "databaseCPU", "databaseConnections", "databaseFreeStorage", "loadBalancer5xx", "target5xx", "targetResponseSeconds", "natDroppedPackets",
  ]

  /// `observability:` — CloudWatch alarms for every database, load balancer and NAT gateway,
  /// and AWS Backup failures, sent to PagerDuty and email through an encrypted SNS topic. On in
  /// production when the key is missing (with no destination); elsewhere only when written.
  func readObservability(
    _ node: YAMLNode?, environment: Environment, stackLocation: SourceLocation, overrides: AlarmOverrides
  ) {
    // Constructs' own thresholds, where nothing will make their alarms.
    func unwatched(_ why: String) {
      for (construct, node, _) in overrides.entries {
        problems.error(
          .invalidValue, "'\(construct.node.id)' has alarm thresholds of its own, but \(why)",
          fix: "add 'observability:' to the stack, or remove 'alarms'", at: node.location)
      }
    }
    guard let node else {
      if environment == .production {
        overrides.apply(to: Observability(file: stackLocation.file, line: stackLocation.line, column: stackLocation.column))
      } else {
        unwatched("a \(environment.rawValue) stack without 'observability:' makes no alarms")
      }
      return
    }
    guard let fields = Fields(node, "observability", keys: Self.observabilityKeys, problems: problems) else { return }
    if fields.bool("enabled") == false {
      unwatched("the stack's observability is not enabled")
      return
    }
    let pagerDuty = fields["pagerduty"].flatMap { readPagerDuty($0, fields) }
    let email = fields.strings("email") ?? []
    let prometheus = fields.bool("prometheus")
    let containerInsights = fields.bool("containerInsights")
    let grafana = fields.bool("grafana")
    var thresholds = AlarmThresholds.defaults(for: environment)
    for set in fields["thresholds"].map(thresholdSettings) ?? [] { set(&thresholds) }
    let suppressions = readSuppressions(fields)
    guard problems.isEmpty else { return }
    let location = node.location
    let observability = Observability(
      pagerDuty: pagerDuty, email: email, thresholds: thresholds, prometheus: prometheus, containerInsights: containerInsights, grafana: grafana ?? false, file: location.file, line: location.line,
      column: location.column)
    observability.suppress(suppressions)
    overrides.apply(to: observability)
  }

  /// The changes `node`, a mapping of threshold names to values, makes to a stack's or a
  /// construct's alarm thresholds; each value out of range is reported at its line.
  func thresholdSettings(_ node: YAMLNode) -> [(inout AlarmThresholds) -> Void] {
    guard let given = Fields(node, "the alarm thresholds", keys: Self.thresholdKeys, problems: problems) else { return [] }
    var settings: [(inout AlarmThresholds) -> Void] = []
    if let value = given.int("databaseCPU", in: 1...100) { settings.append { $0.databaseCPUPercent = value } }
    if let value = given.int("databaseConnections", in: 1...100) { settings.append { $0.databaseConnectionsPercent = value } }
    if let value = given.int("databaseFreeStorage", in: 1...99) { settings.append { $0.databaseFreeStoragePercent = value } }
    if let value = positiveNumber(given, "loadBalancer5xx", atMost: 100, example: "1") { settings.append { $0.loadBalancer5xxPercent = value } }
    if let value = positiveNumber(given, "target5xx", atMost: 100, example: "1") { settings.append { $0.target5xxPercent = value } }
    if let value = positiveNumber(given, "targetResponseSeconds", atMost: 3600, example: "2") { settings.append { $0.targetResponseSeconds = value } }
    if let value = positiveNumber(given, "natDroppedPackets", atMost: 100, example: "0.01") { settings.append { $0.natDroppedPacketsPercent = value } }
    return settings
  }

  /// `alarms:` of a network, load balancer or database: its own thresholds, over the stack's.
  func readAlarms(_ fields: Fields, of construct: PlatformConstruct?, _ overrides: AlarmOverrides) {
    guard let node = fields["alarms"] else { return }
    let settings = thresholdSettings(node)
    if let construct { overrides.entries.append((construct, node, settings)) }
  }

  /// `pagerduty: {variable: NAME}` or `{ssmParameter: NAME}`. A URL written out is an error: it
  /// holds the integration key, and would be in the stack file, the output and the state.
  private func readPagerDuty(_ node: YAMLNode, _ fields: Fields) -> PagerDutyURL? {
    if let text = node.scalar?.value {
      let shown = text.hasPrefix("https://") ? "a URL" : "'\(text)'"
      problems.error(
        .invalidValue, "observability: 'pagerduty' is \(shown); the integration URL holds its key, which must not be written in a stack file",
        fix: "write 'pagerduty: {variable: pagerduty_url}' and set TF_VAR_pagerduty_url from your secret store, or 'pagerduty: {ssmParameter: NAME}'",
        at: node.location)
      return nil
    }
    guard let pagerDuty = Fields(node, "the PagerDuty integration", keys: Self.pagerDutyKeys, problems: problems) else {
      return nil
    }
    switch (pagerDuty.string("variable"), pagerDuty.string("ssmParameter")) {
    case (let variable?, nil): return .variable(variable)
    case (nil, let parameter?): return .ssmParameter(parameter)
    default:
      problems.error(
        .invalidValue, "observability: 'pagerduty' names \(pagerDuty["variable"] == nil ? "neither" : "both") a variable and an SSM parameter",
        fix: "give exactly one: {variable: pagerduty_url} or {ssmParameter: NAME}", at: node.location)
      return nil
    }
  }

  private func positiveNumber(_ fields: Fields, _ key: String, atMost maximum: Double, example: String) -> Double? {
    guard let node = fields[key] else { return nil }
    guard let value = node.scalar?.doubleValue, value > 0, value <= maximum else {
      problems.error(
        .invalidValue, "\(fields.subject): '\(key)' is '\(node.scalar?.value ?? "not a number")'; it must be a number above 0 and at most \(Int(maximum))",
        fix: "write a number such as \(key): \(example)", at: node.location)
      return nil
    }
    return value
  }
}

/// The constructs of a stack file with thresholds of their own (`alarms:`), collected while the
/// parts are read, for the stack's observability, which is made last.
final class AlarmOverrides {
  var entries: [(construct: PlatformConstruct, node: YAMLNode, settings: [(inout AlarmThresholds) -> Void])] = []

  /// Each construct's thresholds given to `observability`, located at its `alarms:`.
  func apply(to observability: Observability) {
    for (construct, node, settings) in entries {
      let at = node.location
      observability.override(construct, file: at.file, line: at.line, column: at.column) { thresholds in
        for set in settings { set(&thresholds) }
      }
    }
  }
}
