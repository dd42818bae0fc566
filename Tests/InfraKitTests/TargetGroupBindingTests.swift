import InfraKit
import Testing

/// A request reaches a pod when the target group its listener rule forwards to holds the pods
/// of a Service: each target group infra makes for a cluster gets a `TargetGroupBinding` naming
/// it (by the ARN Terraform gives the folder) and the Service, in the tenant's folder for a
/// tenant's target and in the cluster's otherwise.
@Suite struct TargetGroupBindingTests {
  private static func stack(targets: @escaping (Tenant) -> [LoadBalancer.Target]) throws -> SynthesizedStack {
    try Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      let cluster = Cluster("main", version: "1.35", network: network, podSecurityGroups: true) {
        NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
      }
      let database = Database("tenant-acme", engine: .postgres("16"), network: network)
      let acme = Tenant("acme", cluster: cluster, database: database)
      LoadBalancer(
        "web", scheme: .internetFacing, network: network, cluster: cluster,
        certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d", targets: targets(acme))
    }.synthesize()
  }

  private static func folder(_ stack: SynthesizedStack, _ path: String) throws -> KubernetesManifests {
    try #require(stack.manifests.first { $0.folder == path })
  }

  @Test func aTenantsTargetIsBoundToItsServiceInItsOwnFolder() throws {
    let stack = try Self.stack { acme in [.tenant(acme, "shop", port: 9090, service: "storefront")] }
    let tenant = try Self.folder(stack, "tenants/acme")
    let binding = try #require(tenant.manifests.objects.first { $0.kind == "TargetGroupBinding" })
    #expect(binding.name == "web-shop")
    #expect(binding.namespace == "acme")
    #expect(binding["spec"] == .map([
      "serviceRef": .map(["name": "storefront", "port": 9090]),
      "targetGroupARN": .fromTerraform(key: "web-shop-target-group-arn"),
      "targetType": "ip",
    ]))
    #expect(tenant.manifests.files.contains { $0.name == "load-balancers.yaml" })
    // The controller's webhook gates the tenant's pods on their targets' health.
    let namespace = try #require(tenant.manifests.objects.first { $0.kind == "Namespace" })
    #expect(namespace.labels["elbv2.k8s.aws/pod-readiness-gate-inject"] == "enabled")
    // The ARN is the one of the group the HTTPS listener's rule forwards to.
    let rule = try #require(stack.configuration.resources.first { $0.type == "aws_lb_listener_rule" })
    let forward = rule.body.blocks("action").first?["target_group_arn"]
    #expect(forward == .reference(.resource(type: "aws_lb_target_group", name: "web_target_shop").attribute("arn")))
    let output = try #require(stack.configuration.outputs.first { $0.name == tenant.logicalID })
    guard case .template(let parts) = output.value else {
      Issue.record("the folder's output is not a template")
      return
    }
    let key = try #require(parts.firstIndex(of: "\nweb-shop-target-group-arn="))
    #expect(parts[key + 1] == forward)
    // Nothing about the tenant's Service lands in the cluster's folder.
    #expect(try !Self.folder(stack, "clusters/main").manifests.objects.contains { $0.kind == "TargetGroupBinding" })
  }

  @Test func anotherTargetIsBoundInTheClustersFolderInTheNamespaceGiven() throws {
    let stack = try Self.stack { _ in [.init("app", port: 8080), .init("api", port: 8081, namespace: "platform", service: "gateway")] }
    let bindings = try Self.folder(stack, "clusters/main").manifests.objects.filter { $0.kind == "TargetGroupBinding" }
    #expect(
      bindings.map { binding in
        let service = binding["spec"]?["serviceRef"]
        guard case .int(let port)? = service?["port"] else { return "no port" }
        return "\(binding.namespace ?? "")/\(binding.name) -> \(service?["name"]?.stringValue ?? ""):\(port)"
      } == [
        "default/web-app -> app:8080", "platform/web-api -> gateway:8081",
      ])
  }

  @Test func aServiceOrNamespaceKubernetesWouldRejectIsAnErrorAtTheLoadBalancer() throws {
    let line = #line + 7
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      let cluster = Cluster("main", network: network) { NodePool("general", instanceTypes: ["m6i.large"], size: 3...9) }
      LoadBalancer(
        "web", scheme: .internetFacing, network: network, cluster: cluster,
        certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d",
        targets: [.init("app", port: 8080, namespace: "Shop", service: "1st-service"), .init("API", port: 8081)])
    }
    let error = try #require(throws: SynthesisError.self) { try stack.synthesize() }
    let at = "Tests/InfraKitTests/TargetGroupBindingTests.swift:\(line - 3):19: error:"
    #expect(
      error.diagnostics.map(\.description) == [
        "\(at) target 'app' of load balancer 'web' is in 'Shop', which is not a Kubernetes namespace name; use at most 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit [invalid-namespace]",
        "\(at) target 'app' of load balancer 'web' is Service '1st-service', which is not a Kubernetes Service name; use at most 63 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit [invalid-service-name]",
        "\(at) target 'API' of load balancer 'web' is Service 'API', which is not a Kubernetes Service name; use at most 63 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit [invalid-service-name]",
        "\(at) target 'API' of load balancer 'web' names its TargetGroupBinding 'web-API', which is not a Kubernetes object name; name the load balancer and the target with lowercase letters, digits and hyphens [invalid-target-name]",
      ])
  }
}
