import InfraCore
import InfraKit
import InfraYAML

/// A controller a cluster runs whose AWS identity infra writes, named in `cluster.controllers`.
enum Controller: String {
  case externalDNS = "external-dns"
  case certManager = "cert-manager"
  case externalSecrets = "external-secrets"
}

/// The cluster a stack file describes, and the controllers it names, which get their identities
/// once the load balancers (and the zones of their domains) are read.
struct ClusterPart {
  let cluster: Cluster
  let controllers: [(controller: Controller, location: SourceLocation)]
}

extension StackSchema {
  static let controllerChoices: KeyValuePairs<String, Controller> = [
    "external-dns": .externalDNS, "cert-manager": .certManager, "external-secrets": .externalSecrets,
  ]

  /// The identities of the cluster's controllers: the AWS Load Balancer Controller whenever load
  /// balancer targets run in the cluster, registering pods into exactly those target groups; and
  /// external-dns and cert-manager where `controllers:` names them, for the zones of the load
  /// balancers' domains; External Secrets Operator where `controllers:` names it, assuming each
  /// tenant's role to copy its database's secret into its namespace. Located at the cluster's
  /// mapping, or at the controller's name.
  func addControllerIdentities(to part: ClusterPart, for loadBalancers: LoadBalancerFacts, at node: YAMLNode) {
    let cluster = part.cluster
    // A rejected cluster reports its own errors; identities on it would only add notes.
    guard !cluster.isRejected else { return }
    let location = node.location
    if !loadBalancers.targetGroupArnsInCluster.isEmpty {
      WorkloadIdentity.loadBalancerController(
        cluster: cluster, targetGroupArns: loadBalancers.targetGroupArnsInCluster, file: location.file, line: location.line,
        column: location.column)
    }
    for (controller, at) in part.controllers {
      if controller == .externalSecrets {
        WorkloadIdentity.externalSecrets(cluster: cluster, file: at.file, line: at.line, column: at.column)
        continue
      }
      // A rejected load balancer reports its own errors; its domain's zone may be the one missing
      // here, and controllers built without it would not be the ones asked for.
      guard !loadBalancers.someRejected else { continue }
      guard !loadBalancers.zoneIDs.isEmpty else {
        problems.error(
          .missingPart, "the cluster runs \(controller.rawValue), which may change records only in the zones of the load balancers' domains, but no load balancer has a domain",
          fix: "give a load balancer 'domain: {zone: example.com}', or remove \(controller.rawValue) from 'controllers'", at: at)
        continue
      }
      switch controller {
      case .externalDNS:
        WorkloadIdentity.externalDNS(cluster: cluster, zoneIDs: loadBalancers.zoneIDs, file: at.file, line: at.line, column: at.column)
      case .certManager:
        WorkloadIdentity.certManager(cluster: cluster, zoneIDs: loadBalancers.zoneIDs, file: at.file, line: at.line, column: at.column)
      case .externalSecrets: break
      }
    }
  }
}
