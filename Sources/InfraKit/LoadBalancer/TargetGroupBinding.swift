import Manifests

/// A load balancer's target group whose targets are the pods behind a Service: the AWS Load
/// Balancer Controller keeps the group's IP targets in step with the Service's ready endpoints.
/// infra made the group, its listener rule and the security-group rules; the binding only names
/// the group, so the controller changes nothing else.
struct TargetGroupBinding {
  /// The load balancer's id and the target's name, which name the binding.
  let loadBalancer: String
  let target: String
  let namespace: String
  let service: String
  /// The Service's port whose endpoints are registered.
  let port: Int
  let targetGroupArn: Value<String>

  /// `<load balancer>-<target>`: one binding per target group.
  var name: String { Self.name(loadBalancer: loadBalancer, target: target) }

  static func name(loadBalancer: String, target: String) -> String { "\(loadBalancer)-\(target)" }

  func object(_ manifests: KubernetesManifests) -> KubernetesObject {
    KubernetesObject(
      "elbv2.k8s.aws/v1beta1", "TargetGroupBinding", name: name, namespace: namespace,
      labels: ["app.kubernetes.io/managed-by": "infra"],
      body: [
        "spec": .map([
          "serviceRef": .map(["name": .string(service), "port": .int(port)]),
          "targetGroupARN": manifests.value("\(name)-target-group-arn", targetGroupArn),
          "targetType": "ip",
        ])
      ])
  }
}
