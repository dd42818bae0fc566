extension Network: AlarmedConstruct {
  /// Per NAT gateway: connections it could not make for want of source ports, and the share of
  /// packets it drops.
  func alarms(_ thresholds: AlarmThresholds) -> [MetricAlarm] {
    natGateways.flatMap { zone, gateway in
      let dimensions = ["NatGatewayId": gateway.id]
      return [
        MetricAlarm(
          id: "nat-\(zone)-port-allocation",
          description:
            "NAT gateway \(zone) of network \(node.id) failed to allocate source ports for 10 minutes: connections out of the zone's private subnets fail. Spread them over more destinations, or add addresses to the gateway.",
          namespace: "AWS/NATGateway", metric: "ErrorPortAllocation", dimensions: dimensions, statistic: "Sum",
          period: 300, evaluationPeriods: 2, comparison: .above, threshold: 0, missingData: "notBreaching"),
        MetricAlarm(
          id: "nat-\(zone)-dropped-packets",
          description:
            "NAT gateway \(zone) of network \(node.id) dropped over \(thresholds.natDroppedPacketsPercent)% of its packets for 15 minutes: check the AWS Health Dashboard for the zone.",
          namespace: "AWS/NATGateway", metric: "PacketsDropCount", dimensions: dimensions, statistic: "Sum", period: 300,
          evaluationPeriods: 3, comparison: .above, threshold: thresholds.natDroppedPacketsPercent,
          missingData: "notBreaching", expression: "100 * m1 / (m2 + m3)",
          expressionMetrics: ["PacketsDropCount", "PacketsInFromSource", "PacketsInFromDestination"],
          expressionLabel: "Packets dropped (%)"),
      ]
    }
  }
}
