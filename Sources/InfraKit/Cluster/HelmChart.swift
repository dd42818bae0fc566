/// A Helm chart a cluster runs, at a pinned version: GitOps installs it from the objects infra
/// writes in the cluster's folder (a Flux `HelmRelease` or an Argo CD `Application`), so every
/// cluster of every stack runs the same release of each controller until this table changes.
///
/// The charts infra installs for what a stack says are the static members below; that list,
/// ``pinned``, is the one place their versions live. Read each project's upgrade notes before
/// changing a version: a chart's CRDs and values move between releases.
public struct HelmChart: Sendable, Hashable {
  /// The chart's name in its repository.
  public let name: String
  /// The repository: `https://…` for a Helm repository, `oci://…` for an OCI registry.
  public let repository: String
  public let version: String
  /// The Secret the chart fills with a webhook certificate it generates each time it is rendered,
  /// if it has one. Argo CD renders charts with `helm template`, so it is told to leave that
  /// Secret's data alone, or every sync would rotate the certificate.
  public let generatedCertificateSecret: String?

  public init(_ name: String, repository: String, version: String, generatedCertificateSecret: String? = nil) {
    self.name = name
    self.repository = repository
    self.version = version
    self.generatedCertificateSecret = generatedCertificateSecret
  }

  /// Whether the repository is an OCI registry rather than a Helm repository's index.
  public var isOCI: Bool { repository.hasPrefix("oci://") }

  /// The repository as Argo CD names it: an OCI registry without its scheme.
  var argoCDRepositoryURL: String {
    isOCI ? String(repository.dropFirst("oci://".count)) : repository
  }

  /// The repository's name in a Flux `HelmRepository`: the last part of its host or path that
  /// says whose charts they are (`eks-charts`, `karpenter`, `jetstack`).
  var repositoryName: String {
    Self.repositoryNames[repository] ?? name
  }

  /// The AWS Load Balancer Controller, which registers pods into infra's target groups through
  /// `TargetGroupBinding`s (chart 3.x runs controller v3).
  public static let awsLoadBalancerController = HelmChart(
    "aws-load-balancer-controller", repository: "https://aws.github.io/eks-charts", version: "3.0.0",
    generatedCertificateSecret: "aws-load-balancer-tls")
  /// Karpenter; 1.9 is its long-term-support line and the first to support Kubernetes 1.35.
  public static let karpenter = HelmChart("karpenter", repository: "oci://public.ecr.aws/karpenter", version: "1.9.0")
  /// The Kubernetes Cluster Autoscaler. Its image follows the cluster's minor version (see
  /// ``Cluster/clusterAutoscalerImageTag``); the chart itself works across them.
  public static let clusterAutoscaler = HelmChart(
    "cluster-autoscaler", repository: "https://kubernetes.github.io/autoscaler", version: "9.59.0")
  public static let externalDNS = HelmChart(
    "external-dns", repository: "https://kubernetes-sigs.github.io/external-dns", version: "1.20.0")
  /// cert-manager; 1.19 is the first release tested on Kubernetes 1.35.
  public static let certManager = HelmChart("cert-manager", repository: "https://charts.jetstack.io", version: "v1.19.4")
  /// External Secrets Operator; 2.x serves the `external-secrets.io/v1` API infra writes.
  public static let externalSecrets = HelmChart(
    "external-secrets", repository: "https://charts.external-secrets.io", version: "2.6.0")

  /// kube-state-metrics, whose `kube_*` series (node conditions, pods waiting, volumes) the
  /// cluster's Prometheus alerts read.
  public static let kubeStateMetrics = HelmChart(
    "kube-state-metrics", repository: "https://prometheus-community.github.io/helm-charts", version: "6.4.2")
  /// The node exporter, a pod on every node, for the nodes' own `node_*` series.
  public static let nodeExporter = HelmChart(
    "prometheus-node-exporter", repository: "https://prometheus-community.github.io/helm-charts", version: "4.49.2")
  /// NVIDIA's DCGM exporter, on the GPU nodes, for the GPUs' use, heat and errors.
  public static let dcgmExporter = HelmChart(
    "dcgm-exporter", repository: "https://nvidia.github.io/dcgm-exporter/helm-charts", version: "4.8.3")

  /// Every chart infra installs, with its pinned version: the table docs/kubernetes.md prints.
  public static let pinned: [HelmChart] = [
    .awsLoadBalancerController, .karpenter, .clusterAutoscaler, .externalDNS, .certManager, .externalSecrets,
    .kubeStateMetrics, .nodeExporter, .dcgmExporter,
  ]

  private static let repositoryNames = [
    "https://aws.github.io/eks-charts": "eks-charts", "oci://public.ecr.aws/karpenter": "karpenter",
    "https://kubernetes.github.io/autoscaler": "autoscaler", "https://kubernetes-sigs.github.io/external-dns": "external-dns",
    "https://charts.jetstack.io": "jetstack", "https://charts.external-secrets.io": "external-secrets",
    "https://prometheus-community.github.io/helm-charts": "prometheus-community",
    "https://nvidia.github.io/dcgm-exporter/helm-charts": "dcgm-exporter",
  ]
}
