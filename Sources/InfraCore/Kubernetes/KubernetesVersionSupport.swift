/// When AWS released a Kubernetes minor version on EKS, and when its standard and extended support
/// end: one row of AWS's "Amazon EKS Kubernetes release calendar".
///
/// ``all`` is the one table infra reads these dates from: the default version of a cluster, the
/// lint rule on versions past standard support, and the documentation all come from it. It is
/// updated by hand (docs/constructs/cluster.md, "The versions table"): compare it with
/// ``source``, add or correct rows, move ``checkedOn`` to the day of the comparison, and run the
/// tests, which plan a cluster at every listed version with the pinned AWS provider.
public struct KubernetesVersionSupport: Sendable, Hashable {
  public let version: KubernetesVersion
  /// The day the version became available on EKS.
  public let released: CalendarDate
  /// The first day of extended support (and of its billing), in UTC: from this day on the version
  /// is no longer in standard support.
  public let endOfStandardSupport: CalendarDate
  /// The day EKS stops running the version and upgrades control planes still on it.
  public let endOfExtendedSupport: CalendarDate

  init(_ version: KubernetesVersion, released: String, standardUntil: String, extendedUntil: String) {
    self.version = version
    // The table below is literal; a typo in it fails every test that reads it.
    self.released = CalendarDate(released)!
    self.endOfStandardSupport = CalendarDate(standardUntil)!
    self.endOfExtendedSupport = CalendarDate(extendedUntil)!
  }

  /// Where the dates come from.
  public static let source =
    "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar"

  /// The day the table was last compared with ``source``: what "today" means to infra's lint
  /// rule on versions past standard support, so that a stack lints the same on every machine and
  /// every day until the table changes.
  public static let checkedOn = CalendarDate("2026-12-06")!

  /// Newest first. 1.27 to 1.34 as AWS's release calendar lists them; 1.35 as endoflife.date's
  /// Amazon EKS page (which follows AWS's announcements) gave it on the day of the last check,
  /// the copy of AWS's calendar read then ending at 1.34.
  public static let all: [KubernetesVersionSupport] = [
    .init("1.35", released: "2026-01-28", standardUntil: "2027-03-27", extendedUntil: "2028-03-27"),
    .init("1.34", released: "2025-10-02", standardUntil: "2026-12-02", extendedUntil: "2027-12-02"),
    .init("1.33", released: "2025-05-29", standardUntil: "2026-07-29", extendedUntil: "2027-07-29"),
    .init("1.32", released: "2025-01-23", standardUntil: "2026-03-23", extendedUntil: "2027-03-23"),
    .init("1.31", released: "2024-09-26", standardUntil: "2025-11-26", extendedUntil: "2026-11-26"),
    .init("1.30", released: "2024-05-23", standardUntil: "2025-07-23", extendedUntil: "2026-07-23"),
    .init("1.29", released: "2024-01-23", standardUntil: "2025-03-23", extendedUntil: "2026-03-23"),
    .init("1.28", released: "2023-09-26", standardUntil: "2024-11-26", extendedUntil: "2025-11-26"),
    .init("1.27", released: "2023-05-24", standardUntil: "2024-07-24", extendedUntil: "2025-07-24"),
  ]

  /// The row of `version`, if the table has one.
  public static func of(_ version: KubernetesVersion) -> KubernetesVersionSupport? {
    all.first { $0.version == version }
  }

  /// Whether `day` falls in the version's standard support.
  public func inStandardSupport(on day: CalendarDate) -> Bool { released <= day && day < endOfStandardSupport }

  /// The newest version in standard support on `day`.
  public static func newestInStandardSupport(on day: CalendarDate) -> KubernetesVersionSupport? {
    all.filter { $0.inStandardSupport(on: day) }.max { ($0.version.components?.minor ?? 0) < ($1.version.components?.minor ?? 0) }
  }

  /// How many minor versions a node's kubelet (and kube-proxy) may be older than the control
  /// plane: three from Kubernetes 1.28 on, two before (the Kubernetes version skew policy, which
  /// EKS follows). Never newer.
  public static func supportedSkew(controlPlane: KubernetesVersion) -> Int {
    guard let (major, minor) = controlPlane.components else { return 3 }
    return major == 1 && minor < 28 ? 2 : 3
  }
}

extension KubernetesVersion {
  /// The version a cluster runs unless it names one: the newest version in EKS standard support
  /// on the day the versions table was last checked, ``KubernetesVersionSupport/checkedOn`` (the
  /// table's newest should none be; ClusterVersionTests names the version it is).
  public static let `default`: KubernetesVersion =
    (KubernetesVersionSupport.newestInStandardSupport(on: KubernetesVersionSupport.checkedOn) ?? KubernetesVersionSupport.all[0]).version

  /// How many minor versions this one is behind `other` (negative when it is newer); nil when
  /// either is not a version EKS names or their major versions differ.
  public func minorVersions(behind other: KubernetesVersion) -> Int? {
    guard let mine = components, let theirs = other.components, mine.major == theirs.major else { return nil }
    return theirs.minor - mine.minor
  }
}
