import Manifests

extension Cluster {
  /// The GitOps tool that installs the cluster's charts, which decides the kind of object infra
  /// writes for each: a Flux `HelmRelease` (with a `HelmRepository` per chart repository), or an
  /// Argo CD `Application`.
  public enum GitOps: String, Sendable, Hashable, CaseIterable {
    case flux
    case argoCD = "argocd"

    /// Where the tool's own objects live, as its installation creates it.
    var namespace: String {
      switch self {
      case .flux: "flux-system"
      case .argoCD: "argocd"
      }
    }

    /// The user the tool applies objects as: its controller's service account, as its
    /// installation names it.
    var applier: String {
      switch self {
      case .flux: "system:serviceaccount:flux-system:kustomize-controller"
      case .argoCD: "system:serviceaccount:argocd:argocd-application-controller"
      }
    }
  }

  /// A chart the cluster runs: which chart, the release's name, the namespace it is installed
  /// in, and its values, which may hold values from Terraform (a VPC's id).
  public struct ChartRelease {
    public let chart: HelmChart
    public let name: String
    public let namespace: String
    let values: (KubernetesManifests) -> ManifestValue
  }

  /// Runs `chart` in the cluster as release `name` (the chart's name by default) in `namespace`:
  /// the cluster's folder gets the objects that make the GitOps tool install it.
  ///
  /// ```swift
  /// cluster.install(HelmChart("podinfo", repository: "https://stefanprodan.github.io/podinfo", version: "6.7.1"),
  ///                 namespace: "podinfo") { _ in .map(["replicaCount": 2]) }
  /// ```
  public func install(
    _ chart: HelmChart, as name: String? = nil, namespace: String,
    file: String = #filePath, line: Int = #line, column: Int = #column,
    values: @escaping (KubernetesManifests) -> ManifestValue = { _ in .map([]) }
  ) {
    let name = name ?? chart.name
    let at = SourceLocation(file: file, line: line, column: column)
    if !WorkloadIdentity.isLabel(namespace) {
      report(
        "invalid-namespace", "cluster '\(node.id)': chart \(chart.name) is installed in '\(namespace)', which is not a Kubernetes namespace name",
        fix: WorkloadIdentity.namespaceFix, at: at)
    }
    let installed = chartReleases + [autoscalerRelease()].compactMap { $0 }
    if let other = installed.first(where: { $0.chart.repositoryName == chart.repositoryName && $0.chart.repository != chart.repository }) {
      report(
        "chart-repository-conflict",
        "cluster '\(node.id)': chart \(chart.name) comes from \(chart.repository), but the repository name '\(chart.repositoryName)' already stands for \(other.chart.repository) (chart \(other.chart.name))",
        fix: "install charts of one name from one repository, or give this release's chart another name", at: at)
      return
    }
    if installed.contains(where: { $0.name == name }) {
      report(
        "duplicate-chart-release", "cluster '\(node.id)' installs two charts as release '\(name)'",
        fix: "give one of them another release name with 'as:'", at: at)
      return
    }
    chartReleases.append(ChartRelease(chart: chart, name: name, namespace: namespace, values: values))
  }

  /// The folder of the objects that install the charts of cluster `id`, applied before the
  /// cluster's folder (which is not its parent in kustomize's sense: it does not list it).
  static func chartsFolder(_ id: String) -> String { "clusters/\(id)/charts" }

  /// The releases the cluster runs: those installed with ``install(_:as:namespace:file:line:column:values:)``
  /// and its autoscaler's, by release name.
  func releases() -> [ChartRelease] {
    (chartReleases + [autoscalerRelease()].compactMap { $0 }).sorted { $0.name < $1.name }
  }

  /// The objects that install `releases`, for the cluster's GitOps tool: for Flux, one
  /// `HelmRepository` per chart repository and a `HelmRelease` per release; for Argo CD, an
  /// `Application` per release. Each upgrades its chart's CRDs with the chart, and none
  /// installs anything but the pinned version.
  func chartObjects(_ releases: [ChartRelease], _ manifests: KubernetesManifests) -> [KubernetesObject] {
    let labels = ["app.kubernetes.io/managed-by": "infra"]
    let namespace = gitOps.namespace
    switch gitOps {
    case .flux:
      var repositories: [String: HelmChart] = [:]
      for release in releases { repositories[release.chart.repositoryName] = release.chart }
      let sources = repositories.keys.sorted().map { name in
        let chart = repositories[name]!
        return KubernetesObject(
          "source.toolkit.fluxcd.io/v1", "HelmRepository", name: name, namespace: namespace, labels: labels,
          body: ["spec": .map(["type": chart.isOCI ? "oci" : nil, "interval": "1h", "url": .string(chart.repository)])])
      }
      // A failed install or upgrade is rolled back and tried again, up to three times.
      let remediation: ManifestValue = .map(["retries": 3])
      return sources
        + releases.map { release in
          KubernetesObject(
            "helm.toolkit.fluxcd.io/v2", "HelmRelease", name: release.name, namespace: namespace, labels: labels,
            body: [
              "spec": .map([
                "interval": "1h",
                "releaseName": .string(release.name),
                "targetNamespace": .string(release.namespace),
                "chart": .map([
                  "spec": .map([
                    "chart": .string(release.chart.name), "version": .string(release.chart.version),
                    "sourceRef": .map(["kind": "HelmRepository", "name": .string(release.chart.repositoryName)]),
                  ])
                ]),
                "install": .map(["createNamespace": true, "crds": "CreateReplace", "remediation": remediation]),
                "upgrade": .map(["crds": "CreateReplace", "remediation": remediation]),
                "values": release.values(manifests),
              ])
            ])
        }
    case .argoCD:
      // Argo CD reaches an OCI registry only through a repository Secret that enables OCI;
      // Karpenter's registry is public, so the Secret holds no credentials.
      var registries: [String: HelmChart] = [:]
      for release in releases where release.chart.isOCI { registries[release.chart.repositoryName] = release.chart }
      let repositorySecrets = registries.keys.sorted().map { name in
        KubernetesObject(
          "v1", "Secret", name: "\(name)-chart-repository", namespace: namespace,
          labels: labels.merging(["argocd.argoproj.io/secret-type": "repository"]) { $1 },
          body: [
            "stringData": .map([
              "name": .string(name), "type": "helm", "url": .string(registries[name]!.argoCDRepositoryURL), "enableOCI": "true",
            ])
          ])
      }
      return repositorySecrets
        + releases.map { release in
          let chart = release.chart
          return KubernetesObject(
            "argoproj.io/v1alpha1", "Application", name: release.name, namespace: namespace, labels: labels,
            body: [
              "spec": .map([
                "project": "default",
                "source": .map([
                  "repoURL": .string(chart.argoCDRepositoryURL), "chart": .string(chart.name),
                  "targetRevision": .string(chart.version),
                  "helm": .map(["releaseName": .string(release.name), "valuesObject": release.values(manifests)]),
                ]),
                "destination": .map(["server": "https://kubernetes.default.svc", "namespace": .string(release.namespace)]),
                "ignoreDifferences": Self.argoCDGeneratedCertificates(chart, namespace: release.namespace),
                "syncPolicy": .map([
                  "automated": .map(["prune": true, "selfHeal": true]),
                  // CRDs too large for a last-applied annotation (Karpenter's) need server-side
                  // apply; the ignored fields keep the values the cluster holds when syncing.
                  "syncOptions": ["CreateNamespace=true", "ServerSideApply=true", "RespectIgnoreDifferences=true"],
                ]),
              ])
            ])
        }
    }
  }

  /// What Argo CD leaves as the cluster holds it: the CA bundles that a chart's controller (or
  /// cert-manager) injects into its webhooks and CRD conversion webhooks at run time, and the
  /// certificate Secret a chart generates on each render. Kept as first applied, the Secret and
  /// the CA bundles stay a matching pair; synced anew, each render would replace the certificate.
  private static func argoCDGeneratedCertificates(_ chart: HelmChart, namespace: String) -> ManifestValue {
    let admission = "admissionregistration.k8s.io"
    let webhooks: [ManifestValue] = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"].map { kind in
      .map(["group": .string(admission), "kind": .string(kind), "jqPathExpressions": [".webhooks[]?.clientConfig.caBundle"]])
    }
    let conversion: ManifestValue = .map([
      "group": "apiextensions.k8s.io", "kind": "CustomResourceDefinition",
      "jqPathExpressions": [".spec.conversion.webhook.clientConfig.caBundle"],
    ])
    let secret = chart.generatedCertificateSecret.map { name -> ManifestValue in
      .map(["kind": "Secret", "name": .string(name), "namespace": .string(namespace), "jsonPointers": ["/data"]])
    }
    return .list(webhooks + [conversion] + [secret].compactMap { $0 })
  }

  /// The autoscaler's chart, configured for this cluster: the region given rather than read
  /// from the instance metadata, which pods cannot reach (the nodes' hop limit is 1).
  private func autoscalerRelease() -> ChartRelease? {
    guard let autoscaling else { return nil }
    let region = self.region.map { ManifestValue.string($0.code) }
    let clusterName = ManifestValue.string(clusterName)
    switch autoscaling.kind {
    case .karpenter:
      let queue = ManifestValue.string(interruptionQueueName)
      return ChartRelease(chart: .karpenter, name: "karpenter", namespace: autoscaling.namespace) { _ in
        .map([
          "settings": .map(["clusterName": clusterName, "interruptionQueue": queue]),
          "serviceAccount": .map(["name": .string(autoscaling.serviceAccount)]),
          "controller": region.map { .map(["env": [.map(["name": "AWS_REGION", "value": $0])]]) },
        ])
      }
    case .clusterAutoscaler:
      let tag = ManifestValue.string(clusterAutoscalerImageTag)
      return ChartRelease(chart: .clusterAutoscaler, name: "cluster-autoscaler", namespace: autoscaling.namespace) { _ in
        .map([
          "cloudProvider": "aws",
          "awsRegion": region,
          "autoDiscovery": .map(["clusterName": clusterName]),
          "image": .map(["tag": tag]),
          "rbac": .map(["serviceAccount": .map(["create": true, "name": .string(autoscaling.serviceAccount)])]),
          // Pools of the same shape in different zones grow together, keeping the zones even.
          "extraArgs": .map(["balance-similar-node-groups": true]),
        ])
      }
    }
  }

  /// The Cluster Autoscaler's image tag: its release for the cluster's minor version, as the
  /// autoscaler supports only the Kubernetes minor it was built for.
  public var clusterAutoscalerImageTag: String { "v\(version).0" }
}
