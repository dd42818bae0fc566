import InfraCore
import Terraform

/// In production, an alarm or an alert route reaches someone: it notifies something, and an SNS
/// topic it notifies has a subscription.
public enum AlarmWithoutDestinationRule: LintRule {
  public static let description = RuleDescription(
    id: "alarm-without-destination", title: "Production alarms and alerts reach someone", severity: .error,
    rationale: """
      An alarm with no actions changes state in the CloudWatch console and nowhere else, and an \
      alarm or a Managed Prometheus alert manager that sends only to an SNS topic without \
      subscriptions is delivered to nobody: the database fills up at night and the first to \
      know are its users. A topic is heard when something subscribes to it: a pager, an email \
      address, a chat integration.
      """,
    fix: """
      give the stack's observability an on-call destination (`observability: {pagerduty: \
      {variable: pagerduty_url}}` or `email: [...]` in a stack file; Observability(pagerDuty:email:) \
      in Swift), or subscribe to the topic with an aws_sns_topic_subscription; an alarm written by \
      hand needs alarm_actions
      """)

  public static let productionOnly = true

  public static func problems(in stack: LintedStack, settings: LintSettings) -> [LintProblem] {
    guard stack.isProduction else { return [] }
    var problems: [LintProblem] = []
    var subscribed: [String: Bool] = [:]
    func isSubscribed(_ topic: LintedResource) -> Bool {
      if let known = subscribed[topic.address] { return known }
      let found = !stack.resources(ofType: "aws_sns_topic_subscription", whose: "topic_arn", refersTo: topic).isEmpty
      subscribed[topic.address] = found
      return found
    }
    // What sends only to topics without subscriptions, by topic, in the order first met.
    var unheard: [(topic: LintedResource, senders: [LintedResource])] = []
    func sendsToNobody(_ sender: LintedResource, through topics: [LintedResource?]) {
      guard !topics.isEmpty, topics.allSatisfy({ $0.map { !isSubscribed($0) } ?? false }) else { return }
      var seen: Set<String> = []
      for case let topic? in topics where seen.insert(topic.address).inserted {
        if let index = unheard.firstIndex(where: { $0.topic.address == topic.address }) {
          unheard[index].senders.append(sender)
        } else {
          unheard.append((topic, [sender]))
        }
      }
    }
    for alarm in stack.resources(ofType: "aws_cloudwatch_metric_alarm") {
      if alarm.bool("actions_enabled") == false {
        problems.append(LintProblem(address: alarm.address, message: "\(alarm.address) notifies nobody: actions_enabled is false"))
        continue
      }
      switch alarm.body["alarm_actions"] {
      case nil, .null?, .list([])?:
        problems.append(LintProblem(address: alarm.address, message: "\(alarm.address) notifies nobody: it has no alarm_actions"))
      case .list(let actions)?:
        // An action that is not a topic of the stack (an ARN written out, a variable) may reach someone.
        sendsToNobody(alarm, through: actions.map { CloudWatchAlarms.topic(of: $0, in: stack) })
      default:
        continue
      }
    }
    for definition in stack.resources(ofType: "aws_prometheus_alert_manager_definition") {
      let topics = stack.referenced(by: definition.body["definition"]).filter { $0.type == "aws_sns_topic" }
      sendsToNobody(definition, through: topics)
    }
    for (topic, senders) in unheard {
      problems.append(
        LintProblem(
          address: topic.address,
          message: "\(topic.address) has no subscription, so nobody hears of \(describe(senders)), which send only to it"))
    }
    return problems
  }

  /// `aws_cloudwatch_metric_alarm.a, aws_cloudwatch_metric_alarm.b and 3 more`
  static func describe(_ senders: [LintedResource]) -> String {
    let addresses = senders.map(\.address)
    guard addresses.count > 3 else {
      return addresses.count == 1 ? addresses[0] : addresses.dropLast().joined(separator: ", ") + " and " + addresses.last!
    }
    return addresses.prefix(2).joined(separator: ", ") + " and \(addresses.count - 2) more"
  }

  public static let examples: [LintExample] = [
    .passing {
      let topic = Resource("alerts", type: "aws_sns_topic", ["name": "alerts"])
      let pagerduty = Variable("pagerduty-url", type: "string", sensitive: true)
      Resource(
        "alerts-pagerduty", type: "aws_sns_topic_subscription",
        ["topic_arn": topic["arn"], "protocol": "https", "endpoint": pagerduty.value, "endpoint_auto_confirms": true])
      Resource(
        "orders-cpu", type: "aws_cloudwatch_metric_alarm",
        ["alarm_name": "orders-cpu", "alarm_actions": [topic["arn"]], "ok_actions": [topic["arn"]]])
    },
    .passing(environment: .staging) {
      let topic = Resource("alerts", type: "aws_sns_topic", ["name": "alerts"])
      Resource("orders-cpu", type: "aws_cloudwatch_metric_alarm", ["alarm_name": "orders-cpu", "alarm_actions": [topic["arn"]]])
    },
    .passing {
      // One action is a topic someone subscribes to, or a topic outside the stack.
      let topic = Resource("alerts", type: "aws_sns_topic", ["name": "alerts"])
      let quiet = Resource("quiet", type: "aws_sns_topic", ["name": "quiet"])
      Resource(
        "alerts-email", type: "aws_sns_topic_subscription",
        ["topic_arn": topic["arn"], "protocol": "email", "endpoint": "oncall@example.com"])
      Resource("orders-cpu", type: "aws_cloudwatch_metric_alarm", ["alarm_actions": [quiet["arn"], topic["arn"]]])
      Resource(
        "orders-storage", type: "aws_cloudwatch_metric_alarm",
        ["alarm_actions": [quiet["arn"], "arn:aws:sns:eu-west-1:111122223333:platform-pager"]])
    },
    .failing([
      "aws_sns_topic.alerts has no subscription, so nobody hears of aws_cloudwatch_metric_alarm.orders_cpu and aws_prometheus_alert_manager_definition.main, which send only to it"
    ]) {
      let topic = Resource("alerts", type: "aws_sns_topic", ["name": "alerts"])
      Resource("orders-cpu", type: "aws_cloudwatch_metric_alarm", ["alarm_name": "orders-cpu", "alarm_actions": [topic["arn"]]])
      Resource(
        "main", type: "aws_prometheus_alert_manager_definition",
        ["workspace_id": "ws-0a1b2c3d", "definition": "alertmanager_config: |\n  receivers:\n    - sns_configs:\n        - topic_arn: \(topic["arn"])\n"])
    },
    .failing([
      "aws_cloudwatch_metric_alarm.orders_cpu notifies nobody: it has no alarm_actions",
      "aws_cloudwatch_metric_alarm.orders_storage notifies nobody: actions_enabled is false",
    ]) {
      let topic = Resource("alerts", type: "aws_sns_topic", ["name": "alerts"])
      Resource(
        "alerts-email", type: "aws_sns_topic_subscription",
        ["topic_arn": topic["arn"], "protocol": "email", "endpoint": "oncall@example.com"])
      Resource("orders-cpu", type: "aws_cloudwatch_metric_alarm", ["alarm_name": "orders-cpu", "ok_actions": [topic["arn"]]])
      Resource(
        "orders-storage", type: "aws_cloudwatch_metric_alarm",
        ["alarm_name": "orders-storage", "alarm_actions": [topic["arn"]], "actions_enabled": false])
    },
  ]
}
