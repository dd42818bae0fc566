extension Cluster {
  /// What adds nodes when pods are pending and removes them when they are idle: one choice per
  /// cluster, ``karpenter(namespace:serviceAccount:controllerInstanceTypes:file:line:column:)``
  /// or ``clusterAutoscaler(namespace:serviceAccount:file:line:column:)``. infra writes the AWS
  /// side (the controller's identity and what it works on); the controller itself is installed
  /// in the cluster with its Helm chart, under the service account named here.
  ///
  /// ```swift
  /// Cluster("main", version: "1.31", network: network, autoscaling: .karpenter()) { … }
  /// ```
  public struct Autoscaling: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
      case karpenter
      case clusterAutoscaler = "cluster-autoscaler"
    }

    public let kind: Kind
    /// The namespace and service account the controller's pods run as, which get its identity.
    public let namespace: String
    public let serviceAccount: String
    /// Karpenter only: the instance types of the pool created for the controller when the
    /// cluster has no pool of its own.
    public let controllerInstanceTypes: [String]
    /// Where the choice was written, where its problems are reported.
    public let location: SourceLocation

    /// Karpenter: the controller launches EC2 instances for pending pods itself, through the
    /// node role and instance profile written for it, and drains them ahead of spot
    /// interruptions and scheduled maintenance, which reach it through an SQS queue.
    ///
    /// - Parameters:
    ///   - namespace: where the Karpenter chart is installed; `kube-system`, as Karpenter's
    ///     getting-started guide installs it.
    ///   - serviceAccount: the chart's service account, `karpenter` by default.
    ///   - controllerInstanceTypes: the instance types of the two-node pool `karpenter` created
    ///     for the controller when the cluster has no pool (the controller must not run on the
    ///     nodes it manages).
    public static func karpenter(
      namespace: String = "kube-system", serviceAccount: String = "karpenter", controllerInstanceTypes: [String] = ["m6i.large"],
      file: String = #filePath, line: Int = #line, column: Int = #column
    ) -> Autoscaling {
      Autoscaling(
        kind: .karpenter, namespace: namespace, serviceAccount: serviceAccount, controllerInstanceTypes: controllerInstanceTypes,
        location: SourceLocation(file: file, line: line, column: column))
    }

    /// The Kubernetes Cluster Autoscaler: it resizes the node pools' Auto Scaling groups, which
    /// it finds by their tags, within each pool's size.
    ///
    /// - Parameters:
    ///   - namespace: where the autoscaler runs, `kube-system`.
    ///   - serviceAccount: its service account, `cluster-autoscaler` (set the chart's
    ///     `rbac.serviceAccount.name` to it).
    public static func clusterAutoscaler(
      namespace: String = "kube-system", serviceAccount: String = "cluster-autoscaler",
      file: String = #filePath, line: Int = #line, column: Int = #column
    ) -> Autoscaling {
      Autoscaling(
        kind: .clusterAutoscaler, namespace: namespace, serviceAccount: serviceAccount, controllerInstanceTypes: [],
        location: SourceLocation(file: file, line: line, column: column))
    }

    /// The pool the Karpenter controller runs on in a cluster without pools.
    static let controllerPoolName = "karpenter"
    static let controllerPoolSize = 2

    /// What is wrong with the choice in cluster `cluster`, in the words of an error message.
    func problems(in cluster: String, hasPodIdentityAgent: Bool, hasPools: Bool) -> [SettingProblem] {
      var problems: [SettingProblem] = []
      let subject = "cluster '\(cluster)': \(kind.rawValue)"
      if !WorkloadIdentity.isLabel(namespace) {
        problems.append(
          SettingProblem("invalid-namespace", "\(subject) runs in '\(namespace)', which is not a Kubernetes namespace name", WorkloadIdentity.namespaceFix))
      }
      if !WorkloadIdentity.isSubdomain(serviceAccount) {
        problems.append(
          SettingProblem(
            "invalid-service-account", "\(subject) runs as '\(serviceAccount)', which is not a Kubernetes service account name",
            "use at most 253 lowercase letters, digits, hyphens and dots, starting and ending with a letter or digit"))
      }
      if !hasPodIdentityAgent {
        problems.append(
          SettingProblem(
            "autoscaler-identity-without-agent", "\(subject) gets its AWS identity through EKS Pod Identity, but the cluster has no eks-pod-identity-agent addon",
            "add " + location.spelled(swift: "Cluster.Addon(\"eks-pod-identity-agent\")", yaml: "'eks-pod-identity-agent: ~'") + " to the addons"))
      }
      switch kind {
      case .karpenter where !hasPools && controllerInstanceTypes.isEmpty:
        problems.append(
          SettingProblem(
            "node-pool-instance-types", "\(subject) needs a pool to run on, and the cluster has none, but no controller instance types are given",
            "name the instance types of the controller's pool, e.g. controllerInstanceTypes: [\"m6i.large\"]"))
      case .clusterAutoscaler where !hasPools:
        problems.append(
          SettingProblem(
            "autoscaler-without-node-pools", "\(subject) resizes node pools, and the cluster has none",
            "add a node pool, or choose Karpenter, which launches nodes without pools"))
      default: break
      }
      return problems
    }
  }
}
