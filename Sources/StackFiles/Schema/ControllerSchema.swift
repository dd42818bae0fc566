import InfraCore
import InfraKit
import InfraYAML

extension StackSchema {
  /// The identities of the controllers the stack's load balancers need: the AWS Load Balancer
  /// Controller, registering pods into the target groups whose targets run in the cluster.
  /// Located at the cluster's mapping, which they belong to.
  func addControllerIdentities(to cluster: Cluster, for loadBalancers: LoadBalancerFacts, at node: YAMLNode?) {
    // A rejected cluster reports its own errors; identities on it would only add notes.
    guard !cluster.hasProblems, let location = node?.location else { return }
    if !loadBalancers.targetGroupArnsInCluster.isEmpty {
      WorkloadIdentity.loadBalancerController(
        cluster: cluster, targetGroupArns: loadBalancers.targetGroupArnsInCluster, file: location.file, line: location.line,
        column: location.column)
    }
  }
}
