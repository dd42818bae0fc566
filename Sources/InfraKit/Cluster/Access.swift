/// Who may use a ``Cluster``, through EKS access entries: written inside the cluster's body.
///
/// ```swift
/// Access.admins(["arn:aws:iam::111122223333:role/platform-admins"])
/// Access.viewers(["arn:aws:iam::111122223333:role/support"])
/// Access.namespace("payments", edit: ["arn:aws:iam::111122223333:role/payments-devs"])
/// Access.policy("AmazonEKSAdminPolicy", namespaces: ["payments"], to: ["arn:aws:iam::111122223333:role/payments-leads"])
/// Access.kubernetesGroups(["deployers"], to: ["arn:aws:iam::111122223333:role/ci"])
/// Access.namespace("acme", group: "acme-deployers", clusterRole: "edit", to: ["arn:aws:iam::111122223333:role/acme-ci"])
/// ```
///
/// Each principal gets one access entry, holding its Kubernetes groups, and one policy
/// association per EKS access policy, holding every namespace it was granted that policy in.
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
    /// Any EKS access policy, by name (`AmazonEKSAdminPolicy`), on the whole cluster when
    /// `namespaces` is nil, else on those namespaces.
    case policy(String, namespaces: [String]?)
    /// Membership of Kubernetes groups, which the cluster's own RoleBindings and
    /// ClusterRoleBindings name as `kind: Group` subjects; no EKS access policy.
    case kubernetesGroups([String])
    /// Membership of a Kubernetes group that a RoleBinding in `namespace` binds to the
    /// ClusterRole `clusterRole` (`edit`, `view`, `admin` or one of the cluster's own). The
    /// namespace is a ``Tenant``'s, whose manifests hold the RoleBinding; no EKS access policy.
    case namespaceGroup(String, clusterRole: String, namespace: String)
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
  /// Any EKS access policy, by its name or ARN, on the whole cluster (`namespaces: nil`, the
  /// default) or on some namespaces.
  public static func policy(
    _ policy: String, namespaces: [String]? = nil, to principals: [String], file: String = #filePath, line: Int = #line,
    column: Int = #column
  ) -> Access {
    Access(principals: principals, scope: .policy(policy, namespaces: namespaces), file: file, line: line, column: column)
  }
  /// Members of the Kubernetes group `group`, which the tenant `name`'s manifests bind to
  /// `clusterRole` in its namespace (a RoleBinding named after the group): RBAC rather than an
  /// EKS access policy, for a role of the cluster's own or for people who share a group.
  public static func namespace(
    _ name: String, group: String, clusterRole: String, to principals: [String], file: String = #filePath, line: Int = #line,
    column: Int = #column
  ) -> Access {
    Access(
      principals: principals, scope: .namespaceGroup(group, clusterRole: clusterRole, namespace: name), file: file, line: line,
      column: column)
  }
  /// Members of Kubernetes groups, for permissions the cluster's own RBAC bindings give.
  public static func kubernetesGroups(
    _ groups: [String], to principals: [String], file: String = #filePath, line: Int = #line, column: Int = #column
  ) -> Access {
    Access(principals: principals, scope: .kubernetesGroups(groups), file: file, line: line, column: column)
  }

  /// The prefix of every EKS access policy's ARN.
  static let policyARNPrefix = "arn:aws:eks::aws:cluster-access-policy/"

  /// The EKS access policy the grant associates, by name; nil for Kubernetes groups.
  var policyName: String? {
    switch scope {
    case .clusterAdmin: "AmazonEKSClusterAdminPolicy"
    case .clusterViewer, .namespaceViewer: "AmazonEKSViewPolicy"
    case .namespaceEditor: "AmazonEKSEditPolicy"
    case .policy(let name, _): name.hasPrefix(Self.policyARNPrefix) ? String(name.dropFirst(Self.policyARNPrefix.count)) : name
    case .kubernetesGroups, .namespaceGroup: nil
    }
  }

  /// The namespaces the policy is granted in; nil for the whole cluster.
  var namespaces: [String]? {
    switch scope {
    case .clusterAdmin, .clusterViewer, .kubernetesGroups, .namespaceGroup: nil
    case .namespaceEditor(let names), .namespaceViewer(let names): names
    case .policy(_, let names): names
    }
  }

  /// The Kubernetes groups the grant makes its principals members of.
  var kubernetesGroups: [String] {
    switch scope {
    case .kubernetesGroups(let groups): groups
    case .namespaceGroup(let group, _, _): [group]
    default: []
    }
  }

  /// The group, ClusterRole and namespace of a grant that binds a group in a namespace.
  var namespaceBinding: (group: String, clusterRole: String, namespace: String)? {
    if case .namespaceGroup(let group, let role, let namespace) = scope { (group, role, namespace) } else { nil }
  }

  /// The construct id of the access entry of the principal whose ARN gives `slug`.
  static func entryID(_ slug: String) -> String { "access-\(slug)" }

  /// The construct id of the association of `policy` for the principal whose ARN gives `slug`.
  static func associationID(_ slug: String, policy: String) -> String { "access-\(slug)-\(policyID(policy))" }

  /// A policy's short name in construct ids: `AmazonEKSClusterAdminPolicy` gives
  /// `cluster-admin`, `AmazonEKSViewPolicy` `view`, `AmazonEMRJobPolicy` `emr-job`.
  static func policyID(_ policy: String) -> String {
    var name = Substring(policy)
    for prefix in ["AmazonEKS", "Amazon"] where name.hasPrefix(prefix) && name.count > prefix.count {
      name = name.dropFirst(prefix.count)
      break
    }
    if name.hasSuffix("Policy"), name.count > 6 { name = name.dropLast(6) }
    let characters = Array(name)
    var id = ""
    for (index, character) in characters.enumerated() {
      // A word starts at a capital after a small letter or digit (`ClusterAdmin`), or at the last
      // capital of an acronym followed by a small letter (`EMRJob`).
      if character.isUppercase, index > 0 {
        let previous = characters[index - 1]
        let next = index + 1 < characters.count ? characters[index + 1] : nil
        if previous.isLowercase || previous.isNumber || (previous.isUppercase && next?.isLowercase == true) { id.append("-") }
      }
      id.append(character.isASCII && (character.isLetter || character.isNumber) ? Character(character.lowercased()) : "-")
    }
    return id
  }

  /// Whether `name` can name an EKS access policy: letters and digits, as AWS names them.
  static func isPolicyName(_ name: String) -> Bool {
    !name.isEmpty && name.count <= 128 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
  }
}

extension Access {
  /// What is wrong with the grant, in the words of an error message about cluster `cluster`.
  func problems(in cluster: String) -> [SettingProblem] {
    var problems: [SettingProblem] = []
    if let policy = policyName, !Self.isPolicyName(policy) {
      problems.append(
        SettingProblem(
          "invalid-access-policy", "cluster '\(cluster)': '\(policy)' is not the name of an EKS access policy",
          "write a policy's name as `aws eks list-access-policies` lists it, e.g. AmazonEKSAdminPolicy"))
    }
    if namespaces?.isEmpty == true {
      problems.append(
        SettingProblem(
          "invalid-access-policy", "cluster '\(cluster)': \(policyName ?? "a policy") is granted in no namespace",
          "name the namespaces, or leave namespaces out to grant it on the whole cluster"))
    }
    if let binding = namespaceBinding {
      problems += Self.bindingProblems(binding, in: cluster)
    }
    if case .kubernetesGroups(let groups) = scope {
      if groups.isEmpty {
        problems.append(
          SettingProblem(
            "invalid-kubernetes-group", "cluster '\(cluster)': a grant of Kubernetes groups names no group",
            "name the groups your RoleBindings and ClusterRoleBindings bind, e.g. deployers"))
      }
      for group in groups where group.isEmpty || group.hasPrefix("system:") {
        problems.append(
          SettingProblem(
            "invalid-kubernetes-group",
            group.isEmpty
              ? "cluster '\(cluster)': a Kubernetes group with an empty name"
              : "cluster '\(cluster)': '\(group)' is one of Kubernetes' own groups (system:), which no access entry may give",
            group.isEmpty
              ? "name the group your RoleBindings bind"
              : "grant cluster administration through admins, or name a group of your own that your RBAC bindings bind"))
      }
    }
    return problems
  }

  /// What is wrong with binding `group` to `clusterRole` in `namespace`: a group Kubernetes or
  /// EKS keeps, a group that cannot name the RoleBinding, or a ClusterRole that would let the
  /// group change the namespace's quota.
  private static func bindingProblems(
    _ binding: (group: String, clusterRole: String, namespace: String), in cluster: String
  ) -> [SettingProblem] {
    var problems: [SettingProblem] = []
    let (group, role, namespace) = binding
    if group.hasPrefix("system:") {
      problems.append(
        SettingProblem(
          "invalid-kubernetes-group",
          "cluster '\(cluster)': '\(group)' is one of Kubernetes' own groups (system:), which no access entry may give",
          "name a group of the namespace's own, e.g. \(namespace)-deployers"))
    } else if !WorkloadIdentity.isSubdomain(group) {
      problems.append(
        SettingProblem(
          "invalid-kubernetes-group",
          "cluster '\(cluster)': the group '\(group)' bound in namespace '\(namespace)' cannot name its RoleBinding",
          "use at most 253 lowercase letters, digits, hyphens and dots, starting and ending with a letter or digit"))
    }
    if role == "cluster-admin" || role.hasPrefix("system:") {
      problems.append(
        SettingProblem(
          "invalid-cluster-role",
          "cluster '\(cluster)': binding '\(role)' in namespace '\(namespace)' would let group '\(group)' change the namespace's quota and limits",
          "bind edit, view or admin, or a ClusterRole of your own"))
    } else if role.isEmpty || role == "." || role == ".." || role.contains("/") || role.contains("%") {
      problems.append(
        SettingProblem(
          "invalid-cluster-role", "cluster '\(cluster)': '\(role)' cannot name a ClusterRole",
          "name the ClusterRole as kubectl get clusterroles lists it, e.g. edit"))
    }
    return problems
  }

  /// What one principal is granted: its Kubernetes groups, and one grant per EKS access policy
  /// (namespaces of the same policy joined, a cluster-wide grant taking the place of
  /// namespaced ones).
  struct PrincipalGrants {
    var principal: String
    var kubernetesGroups: [String] = []
    /// Each policy's grant, as `.policy(name, namespaces:)`.
    var policies: [Access] = []
    /// Where the principal was first granted anything, where its entry is reported.
    var location: SourceLocation
  }

  /// The grants of `access` by principal, in the order principals first appear.
  static func grouped(_ access: [Access]) -> [PrincipalGrants] {
    var order: [String] = []
    var byPrincipal: [String: PrincipalGrants] = [:]
    for grant in access {
      for principal in grant.principals {
        if byPrincipal[principal] == nil { order.append(principal) }
        var grants = byPrincipal[principal] ?? PrincipalGrants(principal: principal, location: grant.location)
        grants.kubernetesGroups += grant.kubernetesGroups.filter { !grants.kubernetesGroups.contains($0) }
        if let policy = grant.policyName {
          if let index = grants.policies.firstIndex(where: { $0.policyName == policy }) {
            let joined = Self.joined(grants.policies[index].namespaces, grant.namespaces)
            grants.policies[index].scope = .policy(policy, namespaces: joined)
          } else {
            grants.policies.append(Access(principals: [principal], scope: .policy(policy, namespaces: grant.namespaces), at: grant.location))
          }
        }
        byPrincipal[principal] = grants
      }
    }
    return order.map { byPrincipal[$0]! }
  }

  /// Two grants' namespaces as one: joined, or the whole cluster (nil) when either is.
  private static func joined(_ mine: [String]?, _ theirs: [String]?) -> [String]? {
    guard let mine, let theirs else { return nil }
    return mine + theirs.filter { !mine.contains($0) }
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
