import InfraCore
import InfraKit
import Terraform
import Testing

/// The stack's CloudWatch dashboard: a graph for each alarm of the platform's own parts, the
/// tenants' databases a hundred to a graph, every widget inside the 24-column grid.
@Suite struct StackDashboardTests {
  private static func stack(tenants: Int) throws -> TerraformConfiguration {
    try Stack("platform", environment: .production, region: .euWest1) {
      Observability(prometheus: false)
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"], nat: .single)
      let cluster = Cluster("main", version: "1.35", network: network, podSecurityGroups: true) {
        NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
      }
      Database("ledger", engine: .postgres("16"), network: network)
      for index in 0..<tenants {
        let database = Database("tenant-t\(index)", engine: .postgres("16"), network: network)
        Tenant("t\(index)", cluster: cluster, database: database)
      }
    }.synthesize().configuration
  }

  /// The widgets of the dashboard's body, each as its fields.
  private static func widgets(_ configuration: TerraformConfiguration) throws -> [[String: Expr]] {
    let dashboard = try #require(configuration.resources.first { $0.type == "aws_cloudwatch_dashboard" })
    #expect(dashboard.body["dashboard_name"] == "platform")
    guard case .call(_, let arguments)? = dashboard.body["dashboard_body"], case .object(let body)? = arguments.first,
      case .list(let widgets)? = body["widgets"]
    else {
      Issue.record("the body is not jsonencode({widgets = [...]})")
      return []
    }
    return widgets.compactMap { if case .object(let fields) = $0 { fields } else { nil } }
  }

  private static func int(_ expr: Expr?) -> Int {
    if case .int(let value)? = expr { return value }
    return -1
  }

  @Test func eachPlatformAlarmHasAGraphAndTheTenantsDatabasesShareGraphs() throws {
    let configuration = try Self.stack(tenants: 150)
    let widgets = try Self.widgets(configuration)
    // Every widget lies inside the grid, and no two overlap.
    var cells: Set<[Int]> = []
    for widget in widgets {
      let (x, y, width, height) = (Self.int(widget["x"]), Self.int(widget["y"]), Self.int(widget["width"]), Self.int(widget["height"]))
      #expect(x >= 0 && width >= 1 && x + width <= 24 && y >= 0 && height >= 1)
      for column in x..<(x + width) {
        for row in y..<(y + height) { #expect(cells.insert([column, row]).inserted) }
      }
    }
    // A graph for each alarm of the ledger and the NAT gateway, drawn from the alarm itself.
    let platformAlarms = configuration.resources.filter {
      $0.type == "aws_cloudwatch_metric_alarm" && !$0.name.hasPrefix("tenant_")
    }
    #expect(platformAlarms.map(\.name).sorted() == [
      "core_alarm_nat_a_dropped_packets", "core_alarm_nat_a_port_allocation", "ledger_alarm_connections", "ledger_alarm_cpu",
      "ledger_alarm_free_storage",
    ])
    let drawn = widgets.compactMap { widget -> String? in
      guard case .object(let properties)? = widget["properties"], case .object(let annotations)? = properties["annotations"],
        case .list(let alarms)? = annotations["alarms"], case .reference(let reference)? = alarms.first
      else { return nil }
      return reference.traversal
    }
    #expect(drawn.sorted() == platformAlarms.map { "aws_cloudwatch_metric_alarm.\($0.name).arn" }.sorted())
    // 150 tenants: CPU and free storage, each over two graphs of 100 and 50 databases, each
    // metric naming a tenant database's identifier.
    let tenantGraphs = widgets.compactMap { widget -> (String, Int)? in
      guard case .object(let properties)? = widget["properties"], case .string(let title)? = properties["title"],
        case .list(let metrics)? = properties["metrics"]
      else { return nil }
      for metric in metrics {
        guard case .list(let parts) = metric, case .reference(let reference)? = parts.last else {
          Issue.record("\(title): \(metric)")
          continue
        }
        #expect(reference.traversal.hasPrefix("aws_db_instance.tenant_t") && reference.traversal.hasSuffix("_instance.identifier"))
      }
      return (title, metrics.count)
    }
    #expect(tenantGraphs.map(\.0) == [
      "Tenant databases: CPUUtilization (1 to 100)", "Tenant databases: CPUUtilization (101 to 150)",
      "Tenant databases: FreeStorageSpace (1 to 100)", "Tenant databases: FreeStorageSpace (101 to 150)",
    ])
    #expect(tenantGraphs.map(\.1) == [100, 50, 100, 50])
    #expect(widgets.count == 1 + 5 + 4)
  }
}
