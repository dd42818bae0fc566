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

  /// The objects for `tool`: a unit that applies the stack's folder (the clusters' objects,
  /// these among them) and, when the stack has tenants, a unit per tenant folder, found by
  /// directory so that adding a tenant changes no other file.
  func objects(tool: Cluster.GitOps, stack: String, tenants: Bool) -> [KubernetesObject] {
    let labels = ["app.kubernetes.io/managed-by": "infra"]
    let path = path ?? "out/\(stack)/kubernetes"
    let platform = "\(stack)-platform"
    let tenantsName = "\(stack)-tenants"
    switch tool {
    case .flux:
      func kustomization(_ name: String, path: String, dependsOn: String? = nil) -> KubernetesObject {
        KubernetesObject(
          "kustomize.toolkit.fluxcd.io/v1", "Kustomization", name: name, namespace: tool.namespace, labels: labels,
          body: [
            "spec": .map([
              "interval": "10m",
              "sourceRef": .map(["kind": "GitRepository", "name": "flux-system"]),
              "path": .string("./\(path)"),
              "prune": true,
              "dependsOn": dependsOn.map { [.map(["name": .string($0)])] },
            ])
          ])
      }
      return [kustomization(platform, path: path)] + (tenants ? [kustomization(tenantsName, path: "\(path)/tenants", dependsOn: platform)] : [])
    case .argoCD:
      let repository = ManifestValue.string(repository ?? "")
      let sync: ManifestValue = .map(["automated": .map(["prune": true, "selfHeal": true])])
      let destination: ManifestValue = .map(["server": "https://kubernetes.default.svc"])
      let application = KubernetesObject(
        "argoproj.io/v1alpha1", "Application", name: platform, namespace: tool.namespace, labels: labels,
        body: [
          "spec": .map([
            "project": "default",
            "source": .map(["repoURL": repository, "targetRevision": .string(revision), "path": .string(path)]),
            "destination": destination, "syncPolicy": sync,
          ])
        ])
      guard tenants else { return [application] }
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
      return [application, applicationSet]
    }
  }
}
