/// What RDS accepts of a database's engine version, instance class, storage and windows: the
/// values Terraform plans and `CreateDBInstance` refuses. docs/apply-time-rules.md lists them.
enum RDSRules {
  // MARK: Engine versions

  /// The PostgreSQL major versions RDS creates instances of. Source: Amazon RDS for PostgreSQL
  /// Release Notes, "RDS for PostgreSQL release calendar" (11 has reached its end of life there).
  static let postgresMajorVersions = [12, 13, 14, 15, 16, 17, 18]

  /// The major version of a Postgres version string: 16 of `16` and of `16.4`; nil for text that
  /// is not one.
  static func postgresMajor(_ version: String) -> Int? {
    let parts = version.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
    return Int(parts[0])
  }

  // MARK: Instance classes

  /// An RDS instance class family: its sizes, and the oldest PostgreSQL major version RDS runs on
  /// it.
  struct ClassFamily: Sendable {
    let name: String
    let sizes: [String]
    let oldestPostgres: Int
  }

  private static let burstable = ["micro", "small", "medium", "large", "xlarge", "2xlarge"]
  private static let standard = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"]
  private static let graviton = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"]
  private static let larger = standard + ["32xlarge", "48xlarge"]

  /// The instance class families infra knows for RDS for PostgreSQL and MySQL. Source: Amazon RDS
  /// User Guide, "DB instance classes" and "Supported DB engines for DB instance classes" (its
  /// PostgreSQL column, read at major-version level: a family listed there from some minor
  /// version of a major is allowed here from that major).
  static let classFamilies: [ClassFamily] = [
    .init(name: "t3", sizes: burstable, oldestPostgres: 12),
    .init(name: "t4g", sizes: burstable, oldestPostgres: 12),
    .init(name: "m5", sizes: standard, oldestPostgres: 12),
    .init(name: "m5d", sizes: standard, oldestPostgres: 12),
    .init(name: "m6g", sizes: graviton, oldestPostgres: 12),
    .init(name: "m6gd", sizes: graviton, oldestPostgres: 12),
    .init(name: "m6i", sizes: larger, oldestPostgres: 12),
    .init(name: "m6id", sizes: larger, oldestPostgres: 13),
    .init(name: "m7g", sizes: graviton, oldestPostgres: 13),
    .init(name: "m7i", sizes: larger, oldestPostgres: 13),
    .init(name: "m8g", sizes: graviton + ["24xlarge", "48xlarge"], oldestPostgres: 13),
    .init(name: "r5", sizes: standard, oldestPostgres: 12),
    .init(name: "r5b", sizes: standard, oldestPostgres: 12),
    .init(name: "r5d", sizes: standard, oldestPostgres: 12),
    .init(name: "r6g", sizes: graviton, oldestPostgres: 12),
    .init(name: "r6gd", sizes: graviton, oldestPostgres: 12),
    .init(name: "r6i", sizes: larger, oldestPostgres: 12),
    .init(name: "r6id", sizes: larger, oldestPostgres: 13),
    .init(name: "r7g", sizes: graviton, oldestPostgres: 13),
    .init(name: "r7i", sizes: larger, oldestPostgres: 13),
    .init(name: "r8g", sizes: graviton + ["24xlarge", "48xlarge"], oldestPostgres: 13),
    .init(name: "x2g", sizes: graviton, oldestPostgres: 12),
  ]

  /// Every class of ``classFamilies``, for suggestions.
  static var allClasses: [String] { classFamilies.flatMap { family in family.sizes.map { "db.\(family.name).\($0)" } } }

  /// What RDS would refuse of `instanceClass` for `engine`, as a message's end and a fix.
  static func classProblem(_ instanceClass: String, engine: Database.Engine) -> (problem: String, fix: String)? {
    let parts = instanceClass.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    let family = parts.count == 3 && parts[0] == "db" ? classFamilies.first { $0.name == parts[1] } : nil
    guard let family, family.sizes.contains(parts[2]) else {
      let suggestion = Suggestion.closest(to: instanceClass, among: allClasses).map { "; did you mean \($0)?" } ?? ""
      return ("is not an RDS instance class infra knows\(suggestion)",
        "use a class such as db.t4g.medium, db.m7g.large or db.r6g.xlarge (docs/apply-time-rules.md lists the families)")
    }
    if case .postgres(let version) = engine, let major = postgresMajor(version), major < family.oldestPostgres {
      return ("runs PostgreSQL \(major) on db.\(family.name), which RDS offers from PostgreSQL \(family.oldestPostgres)",
        "use PostgreSQL \(family.oldestPostgres) or later, or an older family such as db.\(major < 13 ? "m6g" : "m6i")")
    }
    return nil
  }

  // MARK: Storage

  /// The gp3 storage of an RDS for PostgreSQL or MySQL instance, in GiB. Source: Amazon RDS User
  /// Guide, "Amazon RDS DB instance storage" (General Purpose SSD storage: 20 GiB to 64 TiB).
  static let gp3StorageGiB = 20...65_536

  // MARK: Windows

  /// A time of day or of the week, in minutes from midnight (of Monday, for a weekly one).
  static let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
  static let minutesPerDay = 24 * 60
  static let minutesPerWeek = 7 * minutesPerDay
  /// Source: Amazon RDS API Reference, CreateDBInstance `PreferredBackupWindow` and
  /// `PreferredMaintenanceWindow`: at least 30 minutes each, in UTC, not overlapping.
  static let shortestWindowMinutes = 30

  /// `hh24:mi` as minutes from midnight.
  private static func time(_ text: Substring) -> Int? {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isNumber) }),
      let hours = Int(parts[0]), let minutes = Int(parts[1]), hours < 24, minutes < 60
    else { return nil }
    return hours * 60 + minutes
  }

  /// A daily backup window `hh24:mi-hh24:mi`: its start and length in minutes.
  static func backupWindow(_ text: String) -> (start: Int, length: Int)? {
    let ends = text.split(separator: "-", omittingEmptySubsequences: false)
    guard ends.count == 2, let start = time(ends[0]), let end = time(ends[1]) else { return nil }
    return (start, (end - start + minutesPerDay) % minutesPerDay)
  }

  /// A weekly maintenance window `ddd:hh24:mi-ddd:hh24:mi`: its start in the week and length, in
  /// minutes.
  static func maintenanceWindow(_ text: String) -> (start: Int, length: Int)? {
    let ends = text.split(separator: "-", omittingEmptySubsequences: false)
    guard ends.count == 2 else { return nil }
    func moment(_ text: Substring) -> Int? {
      guard text.count == 9, let day = days.firstIndex(of: text.prefix(3).lowercased()), text.dropFirst(3).first == ":",
        let minutes = time(text.dropFirst(4))
      else { return nil }
      return day * minutesPerDay + minutes
    }
    guard let start = moment(ends[0]), let end = moment(ends[1]) else { return nil }
    return (start, (end - start + minutesPerWeek) % minutesPerWeek)
  }

  /// Whether a daily window and a weekly one share a minute.
  static func overlap(daily: (start: Int, length: Int), weekly: (start: Int, length: Int)) -> Bool {
    (0..<7).contains { day in
      let start = day * minutesPerDay + daily.start
      // Two spans of a circle of a week meet when either starts inside the other.
      let inWeekly = (start - weekly.start + minutesPerWeek) % minutesPerWeek < weekly.length
      let inDaily = (weekly.start - start + minutesPerWeek) % minutesPerWeek < daily.length
      return inWeekly || inDaily
    }
  }

  /// What RDS would refuse of a backup window and a maintenance window, as problems with a fix.
  static func windowProblems(backup: String, maintenance: String) -> [(problem: String, fix: String, setting: Database.Setting)] {
    var problems: [(String, String, Database.Setting)] = []
    let daily = backupWindow(backup)
    let weekly = maintenanceWindow(maintenance)
    if daily == nil {
      problems.append(("has the backup window '\(backup)', which is not hh24:mi-hh24:mi in UTC", "write it as 02:00-03:00", .backupWindow))
    }
    if weekly == nil {
      problems.append(
        ("has the maintenance window '\(maintenance)', which is not ddd:hh24:mi-ddd:hh24:mi in UTC", "write it as sun:03:30-sun:04:30", .maintenanceWindow))
    }
    if let daily, daily.length < shortestWindowMinutes {
      problems.append(("has the backup window '\(backup)', \(daily.length) minutes long; RDS needs at least 30", "make it 30 minutes or longer", .backupWindow))
    }
    if let weekly, weekly.length < shortestWindowMinutes {
      problems.append(
        ("has the maintenance window '\(maintenance)', \(weekly.length) minutes long; RDS needs at least 30", "make it 30 minutes or longer", .maintenanceWindow))
    }
    if let daily, let weekly, daily.length >= shortestWindowMinutes, weekly.length >= shortestWindowMinutes,
      overlap(daily: daily, weekly: weekly)
    {
      problems.append(
        ("has the backup window '\(backup)' overlapping its maintenance window '\(maintenance)'",
          "move one of them; the defaults are 02:00-03:00 and sun:03:30-sun:04:30", .backupWindow))
    }
    return problems
  }
}

extension PlatformConstruct {
  /// Reports backup and maintenance windows RDS refuses, with the id `database-window`, where
  /// each was written (`locations`), else at the construct's line.
  func checkWindows(backup: String, maintenance: String, subject: String, at locations: [Database.Setting: SourceLocation] = [:]) {
    for (problem, fix, setting) in RDSRules.windowProblems(backup: backup, maintenance: maintenance) {
      report("database-window", "\(subject) \(problem)", fix: fix, at: locations[setting])
    }
  }

  /// Reports the names an RDS database or Aurora cluster would give AWS that it refuses: its
  /// identifiers (`identifiers`), its security group's and its key alias's.
  func checkDatabaseNames(identifiers: [String]) {
    checkNames(
      identifiers.map { (AWSNameRule.rdsIdentifier, $0) } + [
        (.securityGroupPrefix, "\(baseName)-"), (.kmsAlias, "alias/rds/\(baseName)"),
      ])
  }
}
