import InfraCore
import Manifests

/// Every TargetGroupBinding the stack's manifests write has the AWS Load Balancer Controller
/// installed by the same manifests to act on it.
public enum KubernetesBindingWithoutControllerRule: LintRule {
  public static let description = RuleDescription(
    id: "kubernetes-binding-without-controller",
    title: "A TargetGroupBinding has the AWS Load Balancer Controller to act on it", severity: .warning,
    rationale: """
      A TargetGroupBinding only names a target group and a Service; the AWS Load Balancer \
      Controller is what registers the Service's pods in the group. Without the controller the \
      group stays empty, every target is missing, and the load balancer answers 503 to every \
      request, although the Terraform plan and the manifests both look complete. The rule reads \
      the manifests infra writes (kubernetes/ beside the Terraform): when they hold an \
      elbv2.k8s.aws TargetGroupBinding, some Flux HelmRelease or Argo CD Application of the \
      same manifests must install the aws-load-balancer-controller chart.
      """,
    fix: """
      give the cluster the controller's identity, WorkloadIdentity.loadBalancerController(cluster:targetGroupArns:), \
      which also installs its chart (stack files do this for every load balancer that sends to the \
      cluster); or, when the controller is installed another way, suppress the rule with that reason
      """)

  /// The chart whose release acts on TargetGroupBindings.
  static let chart = "aws-load-balancer-controller"

  public static func problems(in stack: LintedStack, settings: LintSettings) -> [LintProblem] {
    let objects = stack.kubernetes.objects
    guard !objects.contains(where: { $0.installedChart == chart }) else { return [] }
    return objects.filter { $0.is("TargetGroupBinding", "elbv2.k8s.aws/v1beta1") }.map { binding in
      LintProblem(
        address: binding.address,
        message: "\(binding.address) binds a target group, but the stack's manifests install no AWS Load Balancer Controller: the group stays empty and the load balancer answers 503",
        element: binding.folder.terraformAddress)
    }
  }

  public static let examples: [LintExample] = [
    .passing {
      KubernetesManifests("main", folder: "clusters/main", inStackKustomization: true) { _, folder in
        folder.add(
          KubernetesObject(
            "elbv2.k8s.aws/v1beta1", "TargetGroupBinding", name: "web-app", namespace: "default",
            body: ["spec": .map(["serviceRef": .map(["name": "app", "port": 8080]), "targetGroupARN": "arn:aws:elasticloadbalancing:…"])]),
          to: "target-group-bindings.yaml")
      }
      KubernetesManifests("charts", folder: "clusters/main/charts", inStackKustomization: false) { _, folder in
        folder.add(
          KubernetesObject(
            "helm.toolkit.fluxcd.io/v2", "HelmRelease", name: "aws-load-balancer-controller", namespace: "flux-system",
            body: ["spec": .map(["chart": .map(["spec": .map(["chart": "aws-load-balancer-controller", "version": "3.0.0"])])])]),
          to: "releases.yaml")
      }
    },
    .failing([
      "TargetGroupBinding/acme/web-app binds a target group, but the stack's manifests install no AWS Load Balancer Controller: the group stays empty and the load balancer answers 503"
    ]) {
      KubernetesManifests("acme", folder: "tenants/acme", inStackKustomization: false) { _, folder in
        folder.add(
          KubernetesObject(
            "elbv2.k8s.aws/v1beta1", "TargetGroupBinding", name: "web-app", namespace: "acme",
            body: ["spec": .map(["serviceRef": .map(["name": "app", "port": 8080]), "targetGroupARN": "arn:aws:elasticloadbalancing:…"])]),
          to: "load-balancers.yaml")
      }
    },
  ]
}
