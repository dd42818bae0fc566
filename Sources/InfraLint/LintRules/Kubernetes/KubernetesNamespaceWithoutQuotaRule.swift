import InfraCore
import Manifests

/// A production namespace the stack's manifests create has a ResourceQuota that limits something.
public enum KubernetesNamespaceWithoutQuotaRule: NamespaceLintRule {
  public static let description = RuleDescription(
    id: "kubernetes-namespace-without-quota", title: "A production namespace has a ResourceQuota", severity: .error,
    rationale: """
      Without a ResourceQuota, one namespace's pods may request every node's CPU and memory, \
      claim volumes without end and open Services of type LoadBalancer or NodePort: a runaway \
      deployment or a mistaken replica count in one tenant starves every other tenant of the \
      cluster, and the node pools scale up to their maximum to make room. The rule reads the \
      manifests infra writes (kubernetes/ beside the Terraform): each v1 Namespace must have, in \
      any folder of the stack, a v1 ResourceQuota in it whose spec.hard limits at least one \
      resource. Outside production a namespace may go without one.
      """,
    fix: """
      give the namespace a ResourceQuota: a Tenant has one from its quota (quota: in a stack \
      file, the environment's default otherwise); a folder of your own adds a v1 ResourceQuota \
      with spec.hard in the namespace
      """)

  public static let productionOnly = true

  public static func problems(with namespace: LintedObject, in stack: LintedStack, settings: LintSettings) -> [String] {
    let quotas = stack.kubernetes.objects(ofKind: "ResourceQuota", "v1", in: namespace.name)
    if quotas.contains(where: { limits($0.object) }) { return [] }
    if let empty = quotas.first {
      return ["\(namespace.address) has a ResourceQuota, \(empty.name), that limits nothing (no spec.hard): its pods may take the cluster's capacity from every other namespace"]
    }
    return ["\(namespace.address) has no ResourceQuota: its pods may take the cluster's capacity from every other namespace"]
  }

  /// Whether `quota` sets at least one hard limit.
  private static func limits(_ quota: KubernetesObject) -> Bool {
    guard case .map(let hard)? = quota["spec"]?["hard"] else { return false }
    return !hard.isEmpty
  }

  public static let examples: [LintExample] = [
    .passing {
      KubernetesManifests("acme", folder: "tenants/acme", inStackKustomization: false) { _, folder in
        folder.add(KubernetesObject("v1", "Namespace", name: "acme"), to: "namespace.yaml")
        folder.add(
          KubernetesObject(
            "v1", "ResourceQuota", name: "tenant", namespace: "acme",
            body: ["spec": .map(["hard": .sorted(["requests.cpu": "8", "requests.memory": "16Gi", "pods": "100"])])]),
          to: "quota.yaml")
      }
    },
    .passing(environment: .development) {
      KubernetesManifests("acme", folder: "tenants/acme", inStackKustomization: false) { _, folder in
        folder.add(KubernetesObject("v1", "Namespace", name: "acme"), to: "namespace.yaml")
      }
    },
    .failing(["Namespace/acme has no ResourceQuota: its pods may take the cluster's capacity from every other namespace"]) {
      KubernetesManifests("acme", folder: "tenants/acme", inStackKustomization: false) { _, folder in
        folder.add(KubernetesObject("v1", "Namespace", name: "acme"), to: "namespace.yaml")
        // A quota in another namespace limits nothing here.
        folder.add(
          KubernetesObject(
            "v1", "ResourceQuota", name: "tenant", namespace: "default",
            body: ["spec": .map(["hard": .sorted(["requests.cpu": "8"])])]),
          to: "quota.yaml")
      }
    },
    .failing([
      "Namespace/acme has a ResourceQuota, tenant, that limits nothing (no spec.hard): its pods may take the cluster's capacity from every other namespace"
    ]) {
      KubernetesManifests("acme", folder: "tenants/acme", inStackKustomization: false) { _, folder in
        folder.add(KubernetesObject("v1", "Namespace", name: "acme"), to: "namespace.yaml")
        folder.add(KubernetesObject("v1", "ResourceQuota", name: "tenant", namespace: "acme", body: ["spec": .map([:])]), to: "quota.yaml")
      }
    },
  ]
}
