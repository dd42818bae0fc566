import InfraCore
import Manifests

/// A namespace the stack's manifests create enforces a Pod Security Standard stricter than
/// `privileged`.
public enum KubernetesPrivilegedPodSecurityRule: NamespaceLintRule {
  public static let description = RuleDescription(
    id: "kubernetes-privileged-pod-security", title: "Namespaces enforce the baseline or restricted Pod Security Standard",
    severity: .error,
    rationale: """
      Pod Security Admission enforces, in each namespace, the standard its \
      pod-security.kubernetes.io/enforce label names. A namespace that enforces privileged, or \
      has no such label (EKS then enforces privileged, its default), admits pods that run \
      privileged, share the node's network and process namespaces or mount its filesystem: one \
      such pod is root on its node, with the node's IAM role and every other tenant's pods on \
      that node. The rule reports in every environment, at error: a development cluster shared \
      by tenants is as open through a privileged pod as a production one, and a namespace that \
      really needs privileged pods (a CNI, a storage or GPU driver) says so with a suppression \
      and its reason.
      """,
    fix: """
      enforce restricted, or baseline where pods need more (podSecurity: on the tenant in a \
      stack file, Tenant(podSecurity:) in Swift, the pod-security.kubernetes.io/enforce label on \
      a namespace of your own); where privileged pods are the point, suppress the rule on the \
      construct with the reason
      """)

  static let enforce = "pod-security.kubernetes.io/enforce"

  public static func problems(with namespace: LintedObject, in stack: LintedStack, settings: LintSettings) -> [String] {
    switch namespace.object.labels[enforce] {
    case nil:
      return [
        "\(namespace.address) has no \(enforce) label: EKS enforces the privileged Pod Security Standard there, so its pods may run privileged and take over their node"
      ]
    case "privileged":
      return ["\(namespace.address) enforces the privileged Pod Security Standard: its pods may run privileged and take over their node"]
    default:
      return []
    }
  }

  public static let examples: [LintExample] = [
    .passing {
      KubernetesManifests("acme", folder: "tenants/acme", inStackKustomization: false) { _, folder in
        folder.add(
          KubernetesObject("v1", "Namespace", name: "acme", labels: ["pod-security.kubernetes.io/enforce": "restricted"]),
          to: "namespace.yaml")
        folder.add(
          KubernetesObject("v1", "Namespace", name: "builds", labels: ["pod-security.kubernetes.io/enforce": "baseline"]),
          to: "namespace.yaml")
      }
    },
    .failing([
      "Namespace/acme enforces the privileged Pod Security Standard: its pods may run privileged and take over their node"
    ]) {
      KubernetesManifests("acme", folder: "tenants/acme", inStackKustomization: false) { _, folder in
        folder.add(
          KubernetesObject(
            "v1", "Namespace", name: "acme",
            labels: ["pod-security.kubernetes.io/enforce": "privileged", "pod-security.kubernetes.io/warn": "restricted"]),
          to: "namespace.yaml")
      }
    },
    .failing(
      [
        "Namespace/acme has no pod-security.kubernetes.io/enforce label: EKS enforces the privileged Pod Security Standard there, so its pods may run privileged and take over their node"
      ], environment: .development
    ) {
      KubernetesManifests("acme", folder: "tenants/acme", inStackKustomization: false) { _, folder in
        // Audit and warn only report; nothing is refused.
        folder.add(
          KubernetesObject(
            "v1", "Namespace", name: "acme",
            labels: ["pod-security.kubernetes.io/audit": "restricted", "pod-security.kubernetes.io/warn": "restricted"]),
          to: "namespace.yaml")
      }
    },
  ]
}
