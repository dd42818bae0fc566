import InfraCore
import InfraKit
import Terraform
import Testing

/// A load balancer target that runs in a tenant's namespace reaches its pods through the
/// tenant's pod security group, which those pods carry instead of the cluster's.
@Suite struct TenantTargetTests {
  private static func stackFile(target: String) -> String {
    TenantTests.stackFile(tenants: 1) + """
      loadBalancers:
        - name: web
          scheme: internal
          certificateArn: arn:aws:acm:eu-west-1:111122223333:certificate/abc
          targets:
            - {name: platform, port: 8080}
            - \(target)

      """
  }

  @Test func theLoadBalancerIsLetIntoTheTenantsPodSecurityGroupOnItsTargetPortOnly() throws {
    let folder = try StackFolder(["stack.yaml": Self.stackFile(target: "{name: shop, port: 9090, tenant: client-0}")])
    let configuration = try #require(try folder.stacks().first).synthesize().configuration
    let loadBalancerGroup = Expr.reference(.resource(type: "aws_security_group", name: "web_security_group").attribute("id"))
    let podGroup = Expr.reference(.resource(type: "aws_security_group", name: "client_0_pods").attribute("id"))
    let clusterGroup = Expr.reference(
      .resource(type: "aws_eks_cluster", name: "main_cluster").attribute("vpc_config")[0].attribute("cluster_security_group_id"))
    let ingress = configuration.resources.filter {
      $0.type == "aws_vpc_security_group_ingress_rule" && $0.body["referenced_security_group_id"] == loadBalancerGroup
    }
    #expect(ingress.map(\.name) == ["web_cluster_8080", "web_pods_shop"])
    #expect(ingress.map { $0.body["security_group_id"] } == [clusterGroup, podGroup])
    #expect(ingress.map { $0.body["from_port"] } == [8080, 9090])
    #expect(ingress.map { $0.body["to_port"] } == [8080, 9090])
    let egress = configuration.resources.filter {
      $0.type == "aws_vpc_security_group_egress_rule" && $0.body["security_group_id"] == loadBalancerGroup
    }
    #expect(egress.map(\.name) == ["web_to_cluster_8080", "web_to_pods_shop"])
    #expect(egress.map { $0.body["referenced_security_group_id"] } == [clusterGroup, podGroup])
    #expect(egress.map { $0.body["from_port"] } == [8080, 9090])
  }

  @Test func aTenantTheStackDoesNotHaveIsALocatedError() throws {
    let folder = try StackFolder(["stack.yaml": Self.stackFile(target: "{name: shop, port: 9090, tenant: client-1}")])
    #expect(folder.problems() == [
      "stack.yaml:18:42: error: target 'shop' runs in tenant 'client-1', which the stack's tenants do not name; name one of: client-0 [stack-invalid-value]"
    ])
  }

  @Test func aTargetsServiceAndNamespaceNameItsTargetGroupBinding() throws {
    let folder = try StackFolder([
      "stack.yaml": Self.stackFile(target: "{name: shop, port: 9090, tenant: client-0, service: storefront}")
        .replacingOccurrences(of: "{name: platform, port: 8080}", with: "{name: platform, port: 8080, namespace: ops, service: console}")
    ])
    let stack = try #require(try folder.stacks().first).synthesize()
    let bindings = stack.manifests.flatMap { folder in
      folder.manifests.objects.filter { $0.kind == "TargetGroupBinding" }.map { (folder.folder, $0) }
    }
    #expect(
      bindings.map { "\($0.0): \($0.1.namespace ?? "")/\($0.1.name) -> \($0.1["spec"]?["serviceRef"]?["name"]?.stringValue ?? "")" } == [
        "clusters/main: ops/web-platform -> console", "tenants/client-0: client-0/web-shop -> storefront",
      ])
  }

  @Test func aTenantsTargetInAnotherNamespaceIsALocatedError() throws {
    let folder = try StackFolder(["stack.yaml": Self.stackFile(target: "{name: shop, port: 9090, tenant: client-0, namespace: shop}")])
    #expect(folder.problems() == [
      "stack.yaml:18:63: error: target 'shop' names both 'tenant' and 'namespace', but a tenant's Services are in the tenant's own namespace; remove 'namespace' [stack-invalid-value]"
    ])
  }
}
