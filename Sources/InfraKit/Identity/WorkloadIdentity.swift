/// The AWS identity of the pods of one service account: an IAM role that only EKS Pod Identity
/// may assume, holding exactly the permissions given, and the association that hands it to
/// `namespace/serviceAccount` in one cluster. Pods of that service account get the role's
/// credentials from the pod identity agent; no other pod, and no node, does.
///
/// ```swift
/// let identity = WorkloadIdentity(
///   "billing", cluster: cluster, namespace: "billing", serviceAccount: "api",
///   permissions: [.allow(["secretsmanager:GetSecretValue"], on: [database.masterUserSecretArn])])
/// Output("billing_role_arn", value: identity.roleArn)
/// ```
public final class WorkloadIdentity: PlatformConstruct {
  public let namespace: String
  public let serviceAccount: String
  /// The role; nil when the identity's settings, or its cluster's, were rejected.
  public private(set) var role: AwsIamRole?
  /// The pod identity association; nil when the identity was not built.
  public private(set) var association: AwsEksPodIdentityAssociation?

  /// The role's ARN.
  public var roleArn: Value<String> { output(role, "arn", type: "aws_iam_role", id: "role") }
  /// The role's name, for policies of your own attached to it.
  public var roleName: Value<String> { output(role, "name", type: "aws_iam_role", id: "role") }

  /// - Parameters:
  ///   - cluster: the cluster whose pods get the identity; it needs the eks-pod-identity-agent
  ///     addon.
  ///   - namespace: the Kubernetes namespace of the service account.
  ///   - serviceAccount: the service account the pods run as. One identity per service account
  ///     and cluster: EKS holds one association for each.
  ///   - policies: ARNs of managed policies to attach, e.g. AWS's own for a controller.
  ///   - permissions: what the pods may do beyond the managed policies, as an inline policy.
  @discardableResult
  public init(
    _ id: String, renamedFrom: String? = nil, cluster: Cluster, namespace: String, serviceAccount: String,
    policies: [String] = [], permissions: [Permission] = [], in scope: Construct? = nil,
    file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.namespace = namespace
    self.serviceAccount = serviceAccount
    super.init(id, renamedFrom: renamedFrom, provider: cluster.providerConfiguration, in: scope, file: file, line: line, column: column)
    check(cluster: cluster, policies: policies, permissions: permissions)
    checkNames([(.iamRolePrefix, Self.rolePrefix(baseName))])
    guard !hasProblems, let eks = cluster.eks else { return }
    within { build(cluster: cluster, eks: eks, policies: policies, permissions: permissions) }
  }

  private var subject: String { "workload identity '\(node.path.joined(separator: "/"))'" }

  /// `<stack>-<id>`, or within another construct (a ``Tenant``'s identity), that construct's
  /// name and the id: `prod-acme-workload`.
  public override var baseName: String {
    guard let owner = node.scope as? PlatformConstruct else { return super.baseName }
    return "\(owner.baseName)-\(namingID)"
  }

  private func check(cluster: Cluster, policies: [String], permissions: [Permission]) {
    if !Self.isLabel(namespace) {
      report(
        "invalid-namespace", "\(subject): '\(namespace)' is not a Kubernetes namespace name", fix: Self.namespaceFix)
    }
    if !Self.isSubdomain(serviceAccount) {
      report(
        "invalid-service-account", "\(subject): '\(serviceAccount)' is not a Kubernetes service account name",
        fix: "use at most 253 lowercase letters, digits, hyphens and dots, starting and ending with a letter or digit")
    }
    if !cluster.addons.contains(where: { $0.name == "eks-pod-identity-agent" }) {
      report(
        "workload-identity-without-agent", "\(subject) is handed out by EKS Pod Identity, but cluster '\(cluster.node.id)' has no eks-pod-identity-agent addon",
        fix: "add " + node.origin.spelled(swift: "Cluster.Addon(\"eks-pod-identity-agent\")", yaml: "'eks-pod-identity-agent: ~'")
          + " to the cluster's addons")
    }
    if policies.isEmpty && permissions.isEmpty {
      report(
        "workload-identity-without-permissions", "\(subject) allows nothing",
        fix: "give it the managed policies or the permissions its pods need")
    }
    for policy in policies where !(policy.hasPrefix("arn:") && policy.contains(":policy/")) {
      report("invalid-permission", "\(subject): '\(policy)' is not the ARN of an IAM policy", fix: "write it as arn:aws:iam::aws:policy/NAME")
    }
    for problem in permissions.flatMap({ $0.problems(of: subject) }) { report(problem) }
    if let other = cluster.claimServiceAccount(namespace: namespace, serviceAccount, for: subject, at: node.location) {
      report(
        "duplicate-workload-identity", "\(subject): service account '\(namespace)/\(serviceAccount)' of cluster '\(cluster.node.id)' already has an identity (\(other))",
        fix: "give each identity its own service account, or merge their permissions into one")
    }
  }

  private func build(cluster: Cluster, eks: AwsEksCluster, policies: [String], permissions: [Permission]) {
    let role = placed(
      AwsIamRole(
        "role", assumeRolePolicy: Self.podIdentityTrust,
        description: Value("Pods of \(namespace)/\(serviceAccount) in EKS cluster \(cluster.baseName)"),
        namePrefix: Value(Self.rolePrefix(baseName)), tags: tags("role")))
    self.role = role
    var grants: [any Referenceable] = []
    for policy in policies {
      grants.append(
        placed(AwsIamRolePolicyAttachment("policy-\(Self.policyName(policy))", policyArn: Value(policy), role: role.name)))
    }
    if !permissions.isEmpty {
      grants.append(placed(AwsIamRolePolicy("permissions", policy: Permission.document(permissions), role: role.id, name: "permissions")))
    }
    let association = placed(
      AwsEksPodIdentityAssociation(
        "association", clusterName: eks.name, namespace: Value(namespace), roleArn: role.arn,
        serviceAccount: Value(serviceAccount), tags: tags("association")))
    // Pods get credentials once the role holds what they may do, never a role without it.
    association.dependsOn = grants
    self.association = association
  }

  /// The trust of a role that EKS Pod Identity hands to pods, with their session tags
  /// (namespace, service account, cluster) for conditions in the role's policies. Built for each
  /// role rather than kept in a global, which would outlive every stack.
  static var podIdentityTrust: Value<String> {
    .jsonEncoded([
      "Version": "2012-10-17",
      "Statement": [
        ["Effect": "Allow", "Principal": ["Service": "pods.eks.amazonaws.com"], "Action": ["sts:AssumeRole", "sts:TagSession"]]
      ],
    ])
  }

  /// Lets the role `principal` assume this identity's role too, as well as EKS Pod Identity,
  /// and tags the role with `tag`, which the principal's own policy asks of the roles it assumes:
  /// how External Secrets Operator's controller reads a tenant's secret as the tenant.
  func trust(_ principal: Value<String>, tagged tag: [String: String]) {
    guard let role else { return }
    role.body["assume_role_policy"] = Value<String>.jsonEncoded([
      "Version": "2012-10-17",
      "Statement": [
        ["Effect": "Allow", "Principal": ["Service": "pods.eks.amazonaws.com"], "Action": ["sts:AssumeRole", "sts:TagSession"]],
        // The principal's session is itself one Pod Identity tagged, and the tags carry over.
        ["Effect": "Allow", "Principal": .object(["AWS": principal.expression]), "Action": ["sts:AssumeRole", "sts:TagSession"]],
      ],
    ]).expression
    role.body["tags"] = tags("role", tag).expression
  }

  /// A role name prefix from the construct's name: IAM allows 38 characters before its suffix.
  static func rolePrefix(_ name: String) -> String {
    var stem = String(name.prefix(37))
    while stem.hasSuffix("-") { stem.removeLast() }
    return stem + "-"
  }

  /// The last part of a policy ARN, which names its attachment: `AmazonS3ReadOnlyAccess`.
  static func policyName(_ arn: String) -> String {
    String(arn.split(separator: "/").last ?? Substring(arn))
  }

  /// How to name a namespace Kubernetes accepts.
  static let namespaceFix = "use at most 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit"

  /// A DNS label, as namespaces are named: at most 63 lowercase letters, digits and hyphens,
  /// starting and ending with a letter or digit.
  static func isLabel(_ name: String) -> Bool {
    // Read as bytes: every tenant's names are checked, and Character properties are Unicode
    // look-ups. A name of these ASCII bytes has as many characters as bytes.
    let bytes = name.utf8
    guard (1...63).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else { return false }
    return bytes.allSatisfy { byte in
      (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
    }
  }

  /// A DNS subdomain, as service accounts are named: dot-separated labels, at most 253 characters.
  static func isSubdomain(_ name: String) -> Bool {
    name.count <= 253 && name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isLabel(String($0)) }
  }
}
