import InfraCore
import InfraKit
import Terraform
import Testing

/// The controllers a stack file's cluster runs get their identities: the AWS Load Balancer
/// Controller whenever load balancer targets run in the cluster, external-dns and cert-manager
/// where `controllers:` names them, scoped to the zones of the load balancers' domains.
@Suite struct ControllerStackFileTests {
  private static func stackFile(controllers: String, loadBalancer: String) -> String {
    minimalStack + """
      cluster:
        version: "1.31"
        controllers: \(controllers)
      loadBalancers:
      \(loadBalancer)
      """
  }

  private static let webWithDomain =
    "  - {name: web, scheme: internet-facing, domain: {zone: dev.example.com}, targets: [{name: app, port: 8080, hosts: [app.dev.example.com]}]}\n"

  /// The `Resource` of each statement of the inline policy of the identity `id`.
  private func resources(_ configuration: TerraformConfiguration, of id: String) throws -> [Expr?] {
    let policy = try #require(configuration.resources.first { $0.type == "aws_iam_role_policy" && $0.name == "\(id)_permissions" })
    guard case .call(_, let arguments)? = policy.body["policy"], case .object(let document)? = arguments.first,
      case .list(let statements)? = document["Statement"]
    else { return [] }
    return statements.map { statement in
      guard case .object(let fields) = statement else { return nil }
      return fields["Resource"]
    }
  }

  @Test func eachControllerMayTouchOnlyTheZoneOfTheDomainAndTheTargetGroupsInTheCluster() throws {
    let folder = try StackFolder(["stack.yaml": Self.stackFile(controllers: "[external-dns, cert-manager]", loadBalancer: Self.webWithDomain)])
    let configuration = try #require(try folder.stacks().first).synthesize().configuration
    let associations = configuration.resources.filter { $0.type == "aws_eks_pod_identity_association" }
    #expect(associations.map(\.name) == [
      "aws_load_balancer_controller_association", "external_dns_association", "cert_manager_association",
    ])
    #expect(associations.map { $0.body["service_account"] } == ["aws-load-balancer-controller", "external-dns", "cert-manager"])
    let zone: Expr = "arn:aws:route53:::hostedzone/\(Expr.reference(.resource(type: "aws_route53_zone", name: "web_zone").attribute("zone_id")))"
    #expect(try resources(configuration, of: "external_dns") == [[zone], ["*"]])
    #expect(try resources(configuration, of: "cert_manager") == [[zone], [zone], ["arn:aws:route53:::change/*"], ["*"]])
    let targetGroup = Expr.reference(.resource(type: "aws_lb_target_group", name: "web_target_app").attribute("arn"))
    #expect(try resources(configuration, of: "aws_load_balancer_controller") == [["*"], [targetGroup]])
  }

  @Test func targetsOutsideTheClusterNeedNoController() throws {
    let folder = try StackFolder([
      "stack.yaml": Self.stackFile(
        controllers: "[]",
        loadBalancer: "  - {name: web, scheme: internal, certificateArn: arn:aws:acm:eu-west-1:111122223333:certificate/abc, targetsInCluster: false, targets: [{name: app, port: 8080}]}\n")
    ])
    let configuration = try #require(try folder.stacks().first).synthesize().configuration
    #expect(!configuration.resources.contains { $0.type == "aws_eks_pod_identity_association" })
  }

  @Test func aControllerWithNoZoneOrThatInfraDoesNotKnowIsALocatedError() throws {
    let folder = try StackFolder([
      "stack.yaml": Self.stackFile(
        controllers: "[cert-manager, external-dsn]",
        loadBalancer: "  - {name: web, scheme: internal, certificateArn: arn:aws:acm:eu-west-1:111122223333:certificate/abc}\n")
    ])
    #expect(folder.problems() == [
      "stack.yaml:8:31: error: the cluster: 'controllers' cannot be 'external-dsn'; did you mean 'external-dns'? choose one of: external-dns, cert-manager, external-secrets [stack-invalid-value]",
      "stack.yaml:8:17: error: the cluster runs cert-manager, which may change records only in the zones of the load balancers' domains, but no load balancer has a domain; give a load balancer 'domain: {zone: example.com}', or remove cert-manager from 'controllers' [stack-missing-part]",
    ])
  }

  @Test func eachControllerIsInstalledFromItsChartByTheGitOpsToolNamed() throws {
    for (tool, kind) in [("", "HelmRelease"), ("flux", "HelmRelease"), ("argocd", "Application")] {
      let text = Self.stackFile(controllers: "[external-dns, cert-manager]", loadBalancer: Self.webWithDomain)
        .replacingOccurrences(of: "  controllers:", with: tool.isEmpty ? "  controllers:" : "  gitOps: \(tool)\n  controllers:")
      let stack = try #require(try StackFolder(["stack.yaml": text]).stacks().first).synthesize()
      let objects = try #require(stack.manifests.first { $0.folder == "clusters/main/charts" }).manifests.objects
      // Beside the controllers, a production cluster runs the exporters its Prometheus alerts read.
      #expect(
        objects.filter { $0.kind == kind }.map(\.name)
          == ["aws-load-balancer-controller", "cert-manager", "external-dns", "kube-state-metrics", "prometheus-node-exporter"])
      // external-dns changes records only in the zone infra made, by its id from Terraform.
      let dns = try #require(objects.first { $0.kind == kind && $0.name == "external-dns" })
      let values = kind == "Application" ? dns["spec"]?["source"]?["helm"]?["valuesObject"] : dns["spec"]?["values"]
      #expect(values?["extraArgs"] == ["--zone-id-filter", .fromTerraform(key: "hosted-zone-id-0")])
    }
  }

  @Test func aGitOpsToolInfraDoesNotKnowIsALocatedError() throws {
    let text = Self.stackFile(controllers: "[cert-manager]", loadBalancer: Self.webWithDomain)
      .replacingOccurrences(of: "  controllers:", with: "  gitOps: argo\n  controllers:")
    let problems = try StackFolder(["stack.yaml": text]).problems()
    #expect(problems == [
      "stack.yaml:8:11: error: the cluster: 'gitOps' cannot be 'argo'; did you mean 'argocd'? choose one of: flux, argocd [stack-invalid-value]"
    ])
  }

  @Test func aGitOpsMappingWritesTheBootstrapAndArgoCDWithoutARepositoryIsAnErrorAtIt() throws {
    func stack(_ gitOps: String) -> String {
      Self.stackFile(controllers: "[cert-manager]", loadBalancer: Self.webWithDomain)
        .replacingOccurrences(of: "  controllers:", with: "  gitOps: \(gitOps)\n  controllers:")
    }
    let synthesized = try #require(try StackFolder(["stack.yaml": stack("{tool: argocd, repository: https://git.example.com/p.git, path: k8s/prod}")]).stacks().first).synthesize()
    let objects = try #require(synthesized.manifests.first { $0.folder == "clusters/main" }).manifests.objects
    let platform = try #require(objects.first { $0.kind == "Application" && $0.name == "stack-platform" })
    #expect(platform["spec"]?["source"] == .map(["repoURL": "https://git.example.com/p.git", "targetRevision": "main", "path": "k8s/prod"]))
    let problems = try synthesisErrors(stack("{tool: argocd}"))
    #expect(problems == [
      "stack.yaml:8:11: error: cluster 'main': Argo CD's bootstrap needs the repository it reads the folder from; give repository: the URL Argo CD clones, e.g. https://git.example.com/platform.git [gitops-bootstrap-repository]"
    ])
  }
}
