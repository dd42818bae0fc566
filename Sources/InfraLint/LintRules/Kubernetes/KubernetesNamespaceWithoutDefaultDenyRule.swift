import InfraCore
import Manifests

/// A namespace the stack's manifests create denies ingress and egress by default: a
/// NetworkPolicy selects every pod in it, for each direction, with no rule that allows anything.
public enum KubernetesNamespaceWithoutDefaultDenyRule: NamespaceLintRule {
  public static let description = RuleDescription(
    id: "kubernetes-namespace-without-default-deny", title: "Every namespace denies traffic by default",
    severity: .error,
    rationale: """
      Kubernetes lets every pod reach every other pod, in every namespace, and any address \
      beyond, until a NetworkPolicy selects it. A default-deny policy (podSelector: {}, \
      policyTypes Ingress and Egress, no ingress or egress rules) isolates every pod of the \
      namespace, so the namespace's other policies are exactly what it allows; without one, a \
      pod no allow policy selects is open to the whole cluster, and removing or narrowing an \
      allow policy opens pods instead of closing them. The rule reads the manifests infra writes: \
      for each v1 Namespace, a networking.k8s.io/v1 NetworkPolicy in it, from any folder of the \
      stack, that selects every pod and allows nothing, for ingress and for egress (one policy \
      with both types, or one per direction). It is an error, in every environment, because it \
      is what keeps one tenant's pods from another's; a namespace whose isolation is enforced \
      elsewhere (a cluster-wide policy of another engine) says so with a suppression and its \
      reason.
      """,
    fix: """
      add a networking.k8s.io/v1 NetworkPolicy to the namespace with podSelector: {}, \
      policyTypes [Ingress, Egress] and no rules, then allow what its pods need in policies of \
      their own (a Tenant writes default-deny and its allow policies itself)
      """)

  public static func problems(with namespace: LintedObject, in stack: LintedStack, settings: LintSettings) -> [String] {
    let policies = stack.kubernetes.objects(ofKind: "NetworkPolicy", "networking.k8s.io/v1", in: namespace.name)
    let ingress = policies.contains { denies("Ingress", $0.object) }
    let egress = policies.contains { denies("Egress", $0.object) }
    switch (ingress, egress) {
    case (true, true):
      return []
    case (false, false):
      return [
        "\(namespace.address) has no default-deny NetworkPolicy: a pod no policy selects accepts traffic from every pod of the cluster and reaches any address"
      ]
    case (true, false):
      return ["\(namespace.address) denies ingress by default but not egress: a pod no policy selects reaches any address"]
    case (false, true):
      return ["\(namespace.address) denies egress by default but not ingress: a pod no policy selects accepts traffic from every pod of the cluster"]
    }
  }

  /// Whether `policy` selects every pod of its namespace and, in `direction` (`Ingress`,
  /// `Egress`), allows nothing. Without `policyTypes`, a policy is of type Ingress, and of type
  /// Egress when it has egress rules (as Kubernetes reads it).
  static func denies(_ direction: String, _ policy: KubernetesObject) -> Bool {
    guard let spec = policy["spec"], selectsEveryPod(spec["podSelector"]) else { return false }
    let key = direction.lowercased()
    let rules = spec[key]?.listValue ?? []
    let types: [String]
    if let listed = spec["policyTypes"]?.listValue {
      types = listed.compactMap(\.stringValue)
    } else {
      types = ["Ingress"] + ((spec["egress"]?.listValue ?? []).isEmpty ? [] : ["Egress"])
    }
    return types.contains(direction) && rules.isEmpty
  }

  /// `{}`, or a selector whose `matchLabels` and `matchExpressions` are empty.
  private static func selectsEveryPod(_ selector: ManifestValue?) -> Bool {
    guard case .map(let entries)? = selector else { return false }
    return entries.allSatisfy { entry in
      switch entry.value {
      case .map(let members): members.isEmpty
      case .list(let elements): elements.isEmpty
      default: false
      }
    }
  }

  public static let examples: [LintExample] = [
    .passing {
      KubernetesManifests("acme", folder: "tenants/acme", inStackKustomization: false) { _, folder in
        folder.add(KubernetesObject("v1", "Namespace", name: "acme"), to: "namespace.yaml")
        folder.add(
          KubernetesObject(
            "networking.k8s.io/v1", "NetworkPolicy", name: "default-deny", namespace: "acme",
            body: ["spec": .map(["podSelector": .map([:]), "policyTypes": ["Ingress", "Egress"]])]),
          to: "network-policies.yaml")
        folder.add(
          KubernetesObject(
            "networking.k8s.io/v1", "NetworkPolicy", name: "allow-same-namespace", namespace: "acme",
            body: [
              "spec": .map([
                "podSelector": .map([:]), "policyTypes": ["Ingress"],
                "ingress": [.map(["from": [.map(["podSelector": .map([:])])]])],
              ])
            ]),
          to: "network-policies.yaml")
      }
    },
    .passing {
      // One policy per direction denies as much as one with both.
      KubernetesManifests("acme", folder: "tenants/acme", inStackKustomization: false) { _, folder in
        folder.add(KubernetesObject("v1", "Namespace", name: "acme"), to: "namespace.yaml")
        folder.add(
          KubernetesObject(
            "networking.k8s.io/v1", "NetworkPolicy", name: "deny-ingress", namespace: "acme",
            body: ["spec": .map(["podSelector": .map([:])])]),
          to: "network-policies.yaml")
        folder.add(
          KubernetesObject(
            "networking.k8s.io/v1", "NetworkPolicy", name: "deny-egress", namespace: "acme",
            body: ["spec": .map(["podSelector": .map(["matchLabels": .map([:])]), "policyTypes": ["Egress"]])]),
          to: "network-policies.yaml")
      }
    },
    .failing([
      "Namespace/acme has no default-deny NetworkPolicy: a pod no policy selects accepts traffic from every pod of the cluster and reaches any address"
    ]) {
      KubernetesManifests("acme", folder: "tenants/acme", inStackKustomization: false) { _, folder in
        folder.add(KubernetesObject("v1", "Namespace", name: "acme"), to: "namespace.yaml")
        // Selects only the api's pods.
        folder.add(
          KubernetesObject(
            "networking.k8s.io/v1", "NetworkPolicy", name: "api", namespace: "acme",
            body: [
              "spec": .map([
                "podSelector": .map(["matchLabels": .sorted(["app": "api"])]), "policyTypes": ["Ingress", "Egress"],
              ])
            ]),
          to: "network-policies.yaml")
      }
    },
    .failing(["Namespace/acme denies ingress by default but not egress: a pod no policy selects reaches any address"]) {
      KubernetesManifests("acme", folder: "tenants/acme", inStackKustomization: false) { _, folder in
        folder.add(KubernetesObject("v1", "Namespace", name: "acme"), to: "namespace.yaml")
        // Egress is a type, but its one rule allows everything.
        folder.add(
          KubernetesObject(
            "networking.k8s.io/v1", "NetworkPolicy", name: "default-deny", namespace: "acme",
            body: ["spec": .map(["podSelector": .map([:]), "policyTypes": ["Ingress", "Egress"], "egress": [.map([:])]])]),
          to: "network-policies.yaml")
      }
    },
  ]
}
