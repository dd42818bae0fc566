import InfraCore
import Manifests

/// Karpenter, when the stack's manifests install it, has a NodePool to launch nodes from.
public enum KubernetesKarpenterWithoutNodePoolRule: LintRule {
  public static let description = RuleDescription(
    id: "kubernetes-karpenter-without-node-pool", title: "Karpenter has a NodePool to launch nodes from", severity: .warning,
    rationale: """
      Karpenter launches nodes only as a NodePool allows: installed without one, it runs, reports \
      healthy, and leaves every pending pod pending, so a cluster that was to grow with its load \
      stays at the size of its node groups. infra writes a NodePool for each of the cluster's \
      pools that Karpenter may grow, and none for a cluster whose only pool is the one made for \
      the controller itself. The rule reads the manifests infra writes (kubernetes/ beside the \
      Terraform): when a Flux HelmRelease or Argo CD Application installs the karpenter chart, \
      the manifests must hold a karpenter.sh/v1 NodePool.
      """,
    fix: """
      give the cluster a node pool Karpenter may grow (a maximum size above its starting size, \
      no EFA and no capacity reservation), or write a NodePool of your own in a folder of the stack
      """)

  public static func problems(in stack: LintedStack, settings: LintSettings) -> [LintProblem] {
    let objects = stack.kubernetes.objects
    guard !objects.contains(where: { $0.is("NodePool", "karpenter.sh/v1") }) else { return [] }
    return objects.filter { $0.installedChart == "karpenter" }.map { release in
      LintProblem(
        address: release.address,
        message: "\(release.address) installs Karpenter, but the stack's manifests hold no NodePool: it launches no node, and pending pods stay pending",
        element: release.folder.terraformAddress)
    }
  }

  public static let examples: [LintExample] = [
    .passing {
      KubernetesManifests("charts", folder: "clusters/main/charts", inStackKustomization: false) { _, folder in
        folder.add(
          KubernetesObject(
            "helm.toolkit.fluxcd.io/v2", "HelmRelease", name: "karpenter", namespace: "flux-system",
            body: ["spec": .map(["chart": .map(["spec": .map(["chart": "karpenter", "version": "1.9.0"])])])]),
          to: "releases.yaml")
      }
      KubernetesManifests("main", folder: "clusters/main", inStackKustomization: true) { _, folder in
        folder.add(
          KubernetesObject("karpenter.sh/v1", "NodePool", name: "general", body: ["spec": .map(["template": .map([:])])]),
          to: "karpenter.yaml")
      }
    },
    .failing([
      "HelmRelease/flux-system/karpenter installs Karpenter, but the stack's manifests hold no NodePool: it launches no node, and pending pods stay pending"
    ]) {
      KubernetesManifests("charts", folder: "clusters/main/charts", inStackKustomization: false) { _, folder in
        folder.add(
          KubernetesObject(
            "helm.toolkit.fluxcd.io/v2", "HelmRelease", name: "karpenter", namespace: "flux-system",
            body: ["spec": .map(["chart": .map(["spec": .map(["chart": "karpenter", "version": "1.9.0"])])])]),
          to: "releases.yaml")
      }
    },
  ]
}
