/// How long CloudWatch Logs keeps a log group's events. Only the periods CloudWatch Logs offers
/// can be written, so a retention AWS would refuse at apply time cannot reach a plan.
///
/// ```swift
/// Network("core", cidr: "10.0.0.0/16", zones: zones, flowLogRetention: .threeMonths)
/// LogRetention(days: 30)   // .oneMonth; nil for a number of days CloudWatch Logs does not offer
/// ```
public enum LogRetention: Int, Sendable, Hashable, CaseIterable, Comparable {
  case oneDay = 1
  case threeDays = 3
  case fiveDays = 5
  case oneWeek = 7
  case twoWeeks = 14
  case oneMonth = 30
  case twoMonths = 60
  case threeMonths = 90
  case fourMonths = 120
  case fiveMonths = 150
  case sixMonths = 180
  case oneYear = 365
  case thirteenMonths = 400
  case eighteenMonths = 545
  case twoYears = 731
  case threeYears = 1096
  case fiveYears = 1827
  case sixYears = 2192
  case sevenYears = 2557
  case eightYears = 2922
  case nineYears = 3288
  case tenYears = 3653

  /// The retention of `days`, when CloudWatch Logs offers it.
  public init?(days: Int) { self.init(rawValue: days) }

  /// The number of days, as `retention_in_days` takes it.
  public var days: Int { rawValue }

  /// The numbers of days CloudWatch Logs offers, for messages: `1, 3, 5, 7, 14, …, 3653`.
  public static var offeredDays: String { allCases.map { String($0.days) }.joined(separator: ", ") }

  public static func < (lhs: LogRetention, rhs: LogRetention) -> Bool { lhs.rawValue < rhs.rawValue }
}
