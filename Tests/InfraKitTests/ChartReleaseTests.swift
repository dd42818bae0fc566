import InfraKit
import Testing

/// The charts a cluster runs, followed from what the stack says (autoscaling, controller
/// identities) to the objects its GitOps tool installs them from: the pinned chart, the release's
/// namespace and service account (the ones the identity's pod identity association names), and
/// values from Terraform through the folder's output.
@Suite struct ChartReleaseTests {
  private static func stack(
    gitOps: Cluster.GitOps = .flux, autoscaling: Cluster.Autoscaling? = .karpenter(), bootstrap: GitOpsBootstrap? = nil,
    extra: @escaping (Cluster) -> Void = { _ in }
  ) throws -> SynthesizedStack {
    try Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      let cluster = Cluster(
        "main", version: "1.35", network: network, podSecurityGroups: true, autoscaling: autoscaling, gitOps: gitOps,
        bootstrap: bootstrap
      ) {
        NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
      }
      let balancer = LoadBalancer(
        "web", scheme: .internetFacing, network: network, cluster: cluster,
        certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d", targets: [.init("app", port: 8080)])
      WorkloadIdentity.loadBalancerController(cluster: cluster, targetGroupArns: [balancer.targetGroupArn("app")])
      extra(cluster)
    }.synthesize()
  }

  /// The objects of the cluster's folder and of its charts' folder.
  private static func objects(_ stack: SynthesizedStack) throws -> [KubernetesObject] {
    stack.manifests.filter { $0.folder.hasPrefix("clusters/main") }.flatMap(\.manifests.objects)
  }

  @Test func fluxInstallsEachControllerFromItsPinnedChartWithItsIdentitysServiceAccount() throws {
    let stack = try Self.stack()
    let objects = try Self.objects(stack)
    #expect(
      objects.filter { $0.kind == "HelmRepository" }.map { "\($0.name) \($0["spec"]?["url"]?.stringValue ?? "")" } == [
        "eks-charts https://aws.github.io/eks-charts", "karpenter oci://public.ecr.aws/karpenter",
      ])
    let releases = objects.filter { $0.kind == "HelmRelease" }
    #expect(releases.map(\.name) == ["aws-load-balancer-controller", "karpenter"])
    let controller = try #require(releases.first)
    #expect(controller.namespace == "flux-system")
    #expect(controller["spec"]?["chart"]?["spec"]?["version"] == .string(HelmChart.awsLoadBalancerController.version))
    #expect(controller["spec"]?["chart"]?["spec"]?["sourceRef"] == .map(["kind": "HelmRepository", "name": "eks-charts"]))
    // The release runs where the identity's association says, as its service account.
    let association = try #require(
      stack.configuration.resources.first { $0.type == "aws_eks_pod_identity_association" && $0.name.hasPrefix("aws_load_balancer_controller") })
    #expect(controller["spec"]?["targetNamespace"]?.stringValue == association.body["namespace"]?.stringValue)
    #expect(controller["spec"]?["values"]?["serviceAccount"]?["name"]?.stringValue == association.body["service_account"]?.stringValue)
    // The VPC's id comes from Terraform; the region and the cluster's name are known.
    let values = controller["spec"]?["values"]
    #expect(values?["vpcId"] == .fromTerraform(key: "vpc-id"))
    #expect(values?["region"] == "eu-west-1")
    let cluster = try #require(stack.configuration.resources.first { $0.type == "aws_eks_cluster" })
    #expect(values?["clusterName"]?.stringValue == cluster.body["name"]?.stringValue)
    let output = try #require(stack.configuration.outputs.first { $0.name == "main_charts" })
    #expect(output.value == .template(["vpc-id=", .reference(.resource(type: "aws_vpc", name: "core_vpc").attribute("id")), "\n"]))
  }

  @Test func karpentersReleaseNamesTheQueueInfraMadeAndTheRegion() throws {
    let stack = try Self.stack()
    let karpenter = try #require(Self.objects(stack).first { $0.kind == "HelmRelease" && $0.name == "karpenter" })
    let queue = try #require(stack.configuration.resources.first { $0.type == "aws_sqs_queue" })
    #expect(karpenter["spec"]?["values"]?["settings"]?["interruptionQueue"]?.stringValue == queue.body["name"]?.stringValue)
    #expect(karpenter["spec"]?["values"]?["controller"]?["env"] == [.map(["name": "AWS_REGION", "value": "eu-west-1"])])
    #expect(karpenter["spec"]?["targetNamespace"] == "kube-system")
  }

  @Test func theClusterAutoscalersImageIsTheClustersMinorVersion() throws {
    let stack = try Self.stack(autoscaling: .clusterAutoscaler())
    let release = try #require(Self.objects(stack).first { $0.kind == "HelmRelease" && $0.name == "cluster-autoscaler" })
    #expect(release["spec"]?["values"]?["image"]?["tag"] == "v1.35.0")
    #expect(release["spec"]?["values"]?["autoDiscovery"]?["clusterName"] == "platform-main")
    #expect(release["spec"]?["chart"]?["spec"]?["version"] == .string(HelmChart.clusterAutoscaler.version))
  }

  @Test func argoCDGetsOneApplicationPerRelease() throws {
    let stack = try Self.stack(gitOps: .argoCD, autoscaling: nil)
    let folder = try #require(stack.manifests.first { $0.folder == "clusters/main/charts" }).manifests
    #expect(!folder.objects.contains { $0.kind == "HelmRepository" || $0.kind == "HelmRelease" })
    let charts = try #require(folder.rendered(header: "header").first { $0.name == "releases.yaml" })
    #expect(
      charts.text == """
        # header
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: aws-load-balancer-controller
          namespace: argocd
          labels:
            app.kubernetes.io/managed-by: infra
        spec:
          project: default
          source:
            repoURL: https://aws.github.io/eks-charts
            chart: aws-load-balancer-controller
            targetRevision: "\(HelmChart.awsLoadBalancerController.version)"
            helm:
              releaseName: aws-load-balancer-controller
              valuesObject:
                clusterName: platform-main
                region: eu-west-1
                vpcId: terraform-output:vpc-id
                serviceAccount:
                  create: true
                  name: aws-load-balancer-controller
                createIngressClassResource: false
                enableServiceMutatorWebhook: false
          destination:
            server: https://kubernetes.default.svc
            namespace: kube-system
          ignoreDifferences:
            - group: admissionregistration.k8s.io
              kind: MutatingWebhookConfiguration
              jqPathExpressions:
                - ".webhooks[]?.clientConfig.caBundle"
            - group: admissionregistration.k8s.io
              kind: ValidatingWebhookConfiguration
              jqPathExpressions:
                - ".webhooks[]?.clientConfig.caBundle"
            - group: apiextensions.k8s.io
              kind: CustomResourceDefinition
              jqPathExpressions:
                - .spec.conversion.webhook.clientConfig.caBundle
            - kind: Secret
              name: aws-load-balancer-tls
              namespace: kube-system
              jsonPointers:
                - /data
          syncPolicy:
            automated:
              prune: true
              selfHeal: true
            syncOptions:
              - CreateNamespace=true
              - ServerSideApply=true
              - RespectIgnoreDifferences=true

        """)
  }

  @Test func argoCDReachesAnOCIRegistryThroughARepositorySecretWithoutCredentials() throws {
    let stack = try Self.stack(gitOps: .argoCD)
    let objects = try Self.objects(stack)
    let karpenter = try #require(objects.first { $0.kind == "Application" && $0.name == "karpenter" })
    #expect(karpenter["spec"]?["source"]?["repoURL"] == "public.ecr.aws/karpenter")
    // Only the OCI registry needs a Secret, and it enables OCI for exactly the URL the Application names.
    let secrets = objects.filter { $0.kind == "Secret" }
    #expect(secrets.map(\.name) == ["karpenter-chart-repository"])
    let secret = try #require(secrets.first)
    #expect(secret.namespace == "argocd")
    #expect(secret.labels["argocd.argoproj.io/secret-type"] == "repository")
    #expect(
      secret["stringData"]
        == .map(["name": "karpenter", "type": "helm", "url": "public.ecr.aws/karpenter", "enableOCI": "true"]))
    // Karpenter's chart generates no certificate Secret, so only the CA bundles are left alone.
    #expect(karpenter["spec"]?["ignoreDifferences"]?.listValue?.count == 3)
  }

  @Test func aStackInstallsItsOwnChartBesideInfras() throws {
    let stack = try Self.stack(autoscaling: nil) { cluster in
      cluster.install(HelmChart("podinfo", repository: "https://stefanprodan.github.io/podinfo", version: "6.7.1"), namespace: "podinfo") { _ in
        .map(["replicaCount": 2])
      }
    }
    let objects = try Self.objects(stack)
    #expect(objects.filter { $0.kind == "HelmRelease" }.map(\.name) == ["aws-load-balancer-controller", "podinfo"])
    let podinfo = try #require(objects.first { $0.kind == "HelmRelease" && $0.name == "podinfo" })
    #expect(podinfo["spec"]?["values"] == .map(["replicaCount": 2]))
    #expect(podinfo["spec"]?["targetNamespace"] == "podinfo")
  }

  @Test func twoReleasesOfOneNameOrABadNamespaceAreErrorsWhereTheyAreInstalled() throws {
    let line = #line + 4
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      let cluster = Cluster("main", network: network) { NodePool("general", instanceTypes: ["m6i.large"], size: 3...9) }
      cluster.install(.certManager, namespace: "Certs")
      cluster.install(.certManager, namespace: "cert-manager")
    }
    let error = try #require(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(
      error.diagnostics.map(\.description) == [
        "Tests/InfraKitTests/ChartReleaseTests.swift:\(line):22: error: cluster 'main': chart cert-manager is installed in 'Certs', which is not a Kubernetes namespace name; use at most 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit [invalid-namespace]",
        "Tests/InfraKitTests/ChartReleaseTests.swift:\(line + 1):22: error: cluster 'main' installs two charts as release 'cert-manager'; give one of them another release name with 'as:' [duplicate-chart-release]",
      ])
  }

  @Test func fluxsBootstrapInstallsTheChartsThenAppliesTheStacksFolderThenEachTenantsFolder() throws {
    let stack = try Self.stack(bootstrap: GitOpsBootstrap()) { cluster in
      let database = Database("tenant-acme", engine: .postgres("16"), network: cluster.network)
      Tenant("acme", cluster: cluster, database: database)
    }
    let folder = try #require(stack.manifests.first { $0.folder == "clusters/main" }).manifests
    let gitops = try #require(folder.rendered(header: "header").first { $0.name == "gitops.yaml" })
    #expect(
      gitops.text == """
        # header
        ---
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: platform-charts
          namespace: flux-system
          labels:
            app.kubernetes.io/managed-by: infra
        spec:
          interval: 10m
          sourceRef:
            kind: GitRepository
            name: flux-system
          path: ./out/platform/kubernetes/clusters/main/charts
          prune: true
          wait: true
          timeout: 10m
        ---
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: platform-platform
          namespace: flux-system
          labels:
            app.kubernetes.io/managed-by: infra
        spec:
          interval: 10m
          sourceRef:
            kind: GitRepository
            name: flux-system
          path: ./out/platform/kubernetes
          prune: true
          dependsOn:
            - name: platform-charts
        ---
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: platform-tenants
          namespace: flux-system
          labels:
            app.kubernetes.io/managed-by: infra
        spec:
          interval: 10m
          sourceRef:
            kind: GitRepository
            name: flux-system
          path: ./out/platform/kubernetes/tenants
          prune: true
          dependsOn:
            - name: platform-platform

        """)
  }

  @Test func argoCDsBootstrapIsAnApplicationPerUnitAndNoTenantsApplicationSetWithoutTenants() throws {
    let stack = try Self.stack(
      gitOps: .argoCD, bootstrap: GitOpsBootstrap(path: "clusters/prod", repository: "https://git.example.com/platform.git"))
    let objects = try Self.objects(stack).filter { $0.name.hasPrefix("platform-") }
    #expect(objects.map(\.reference) == ["Application/argocd/platform-charts", "Application/argocd/platform-platform"])
    #expect(
      objects.map { $0["spec"]?["source"]?["path"] } == ["clusters/prod/clusters/main/charts", "clusters/prod"])
    #expect(objects.last?["spec"]?["source"]?["repoURL"] == "https://git.example.com/platform.git")
    // The platform's objects whose CRDs the charts install wait for them.
    #expect(objects.last?["spec"]?["syncPolicy"]?["syncOptions"] == ["SkipDryRunOnMissingResource=true"])
  }

  @Test func aBootstrapArgoCDCannotFollowOrAPathOutsideTheRepositoryIsAnError() throws {
    let line = #line + 5
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      Cluster(
        "main", network: network, gitOps: .argoCD,
        bootstrap: GitOpsBootstrap(path: "../elsewhere")
      ) { NodePool("general", instanceTypes: ["m6i.large"], size: 3...9) }
    }
    let error = try #require(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(
      error.diagnostics.map(\.description) == [
        "Tests/InfraKitTests/ChartReleaseTests.swift:\(line):35: error: cluster 'main': the bootstrap's path '../elsewhere' is not a folder inside the repository; give the folder relative to the repository's root, without '..', e.g. out/platform/kubernetes [invalid-gitops-path]",
        "Tests/InfraKitTests/ChartReleaseTests.swift:\(line):35: error: cluster 'main': Argo CD's bootstrap needs the repository it reads the folder from; give repository: the URL Argo CD clones, e.g. https://git.example.com/platform.git [gitops-bootstrap-repository]",
      ])
  }

  @Test func externalSecretsIsInstalledAsTheServiceAccountItsIdentityNames() throws {
    let stack = try Self.stack(autoscaling: nil) { cluster in WorkloadIdentity.externalSecrets(cluster: cluster) }
    let release = try #require(Self.objects(stack).first { $0.kind == "HelmRelease" && $0.name == "external-secrets" })
    let association = try #require(
      stack.configuration.resources.first { $0.type == "aws_eks_pod_identity_association" && $0.name.hasPrefix("external_secrets") })
    #expect(release["spec"]?["targetNamespace"]?.stringValue == association.body["namespace"]?.stringValue)
    #expect(release["spec"]?["values"]?["serviceAccount"]?["name"]?.stringValue == association.body["service_account"]?.stringValue)
    #expect(release["spec"]?["chart"]?["spec"]?["version"] == .string(HelmChart.externalSecrets.version))
  }

  @Test func aChartWhoseRepositoryNameStandsForAnotherRepositoryIsAnError() throws {
    let line = #line + 4
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      let cluster = Cluster("main", network: network, autoscaling: .karpenter()) { NodePool("general", instanceTypes: ["m6i.large"], size: 3...9) }
      cluster.install(HelmChart("karpenter", repository: "https://charts.example.com", version: "1.0.0"), as: "our-karpenter", namespace: "ours")
    }
    let error = try #require(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(
      error.diagnostics.map(\.description) == [
        "Tests/InfraKitTests/ChartReleaseTests.swift:\(line):22: error: cluster 'main': chart karpenter comes from https://charts.example.com, but the repository name 'karpenter' already stands for oci://public.ecr.aws/karpenter (chart karpenter); install charts of one name from one repository, or give this release's chart another name [chart-repository-conflict]"
      ])
  }

  @Test func aSecondClusterWithABootstrapInOneStackIsAnError() throws {
    let line = #line + 4
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      Cluster("blue", network: network, bootstrap: GitOpsBootstrap()) { NodePool("general", instanceTypes: ["m6i.large"], size: 3...9) }
      Cluster("green", network: network, bootstrap: GitOpsBootstrap()) { NodePool("general", instanceTypes: ["m6i.large"], size: 3...9) }
    }
    let error = try #require(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(
      error.diagnostics.map(\.description) == [
        "Tests/InfraKitTests/ChartReleaseTests.swift:\(line):68: error: cluster 'green' has a GitOps bootstrap, and so has cluster 'blue' of the same stack: their units would have the same names and each apply both clusters' folders; give the bootstrap to one cluster, or put each cluster in a stack of its own [duplicate-gitops-bootstrap]"
      ])
  }
}
