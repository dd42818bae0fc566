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

  public var principals: [String]
  public var scope: Scope

  public init(principals: [String], scope: Scope) {
    self.principals = principals
    self.scope = scope
  }

  /// Full administrators of the cluster.
  public static func admins(_ principals: [String]) -> Access { Access(principals: principals, scope: .clusterAdmin) }
  /// Read-only users of the whole cluster.
  public static func viewers(_ principals: [String]) -> Access { Access(principals: principals, scope: .clusterViewer) }
  /// Users who may change objects in one namespace.
  public static func namespace(_ name: String, edit principals: [String]) -> Access {
    Access(principals: principals, scope: .namespaceEditor([name]))
  }
  /// Users who may read one namespace.
  public static func namespace(_ name: String, view principals: [String]) -> Access {
    Access(principals: principals, scope: .namespaceViewer([name]))
  }

  var policyName: String {
    switch scope {
    case .clusterAdmin: "AmazonEKSClusterAdminPolicy"
    case .clusterViewer, .namespaceViewer: "AmazonEKSViewPolicy"
    case .namespaceEditor: "AmazonEKSEditPolicy"
    }
  }

  var namespaces: [String]? {
    switch scope {
    case .clusterAdmin, .clusterViewer: nil
    case .namespaceEditor(let names), .namespaceViewer(let names): names
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
