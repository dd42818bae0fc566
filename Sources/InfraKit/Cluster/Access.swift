/// Who may use a ``Cluster``, through EKS access entries: written inside the cluster's body.
///
/// ```swift
/// Access.admins(["arn:aws:iam::111122223333:role/platform-admins"])
/// Access.viewers(["arn:aws:iam::111122223333:role/support"])
/// Access.namespace("payments", edit: ["arn:aws:iam::111122223333:role/payments-devs"])
/// ```
public struct Access: Sendable, Hashable {
  /// What the principals may do, and where.
  public enum Scope: Sendable, Hashable {
    /// Everything, everywhere (`AmazonEKSClusterAdminPolicy`).
    case clusterAdmin
    /// Read everything, everywhere except secrets (`AmazonEKSViewPolicy`).
    case clusterViewer
    /// Change most objects in the namespaces (`AmazonEKSEditPolicy`).
    case namespaceEditor([String])
    /// Read the namespaces (`AmazonEKSViewPolicy`).
    case namespaceViewer([String])
  }

  /// IAM role or user ARNs.
  public var principals: [String]
  public var scope: Scope
  /// Where the grant was written, where problems with it are reported. Two grants are equal
  /// whatever their locations.
  public var location: SourceLocation

  public static func == (lhs: Access, rhs: Access) -> Bool {
    lhs.principals == rhs.principals && lhs.scope == rhs.scope
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(principals)
    hasher.combine(scope)
  }

  public init(
    principals: [String], scope: Scope, file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.init(principals: principals, scope: scope, at: SourceLocation(file: file, line: line, column: column))
  }

  /// A grant written at `location`: a stack file's line.
  public init(principals: [String], scope: Scope, at location: SourceLocation) {
    self.principals = principals
    self.scope = scope
    self.location = location
  }

  /// Full administrators of the cluster.
  public static func admins(
    _ principals: [String], file: String = #filePath, line: Int = #line, column: Int = #column
  ) -> Access {
    Access(principals: principals, scope: .clusterAdmin, file: file, line: line, column: column)
  }
  /// Read-only users of the whole cluster.
  public static func viewers(
    _ principals: [String], file: String = #filePath, line: Int = #line, column: Int = #column
  ) -> Access {
    Access(principals: principals, scope: .clusterViewer, file: file, line: line, column: column)
  }
  /// Users who may change objects in one namespace.
  public static func namespace(
    _ name: String, edit principals: [String], file: String = #filePath, line: Int = #line, column: Int = #column
  ) -> Access {
    Access(principals: principals, scope: .namespaceEditor([name]), file: file, line: line, column: column)
  }
  /// Users who may read one namespace.
  public static func namespace(
    _ name: String, view principals: [String], file: String = #filePath, line: Int = #line, column: Int = #column
  ) -> Access {
    Access(principals: principals, scope: .namespaceViewer([name]), file: file, line: line, column: column)
  }

  var policyName: String {
    switch scope {
    case .clusterAdmin: "AmazonEKSClusterAdminPolicy"
    case .clusterViewer, .namespaceViewer: "AmazonEKSViewPolicy"
    case .namespaceEditor: "AmazonEKSEditPolicy"
    }
  }

  /// The construct id of the access entry of the principal whose ARN gives `slug`.
  static func entryID(_ slug: String) -> String { "access-\(slug)" }

  /// The construct id of this grant's policy association, for the principal whose ARN gives `slug`.
  func associationID(_ slug: String) -> String { "access-\(slug)-\(policyID)" }

  /// The policy's short name in construct ids: `cluster-admin`, `view`, `edit`.
  private var policyID: String {
    switch scope {
    case .clusterAdmin: "cluster-admin"
    case .clusterViewer, .namespaceViewer: "view"
    case .namespaceEditor: "edit"
    }
  }

  var namespaces: [String]? {
    switch scope {
    case .clusterAdmin, .clusterViewer: nil
    case .namespaceEditor(let names), .namespaceViewer(let names): names
    }
  }
}

extension Access {
  /// The grants of `access` by principal, in the order principals first appear, with one grant
  /// per policy: namespaces of the same policy joined, and a cluster-wide grant of a policy
  /// taking the place of namespaced ones.
  static func grouped(_ access: [Access]) -> [(principal: String, grants: [Access])] {
    var order: [String] = []
    var byPrincipal: [String: [Access]] = [:]
    for grant in access {
      for principal in grant.principals {
        if byPrincipal[principal] == nil { order.append(principal) }
        var grants = byPrincipal[principal, default: []]
        if let index = grants.firstIndex(where: { $0.policyName == grant.policyName }) {
          grants[index].scope = grants[index].scope.joined(with: grant.scope)
        } else {
          grants.append(Access(principals: [principal], scope: grant.scope, at: grant.location))
        }
        byPrincipal[principal] = grants
      }
    }
    return order.map { ($0, byPrincipal[$0]!) }
  }


  /// Whether `principal` has the shape of an ARN: `arn:partition:service:region:account:resource`.
  static func isARN(_ principal: String) -> Bool {
    principal.hasPrefix("arn:") && principal.split(separator: ":", omittingEmptySubsequences: false).count >= 6
  }

  /// A construct id from a principal's ARN: its account and resource, made safe, so that roles
  /// of the same name in two accounts, or on two paths, stay apart:
  /// `arn:aws:iam::111122223333:role/platform-admins` gives `111122223333-role-platform-admins`.
  static func slug(_ arn: String) -> String {
    let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
    let meaningful = parts.count == 6 ? parts[4] + "-" + parts[5] : Substring(arn)
    var slug = ""
    for character in meaningful.lowercased() {
      if character.isASCII && (character.isLetter || character.isNumber) {
        slug.append(character)
      } else if !slug.isEmpty && slug.last != "-" {
        slug.append("-")
      }
    }
    while slug.last == "-" { slug.removeLast() }
    return slug
  }
}

extension Access.Scope {
  /// One grant of a policy covering this scope and `other`: namespaces joined, or the whole
  /// cluster when either is cluster-wide.
  func joined(with other: Access.Scope) -> Access.Scope {
    switch (self, other) {
    case (.namespaceEditor(let mine), .namespaceEditor(let theirs)):
      .namespaceEditor(mine + theirs.filter { !mine.contains($0) })
    case (.namespaceViewer(let mine), .namespaceViewer(let theirs)):
      .namespaceViewer(mine + theirs.filter { !mine.contains($0) })
    case (.clusterViewer, _), (_, .clusterViewer): .clusterViewer
    default: self
    }
  }
}

/// The body of a ``Cluster``: its node pools and its access.
@resultBuilder
public enum ClusterBuilder {
  public enum Part: Sendable {
    case pool(NodePool)
    case access(Access)
  }

  public static func buildExpression(_ pool: NodePool) -> [Part] { [.pool(pool)] }
  public static func buildExpression(_ access: Access) -> [Part] { [.access(access)] }
  public static func buildBlock(_ parts: [Part]...) -> [Part] { parts.flatMap { $0 } }
  public static func buildOptional(_ parts: [Part]?) -> [Part] { parts ?? [] }
  public static func buildEither(first parts: [Part]) -> [Part] { parts }
  public static func buildEither(second parts: [Part]) -> [Part] { parts }
  public static func buildArray(_ parts: [[Part]]) -> [Part] { parts.flatMap { $0 } }
}
