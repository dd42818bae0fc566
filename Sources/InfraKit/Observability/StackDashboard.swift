/// The CloudWatch dashboard of a stack, `<stack>`, in its default region: what to look at
/// without Grafana. A heading; a graph for each alarm of the platform's own parts (the networks'
/// NAT gateways, the load balancers, the databases that are not a tenant's), drawn with the
/// alarm's threshold; and the tenants' databases side by side, a hundred to a graph, so that a
/// stack of thousands of tenants keeps within the 500 widgets a dashboard may hold.
struct StackDashboard {
  /// An alarm made for a construct, with whether the construct is a tenant's database.
  struct Entry {
    let construct: PlatformConstruct
    let alarm: MetricAlarm
    let resource: AwsCloudwatchMetricAlarm
    let isTenantDatabase: Bool
  }

  /// Graphs per row (each 8 of the grid's 24 columns) and the metrics one graph of tenants holds.
  private static let perRow = 3
  private static let tenantsPerGraph = 100

  static func add(_ entries: [Entry], to observability: Observability, region: String, provider: Provider?) {
    guard !entries.isEmpty else { return }
    let stack = observability.node.stackName
    var widgets: [Expr] = [
      [
        "type": "text", "x": 0, "y": 0, "width": 24, "height": 2,
        "properties": [
          "markdown":
            "# \(stack)\nEach graph below is one of the stack's \(entries.count) CloudWatch alarms, with its threshold; the tenants' databases follow, side by side. Written by infra: change the stack, not this dashboard."
        ],
      ]
    ]
    var y = 2
    var column = 0
    func place(_ widget: [String: Expr], width: Int = 8, height: Int = 6) {
      if column + width > 24 {
        column = 0
        y += height
      }
      var widget = widget
      widget["x"] = .int(column)
      widget["y"] = .int(y)
      widget["width"] = .int(width)
      widget["height"] = .int(height)
      widgets.append(.object(widget))
      column += width
    }
    for entry in entries where !entry.isTenantDatabase {
      place([
        "type": "metric",
        "properties": [
          "title": .string("\(entry.construct.node.id): \(entry.alarm.id)"), "region": .string(region),
          "annotations": ["alarms": [entry.resource.arn.expression]], "view": "timeSeries", "stacked": false,
        ],
      ])
    }
    let tenants = entries.filter(\.isTenantDatabase)
    for (metric, statistic) in [("CPUUtilization", "Average"), ("FreeStorageSpace", "Minimum")] {
      let databases = tenants.filter { $0.alarm.metric == metric }
      for start in stride(from: 0, to: databases.count, by: tenantsPerGraph) {
        let chunk = databases[start..<min(start + tenantsPerGraph, databases.count)]
        let metrics: [Expr] = chunk.map { entry in
          .list(["AWS/RDS", .string(metric), "DBInstanceIdentifier", entry.alarm.dimensions["DBInstanceIdentifier"]!.expression])
        }
        let range = databases.count > tenantsPerGraph ? " (\(start + 1) to \(start + chunk.count))" : ""
        place([
          "type": "metric",
          "properties": [
            "title": .string("Tenant databases: \(metric)\(range)"), "region": .string(region), "metrics": .list(metrics),
            "stat": .string(statistic), "period": 300, "view": "timeSeries", "stacked": false,
            "legend": ["position": "hidden"],
          ],
        ])
      }
    }
    let dashboard = AwsCloudwatchDashboard(
      "dashboard", dashboardBody: .jsonEncoded(["widgets": .list(widgets)]), dashboardName: Value(stack.replacingOccurrences(of: ".", with: "-")), in: observability)
    dashboard.provider = provider
  }
}
