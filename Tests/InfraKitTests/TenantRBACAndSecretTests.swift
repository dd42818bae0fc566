import InfraKit
import Testing

/// In Swift: a group bound in a tenant's namespace (`Access.namespace(_:group:clusterRole:to:)`)
/// is a RoleBinding in the tenant's folder, and is refused where nothing would bind it; the
/// External Secrets controller's identity admits the cluster's tenants whether they were made
/// before or after it.
@Suite struct TenantRBACAndSecretTests {
  private static let file = "Tests/InfraKitTests/TenantRBACAndSecretTests.swift"

  private static func stack(
    access: [Access], externalSecrets: ExternalSecretsOrder? = nil, tenants: [String] = ["acme"]
  ) -> Stack {
    Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      let cluster = Cluster("main", version: "1.35", network: network, podSecurityGroups: true) {
        for grant in access { grant }
        NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
      }
      if externalSecrets == .beforeTenants { WorkloadIdentity.externalSecrets(cluster: cluster) }
      for name in tenants {
        Tenant(name, cluster: cluster, database: Database("tenant-\(name)", engine: .postgres("16"), network: network))
      }
      if externalSecrets == .afterTenants { WorkloadIdentity.externalSecrets(cluster: cluster) }
    }
  }

  enum ExternalSecretsOrder { case beforeTenants, afterTenants }

  @Test func aGroupBoundInATenantsNamespaceIsARoleBindingThere() throws {
    let stack = try Self.stack(
      access: [
        .namespace("acme", group: "acme-operators", clusterRole: "acme-operator", to: ["arn:aws:iam::111122223333:role/acme-ops"])
      ]
    ).synthesize()
    let entry = try #require(stack.configuration.resources.first { $0.type == "aws_eks_access_entry" })
    #expect(entry.body["kubernetes_groups"] == ["acme-operators"])
    let folder = try #require(stack.manifests.first { $0.folder == "tenants/acme" }).manifests
    let binding = try #require(folder.objects.first { $0.kind == "RoleBinding" })
    #expect(binding.name == "acme-operators" && binding.namespace == "acme")
    #expect(binding["roleRef"] == .map(["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "acme-operator"]))
    #expect(binding["subjects"] == [.map(["apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "acme-operators"])])
    // No EKS access policy: the binding is what the group may do.
    #expect(!stack.configuration.resources.contains { $0.type == "aws_eks_access_policy_association" })
  }

  @Test func aGroupBoundWhereNoTenantIsOrToTwoRolesIsAnError() {
    let line = #line + 3
    let errors = synthesisErrors(
      Self.stack(access: [
        .namespace("payments", group: "payments-deployers", clusterRole: "edit", to: ["arn:aws:iam::111122223333:role/ci"]),
        .namespace("acme", group: "acme-deployers", clusterRole: "edit", to: ["arn:aws:iam::111122223333:role/acme-ci"]),
        .namespace("acme", group: "acme-deployers", clusterRole: "admin", to: ["arn:aws:iam::111122223333:role/acme-leads"]),
      ]))
    #expect(errors == [
      "\(Self.file):\(line + 2):19: error: cluster 'main': group 'acme-deployers' is bound in namespace 'acme' to both 'edit' and 'admin'; bind each group once in a namespace: a ClusterRole of your own can hold what both allow [duplicate-group-binding]",
      "\(Self.file):\(line):19: error: cluster 'main': group 'payments-deployers' is bound in namespace 'payments', which is no tenant's, so its members would be given nothing; bind groups in a tenant's namespace, or grant a namespace that is not a tenant's with Access.namespace(_:edit:) or (_:view:) [group-binding-without-tenant]",
    ])
  }

  @Test func theControllerAdmitsTenantsMadeBeforeOrAfterIt() throws {
    let before = try Self.stack(access: [], externalSecrets: .beforeTenants, tenants: ["acme", "globex"]).synthesize()
    let after = try Self.stack(access: [], externalSecrets: .afterTenants, tenants: ["acme", "globex"]).synthesize()
    func roles(_ stack: SynthesizedStack) -> String {
      resourceJSON(stack.configuration) { $0.type == "aws_iam_role" && $0.name.hasSuffix("_workload_role") }
    }
    #expect(roles(before) == roles(after))
    let trust = #"\"Principal\" = {\"AWS\" = aws_iam_role.external_secrets_role.arn}"#
    #expect(roles(after).components(separatedBy: trust).count == 3, "both tenants' roles trust the controller")
    for stack in [before, after] {
      let folder = try #require(stack.manifests.first { $0.folder == "tenants/globex" }).manifests
      #expect(folder.objects.map(\.kind).filter { $0.hasPrefix("External") || $0 == "SecretStore" } == ["SecretStore", "ExternalSecret"])
    }
  }

  @Test func aControllerTheClusterCannotGiveAnIdentityAdmitsNoTenant() throws {
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      let cluster = Cluster("main", version: "1.35", network: network, addons: [], podSecurityGroups: true) {
        NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
      }
      WorkloadIdentity.externalSecrets(cluster: cluster)
      #expect(cluster.externalSecrets == nil)
    }
    #expect(synthesisErrors(stack).contains { $0.contains("[workload-identity-without-agent]") })
  }
}
