import InfraCore
import Terraform

/// A PagerDuty integration URL, which carries the integration key, is never written in the configuration.
public enum PagerDutyURLLiteralRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "pagerduty-url-literal", title: "No PagerDuty integration URL in the configuration", severity: .error,
    rationale: """
      A PagerDuty CloudWatch integration URL carries the integration key: whoever has it can \
      open and resolve incidents on the service. Written in a stack, it is in Git, in every \
      synthesized file and in plan output, readable by everyone who can read any of them. Taken \
      from a sensitive Terraform variable or a SecureString SSM parameter, it stays out of all \
      three; only Terraform's state holds it, as it holds every argument, so keep the state \
      encrypted and its access narrow.
      """,
    fix: """
      take the URL from a sensitive Terraform variable or a SecureString SSM parameter: \
      `observability: {pagerduty: {variable: pagerduty_url}}` in a stack file, \
      Observability(pagerDuty: .variable("pagerduty_url")) in Swift
      """)

  public static let resourceTypes: Set<String> = ["aws_sns_topic_subscription"]

  public static func problems(with subscription: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    // A protocol that is not written out may be HTTPS.
    if let protocolName = subscription.string("protocol"), !["https", "http"].contains(protocolName.lowercased()) { return [] }
    guard let endpoint = subscription.body["endpoint"], writesKey(endpoint) else { return [] }
    return ["\(subscription.address) writes a PagerDuty integration URL, and the key in it, in the configuration"]
  }

  /// Whether `endpoint` writes out a PagerDuty URL with its path, where the key is: a literal
  /// string, or a template whose text after the PagerDuty host has nothing interpolated
  /// (`https://events.pagerduty.com/integration/${var.key}/enqueue` takes the key from elsewhere).
  static func writesKey(_ endpoint: Expr) -> Bool {
    let interpolated = "\u{0}"
    let text: String
    switch endpoint {
    case .string(let literal): text = literal
    case .template(let parts): text = parts.map { $0.stringValue ?? interpolated }.joined()
    case .raw(let hcl): text = hcl.replacingOccurrences(of: "${", with: interpolated)
    default: return false
    }
    guard let host = text.lowercased().range(of: "pagerduty.com") else { return false }
    return !text[host.upperBound...].contains(interpolated)
  }

  public static let examples: [LintExample] = [
    .passing {
      let topic = Resource("alerts", type: "aws_sns_topic", ["name": "alerts"])
      let pagerduty = Variable("pagerduty-url", type: "string", sensitive: true)
      Resource(
        "alerts-pagerduty", type: "aws_sns_topic_subscription",
        ["topic_arn": topic["arn"], "protocol": "https", "endpoint": pagerduty.value, "endpoint_auto_confirms": true])
    },
    .passing {
      // The URL written out around a key that comes from a variable.
      let topic = Resource("alerts", type: "aws_sns_topic", ["name": "alerts"])
      let key = Variable("pagerduty-key", type: "string", sensitive: true)
      Resource(
        "alerts-pagerduty", type: "aws_sns_topic_subscription",
        ["topic_arn": topic["arn"], "protocol": "https", "endpoint": "https://events.pagerduty.com/integration/\(key.value)/enqueue"])
    },
    .failing(["aws_sns_topic_subscription.alerts_pagerduty writes a PagerDuty integration URL, and the key in it, in the configuration"]) {
      let topic = Resource("alerts", type: "aws_sns_topic", ["name": "alerts"])
      Resource(
        "alerts-pagerduty", type: "aws_sns_topic_subscription",
        [
          "topic_arn": topic["arn"], "protocol": "https",
          "endpoint": "https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue",
        ])
    },
  ]
}
