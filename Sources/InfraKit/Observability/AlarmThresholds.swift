/// When the CloudWatch alarms ``Observability`` makes for a stack's constructs fire. Each
/// environment has defaults (``defaults(for:)``); a stack changes them for all its constructs,
/// and ``Observability/override(_:_:)`` for one.
public struct AlarmThresholds: Sendable, Hashable {
  /// A database's average CPU over 15 minutes, in percent: 80 in production, 90 elsewhere.
  public var databaseCPUPercent: Int
  /// A database's connections, in percent of the most its engine accepts on its instance class:
  /// 80 in production, 90 elsewhere.
  public var databaseConnectionsPercent: Int
  /// A database's free storage, in percent of the storage it was created with: 5. Storage
  /// autoscaling grows a database at 10% free, so an alarm at 5% means it has not kept up (it
  /// is at its maximum, or waiting out the six hours between two growths).
  public var databaseFreeStoragePercent: Int
  /// The share of requests, in percent, that a load balancer itself answers with 5xx (no
  /// healthy target, a target that does not answer), over two 5-minute periods in a row and at
  /// least 5 such responses in each: 1 in production, 5 elsewhere.
  public var loadBalancer5xxPercent: Double
  /// The share of requests, in percent, that a load balancer's targets answer with 5xx, alike: 1
  /// in production, 5 elsewhere.
  public var target5xxPercent: Double
  /// The 99th percentile of the time targets take to answer, over 5 minutes, in seconds: 2 in
  /// production, 5 elsewhere.
  public var targetResponseSeconds: Double
  /// The share of packets a NAT gateway drops over 5 minutes, in percent: 0.01.
  public var natDroppedPacketsPercent: Double

  public init(
    databaseCPUPercent: Int, databaseConnectionsPercent: Int, databaseFreeStoragePercent: Int, loadBalancer5xxPercent: Double,
    target5xxPercent: Double, targetResponseSeconds: Double, natDroppedPacketsPercent: Double
  ) {
    self.databaseCPUPercent = databaseCPUPercent
    self.databaseConnectionsPercent = databaseConnectionsPercent
    self.databaseFreeStoragePercent = databaseFreeStoragePercent
    self.loadBalancer5xxPercent = loadBalancer5xxPercent
    self.target5xxPercent = target5xxPercent
    self.targetResponseSeconds = targetResponseSeconds
    self.natDroppedPacketsPercent = natDroppedPacketsPercent
  }

  /// The thresholds of `environment`: production pages early, the others only when something
  /// is plainly broken.
  public static func defaults(for environment: Environment) -> AlarmThresholds {
    let production = environment == .production
    return AlarmThresholds(
      databaseCPUPercent: production ? 80 : 90, databaseConnectionsPercent: production ? 80 : 90, databaseFreeStoragePercent: 5, loadBalancer5xxPercent: production ? 1 : 5,
      target5xxPercent: production ? 1 : 5, targetResponseSeconds: production ? 2 : 5, natDroppedPacketsPercent: 0.01)
  }

  /// The problems with these thresholds, each a sentence naming the threshold.
  var problems: [String] {
    var problems: [String] = []
    if !(1...100).contains(databaseCPUPercent) { problems.append("databaseCPU is \(databaseCPUPercent)%, not 1 to 100") }
    if !(1...100).contains(databaseConnectionsPercent) {
      problems.append("databaseConnections is \(databaseConnectionsPercent)%, not 1 to 100")
    }
    if !(1...99).contains(databaseFreeStoragePercent) {
      problems.append("databaseFreeStorage is \(databaseFreeStoragePercent)%, not 1 to 99")
    }
    for (name, value) in [("loadBalancer5xx", loadBalancer5xxPercent), ("target5xx", target5xxPercent)]
    where !(value > 0 && value <= 100) {
      problems.append("\(name) is \(value)%, not above 0 and at most 100")
    }
    if !(targetResponseSeconds > 0) { problems.append("targetResponseSeconds is \(targetResponseSeconds), not above 0") }
    if !(natDroppedPacketsPercent > 0 && natDroppedPacketsPercent <= 100) {
      problems.append("natDroppedPackets is \(natDroppedPacketsPercent)%, not above 0 and at most 100")
    }
    return problems
  }
}
