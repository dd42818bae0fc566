extension Database: AlarmedConstruct {
  /// CPU, connections (where the most the engine accepts is known) and free storage, by the
  /// instance's identifier (the `DBInstanceIdentifier` dimension;
  /// the instance's `id` is its resource id, which CloudWatch does not know).
  func alarms(_ thresholds: AlarmThresholds) -> [MetricAlarm] {
    guard let instance else { return [] }
    let dimensions = ["DBInstanceIdentifier": instance.identifier]
    let freeBytes = Double(storageGiB) * 1_073_741_824 * Double(thresholds.databaseFreeStoragePercent) / 100
    let connections = maxConnections.map { most in
      let threshold = most * thresholds.databaseConnectionsPercent / 100
      return MetricAlarm(
        id: "connections",
        description:
          "Database \(node.id) has had over \(threshold) connections (\(thresholds.databaseConnectionsPercent)% of the \(most) it accepts) for 15 minutes: new connections will soon be refused. Look for clients that do not close theirs, or put a pool (RDS Proxy, PgBouncer) in front.",
        namespace: "AWS/RDS", metric: "DatabaseConnections", dimensions: dimensions, statistic: "Maximum", period: 300,
        evaluationPeriods: 3, comparison: .above, threshold: Double(threshold), missingData: "missing")
    }
    return [
      MetricAlarm(
        id: "cpu",
        description:
          "Database \(node.id) has averaged over \(thresholds.databaseCPUPercent)% CPU for 15 minutes: look for slow queries in Performance Insights, or give it a larger instance class.",
        namespace: "AWS/RDS", metric: "CPUUtilization", dimensions: dimensions, statistic: "Average", period: 300,
        evaluationPeriods: 3, comparison: .above, threshold: Double(thresholds.databaseCPUPercent), missingData: "missing"),
    ] + [connections].compactMap { $0 } + [
      MetricAlarm(
        id: "free-storage",
        description:
          "Database \(node.id) has less than \(thresholds.databaseFreeStoragePercent)% of its \(storageGiB) GiB free and storage autoscaling has not kept up: raise its maximum storage, or find what is writing.",
        namespace: "AWS/RDS", metric: "FreeStorageSpace", dimensions: dimensions, statistic: "Minimum", period: 300,
        evaluationPeriods: 2, comparison: .below, threshold: freeBytes, missingData: "missing"),
    ]
  }
}

extension Database {
  /// The most connections the engine accepts: the `max_connections` parameter when it is a
  /// number, else RDS's default for the memory it leaves the database (Postgres: memory /
  /// 9,531,392, at most 5,000; MySQL: memory / 12,582,880). RDS does not publish that memory; it
  /// is taken as the class's less 256 MiB, which puts a db.t4g.micro at 85 connections, near what
  /// RDS reports. Nil for a class whose memory infra does not know.
  var maxConnections: Int? {
    if let given = parameters["max_connections"].flatMap({ Int($0) }) { return given }
    guard let gibibytes = Self.memoryGiB(of: instanceClass) else { return nil }
    let bytes = (gibibytes * 1024 - 256) * 1_048_576
    switch engine {
    case .postgres: return min(bytes / 9_531_392, 5000)
    case .mysql: return bytes / 12_582_880
    }
  }

  /// The memory of an RDS instance class of the burstable (`t`), general purpose (`m`) or
  /// memory optimized (`r`) families, from its size: AWS's published figures, which follow the
  /// size within each family.
  static func memoryGiB(of instanceClass: String) -> Int? {
    let parts = instanceClass.split(separator: ".")
    guard parts.count == 3, parts[0] == "db", let family = parts[1].first else { return nil }
    let sizes: [String: Int]
    switch family {
    case "t": sizes = ["micro": 1, "small": 2, "medium": 4, "large": 8, "xlarge": 16, "2xlarge": 32]
    case "m":
      sizes = ["large": 8, "xlarge": 16, "2xlarge": 32, "4xlarge": 64, "8xlarge": 128, "12xlarge": 192, "16xlarge": 256, "24xlarge": 384]
    case "r":
      sizes = ["large": 16, "xlarge": 32, "2xlarge": 64, "4xlarge": 128, "8xlarge": 256, "12xlarge": 384, "16xlarge": 512, "24xlarge": 768]
    default: return nil
    }
    return sizes[String(parts[2])]
  }
}
