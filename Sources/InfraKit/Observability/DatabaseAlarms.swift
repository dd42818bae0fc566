extension Database: AlarmedConstruct {
  /// CPU and free storage, by the instance's identifier (the `DBInstanceIdentifier` dimension;
  /// the instance's `id` is its resource id, which CloudWatch does not know).
  func alarms(_ thresholds: AlarmThresholds) -> [MetricAlarm] {
    guard let instance else { return [] }
    let dimensions = ["DBInstanceIdentifier": instance.identifier]
    let freeBytes = Double(storageGiB) * 1_073_741_824 * Double(thresholds.databaseFreeStoragePercent) / 100
    return [
      MetricAlarm(
        id: "cpu",
        description:
          "Database \(node.id) has averaged over \(thresholds.databaseCPUPercent)% CPU for 15 minutes: look for slow queries in Performance Insights, or give it a larger instance class.",
        namespace: "AWS/RDS", metric: "CPUUtilization", dimensions: dimensions, statistic: "Average", period: 300,
        evaluationPeriods: 3, comparison: .above, threshold: Double(thresholds.databaseCPUPercent), missingData: "missing"),
      MetricAlarm(
        id: "free-storage",
        description:
          "Database \(node.id) has less than \(thresholds.databaseFreeStoragePercent)% of its \(storageGiB) GiB free and storage autoscaling has not kept up: raise its maximum storage, or find what is writing.",
        namespace: "AWS/RDS", metric: "FreeStorageSpace", dimensions: dimensions, statistic: "Minimum", period: 300,
        evaluationPeriods: 2, comparison: .below, threshold: freeBytes, missingData: "missing"),
    ]
  }
}
