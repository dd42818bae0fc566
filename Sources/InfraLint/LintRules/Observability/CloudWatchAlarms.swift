import InfraCore
import Terraform

/// What the observability rules read of CloudWatch alarms and SNS topics.
enum CloudWatchAlarms {
  /// The dimensions of `alarm`: its own (`dimensions`), then those of each metric of its
  /// `metric_query`, as name and value. A query's metric is read whether it is written as a
  /// nested block (infra's constructs) or as an object (a raw resource).
  static func dimensions(of alarm: LintedResource) -> [(name: String, value: Expr)] {
    var found = members(of: alarm.body["dimensions"])
    for query in nested("metric_query", in: alarm.body) {
      for metric in nested("metric", in: query) {
        found += members(of: metric["dimensions"])
      }
    }
    return found
  }

  /// The nested blocks `name` of `body`, and the objects of an argument `name` (one object or
  /// a list of them), each as a body of arguments.
  static func nested(_ name: String, in body: Body) -> [Body] {
    func bodies(_ value: Expr?) -> [Body] {
      switch value {
      case .object(let members)?: [Body(arguments: members)]
      case .list(let elements)?: elements.flatMap { bodies($0) }
      default: []
      }
    }
    return body.blocks(name) + bodies(body[name])
  }

  private static func members(of value: Expr?) -> [(name: String, value: Expr)] {
    guard case .object(let members)? = value else { return [] }
    return members.keys.sorted().map { ($0, members[$0]!) }
  }

  /// The one reference `value` is, written alone or as the whole of a template (`${aws_lb.web.arn_suffix}`).
  static func wholeReference(_ value: Expr) -> Reference? {
    switch value {
    case .reference(let reference): reference
    case .template(let parts) where parts.count == 1: parts[0].references.count == 1 ? wholeReference(parts[0]) : nil
    default: nil
    }
  }

  /// The SNS topic of the stack that `action` (an element of `alarm_actions`) is, when it is a
  /// reference to one: `${aws_sns_topic.alerts.arn}`.
  static func topic(of action: Expr, in stack: LintedStack) -> LintedResource? {
    guard let reference = wholeReference(action), let resource = stack.resource(reference.object),
      resource.type == "aws_sns_topic"
    else { return nil }
    return resource
  }
}
