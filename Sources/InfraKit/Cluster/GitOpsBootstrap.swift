import Manifests

/// Where the stack's folder of manifests is in git, for the objects that point the cluster's
/// GitOps tool at it: applied once, by hand, after the tool is installed, they keep the
/// platform's folder and every tenant's folder applied from then on, themselves included.
///
/// ```swift
/// Cluster("main", network: network, gitOps: .argoCD,
///         bootstrap: GitOpsBootstrap(path: "out/prod/kubernetes", repository: "https://git.example.com/platform.git"))
/// ```
public struct GitOpsBootstrap: Sendable, Hashable {
  /// The stack's `kubernetes/` folder, relative to the repository's root; nil for
  /// `out/<stack>/kubernetes`, where `infra synth` writes it by default.
  public var path: String?
  /// The repository's URL; Argo CD needs it, Flux reads the `GitRepository` `flux bootstrap`
  /// made (`flux-system`) and ignores it.
  public var repository: String?
  /// The branch or tag followed.
  public var revision: String
  public let location: SourceLocation

  public init(
    path: String? = nil, repository: String? = nil, revision: String = "main",
    file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.path = path
    self.repository = repository
    self.revision = revision
    location = SourceLocation(file: file, line: line, column: column)
  }

  /// What is wrong with it for `tool`, in the words of an error message about `subject`.
  func problems(of subject: String, tool: Cluster.GitOps, stack: String) -> [SettingProblem] {
    var problems: [SettingProblem] = []
    if let path, path.isEmpty || path.hasPrefix("/") || path.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." || $0.isEmpty }) {
      problems.append(
        SettingProblem(
          "invalid-gitops-path", "\(subject): the bootstrap's path '\(path)' is not a folder inside the repository",
          "give the folder relative to the repository's root, without '..', e.g. out/\(stack)/kubernetes"))
    }
    if tool == .argoCD, repository?.isEmpty ?? true {
      problems.append(
        SettingProblem(
          "gitops-bootstrap-repository", "\(subject): Argo CD's bootstrap needs the repository it reads the folder from",
          "give repository: the URL Argo CD clones, e.g. https://git.example.com/platform.git"))
    }
    if !WorkloadIdentity.isSubdomain("\(stack)-platform") {
      problems.append(
        SettingProblem(
          "invalid-gitops-name", "\(subject): the bootstrap's objects are named after the stack '\(stack)', which is not a Kubernetes name",
          "name the stack with lowercase letters, digits and hyphens"))
    }
    return problems
  }

  /// The objects for `tool`: a unit that installs the cluster's charts, when it has any; a unit
  /// that applies the stack's folder (the clusters' objects, these among them), after the
  /// charts whose CRDs its objects need; and, when the stack has tenants, a unit per tenant
  /// folder, found by directory so that adding a tenant changes no other file.
  func objects(tool: Cluster.GitOps, stack: String, cluster: String, charts: Bool, tenants: Bool) -> [KubernetesObject] {
    let labels = ["app.kubernetes.io/managed-by": "infra"]
    let path = path ?? "out/\(stack)/kubernetes"
    let platform = "\(stack)-platform"
    let tenantsName = "\(stack)-tenants"
    let chartsName = "\(stack)-charts"
    let chartsPath = "\(path)/\(Cluster.chartsFolder(cluster))"
    switch tool {
    case .flux:
      func kustomization(_ name: String, path: String, dependsOn: String? = nil, wait: Bool = false) -> KubernetesObject {
        KubernetesObject(
          "kustomize.toolkit.fluxcd.io/v1", "Kustomization", name: name, namespace: tool.namespace, labels: labels,
          body: [
            "spec": .map([
              "interval": "10m",
              "sourceRef": .map(["kind": "GitRepository", "name": "flux-system"]),
              "path": .string("./\(path)"),
              "prune": true,
              // Ready only once every release is installed, with its CRDs.
              "wait": wait ? true : nil,
              "timeout": wait ? "10m" : nil,
              "dependsOn": dependsOn.map { [.map(["name": .string($0)])] },
            ])
          ])
      }
      var units: [KubernetesObject] = []
      if charts { units.append(kustomization(chartsName, path: chartsPath, wait: true)) }
      units.append(kustomization(platform, path: path, dependsOn: charts ? chartsName : nil))
      if tenants { units.append(kustomization(tenantsName, path: "\(path)/tenants", dependsOn: platform)) }
      return units
    case .argoCD:
      let repository = ManifestValue.string(repository ?? "")
      let automated: ManifestValue = .map(["prune": true, "selfHeal": true])
      // Objects whose CRDs a chart installs wait for it: their dry run is skipped while the
      // kind is missing, and the sync is retried until the chart has installed it.
      let sync: ManifestValue = .map([
        "automated": automated, "syncOptions": ["SkipDryRunOnMissingResource=true"],
        "retry": .map(["limit": 10, "backoff": .map(["duration": "30s", "factor": 2, "maxDuration": "10m"])]),
      ])
      let destination: ManifestValue = .map(["server": "https://kubernetes.default.svc"])
      func application(_ name: String, path: String, syncPolicy: ManifestValue) -> KubernetesObject {
        KubernetesObject(
          "argoproj.io/v1alpha1", "Application", name: name, namespace: tool.namespace, labels: labels,
          body: [
            "spec": .map([
              "project": "default",
              "source": .map(["repoURL": repository, "targetRevision": .string(revision), "path": .string(path)]),
              "destination": destination, "syncPolicy": syncPolicy,
            ])
          ])
      }
      var units: [KubernetesObject] = []
      if charts { units.append(application(chartsName, path: chartsPath, syncPolicy: .map(["automated": automated]))) }
      units.append(application(platform, path: path, syncPolicy: sync))
      guard tenants else { return units }
      let applicationSet = KubernetesObject(
        "argoproj.io/v1alpha1", "ApplicationSet", name: tenantsName, namespace: tool.namespace, labels: labels,
        body: [
          "spec": .map([
            "generators": [
              .map([
                "git": .map([
                  "repoURL": repository, "revision": .string(revision),
                  "directories": [.map(["path": .string("\(path)/tenants/*")])],
                ])
              ])
            ],
            "template": .map([
              "metadata": .map(["name": .string("\(stack)-{{path.basename}}")]),
              "spec": .map([
                "project": "default",
                "source": .map(["repoURL": repository, "targetRevision": .string(revision), "path": "{{path}}"]),
                "destination": destination, "syncPolicy": sync,
              ]),
            ]),
          ])
        ])
      return units + [applicationSet]
    }
  }
}
