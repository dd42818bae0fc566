import InfraKit
import Testing

/// Access entries and policy associations are named from the principal's ARN and the policy, so
/// adding, removing or reordering grants renames none of the others.
@Suite struct AccessEntryTests {
  private static let file = "Tests/InfraKitTests/AccessEntryTests.swift"

  private func synthesize(@ClusterBuilder _ body: @escaping () -> [ClusterBuilder.Part]) throws -> TerraformConfiguration {
    try Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      Cluster("main", version: "1.31", network: network, body)
    }.synthesize().configuration
  }

  /// `name: scope [namespaces]` of each association, and the name of each entry.
  private func access(_ configuration: TerraformConfiguration) -> [String] {
    configuration.resources.filter { $0.type.hasPrefix("aws_eks_access") }.map { block in
      guard block.type == "aws_eks_access_policy_association" else { return "entry \(block.name)" }
      let scope = block.body.blocks("access_scope").first
      var namespaces: [String] = []
      if case .list(let items)? = scope?["namespaces"] { namespaces = items.compactMap(\.stringValue) }
      return "association \(block.name): \(scope?["type"]?.stringValue ?? "") \(namespaces.joined(separator: ","))"
    }
  }

  @Test func namesComeFromTheAccountAndRoleNotTheGrantsPosition() throws {
    let before = try access(synthesize {
      Access.admins(["arn:aws:iam::111122223333:role/admins"])
      Access.namespace("payments", edit: ["arn:aws:iam::111122223333:role/payments-devs"])
    })
    let after = try access(synthesize {
      Access.viewers(["arn:aws:iam::111122223333:role/support"])
      Access.admins(["arn:aws:iam::111122223333:role/admins", "arn:aws:iam::444455556666:role/admins"])
      Access.namespace("payments", edit: ["arn:aws:iam::111122223333:role/payments-devs"])
    })
    #expect(before == [
      "entry main_access_111122223333_role_admins",
      "association main_access_111122223333_role_admins_cluster_admin: cluster ",
      "entry main_access_111122223333_role_payments_devs",
      "association main_access_111122223333_role_payments_devs_edit: namespace payments",
    ])
    // Inserting a grant before the others adds its resources and renames none.
    #expect(Set(before).isSubset(of: Set(after)))
    #expect(after.count == before.count + 4)
    #expect(after.contains("entry main_access_444455556666_role_admins"))
  }

  @Test func grantsOfOnePolicyToOnePrincipalShareAnAssociation() throws {
    let found = try access(synthesize {
      Access.namespace("acme", edit: ["arn:aws:iam::111122223333:role/devs"])
      Access.namespace("globex", edit: ["arn:aws:iam::111122223333:role/devs"])
      Access.namespace("acme", view: ["arn:aws:iam::111122223333:role/auditors"])
      Access.viewers(["arn:aws:iam::111122223333:role/auditors"])
    })
    #expect(found == [
      "entry main_access_111122223333_role_devs",
      "association main_access_111122223333_role_devs_edit: namespace acme,globex",
      "entry main_access_111122223333_role_auditors",
      "association main_access_111122223333_role_auditors_view: cluster ",
    ])
  }

  @Test func principalsThatWouldShareANameOrAreNotARNsAreErrorsAtTheGrant() {
    let line = #line + 5
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      Cluster("main", version: "1.31", network: network) {
        Access.admins(["arn:aws:iam::111122223333:role/team.admins"])
        Access.viewers(["arn:aws:iam::111122223333:role/team-admins"])
        Access.viewers(["arn:aws:iam::111122223333:role/ops", "arn:aws:iam::111122223333:role/ops-view"])
        Access.admins(["platform-admins"])
      }
    }
    let error = #expect(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(error?.diagnostics.map(\.description) == [
      "\(Self.file):\(line):23: error: cluster 'main': the access of 'arn:aws:iam::111122223333:role/team.admins' and of 'arn:aws:iam::111122223333:role/team-admins' would have the same name 'access-111122223333-role-team-admins'; grant one of them through a role whose ARN differs in more than punctuation and a policy's name [duplicate-access-entry]",
      "\(Self.file):\(line + 1):23: error: cluster 'main': the access of 'arn:aws:iam::111122223333:role/ops' and of 'arn:aws:iam::111122223333:role/ops-view' would have the same name 'access-111122223333-role-ops-view'; grant one of them through a role whose ARN differs in more than punctuation and a policy's name [duplicate-access-entry]",
      "\(Self.file):\(line + 2):22: error: cluster 'main': access for 'platform-admins', which is not an IAM role or user ARN; write the ARN, e.g. arn:aws:iam::111122223333:role/platform-admins [invalid-principal]",
    ])
  }

  @Test func anyAccessPolicyAndKubernetesGroupsReachTheEntryAndItsAssociations() throws {
    let configuration = try synthesize {
      Access.policy("AmazonEKSAdminPolicy", namespaces: ["payments"], to: ["arn:aws:iam::111122223333:role/leads"])
      Access.policy("AmazonEKSAdminPolicy", namespaces: ["ledger"], to: ["arn:aws:iam::111122223333:role/leads"])
      Access.policy("arn:aws:eks::aws:cluster-access-policy/AmazonEMRJobPolicy", to: ["arn:aws:iam::111122223333:role/leads"])
      Access.kubernetesGroups(["deployers"], to: ["arn:aws:iam::111122223333:role/ci"])
      Access.kubernetesGroups(["releasers", "deployers"], to: ["arn:aws:iam::111122223333:role/ci"])
    }
    #expect(access(configuration) == [
      "entry main_access_111122223333_role_leads",
      "association main_access_111122223333_role_leads_admin: namespace payments,ledger",
      "association main_access_111122223333_role_leads_emr_job: cluster ",
      "entry main_access_111122223333_role_ci",
    ])
    let resources = Dictionary(uniqueKeysWithValues: configuration.resources.map { ("\($0.type).\($0.name)", $0) })
    let admin = try #require(resources["aws_eks_access_policy_association.main_access_111122223333_role_leads_admin"])
    #expect(admin.body["policy_arn"] == "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy")
    #expect(admin.body["cluster_name"]?.references.map(\.object) == ["aws_eks_cluster.main_cluster"])
    let emr = try #require(resources["aws_eks_access_policy_association.main_access_111122223333_role_leads_emr_job"])
    #expect(emr.body["policy_arn"] == "arn:aws:eks::aws:cluster-access-policy/AmazonEMRJobPolicy")
    // Groups live on the entry, once each, in the order given; no association is made for them.
    let ci = try #require(resources["aws_eks_access_entry.main_access_111122223333_role_ci"])
    #expect(ci.body["kubernetes_groups"] == .list(["deployers", "releasers"]))
    #expect(ci.body["principal_arn"] == "arn:aws:iam::111122223333:role/ci")
    #expect(resources["aws_eks_access_entry.main_access_111122223333_role_leads"]?.body["kubernetes_groups"] == nil)
  }

  @Test func policiesAndGroupsEKSWouldRefuseAreErrorsAtTheGrant() {
    let line = #line + 4
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      Cluster("main", network: network) {
        Access.policy("Amazon EKS Admin", to: ["arn:aws:iam::111122223333:role/leads"])
        Access.policy("AmazonEKSEditPolicy", namespaces: [], to: ["arn:aws:iam::111122223333:role/devs"])
        Access.kubernetesGroups(["system:masters"], to: ["arn:aws:iam::111122223333:role/ci"])
        Access.kubernetesGroups([], to: ["arn:aws:iam::111122223333:role/ci"])
      }
    }
    let error = #expect(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(error?.diagnostics.map(\.description) == [
      "\(Self.file):\(line):22: error: cluster 'main': 'Amazon EKS Admin' is not the name of an EKS access policy; write a policy's name as `aws eks list-access-policies` lists it, e.g. AmazonEKSAdminPolicy [invalid-access-policy]",
      "\(Self.file):\(line + 1):22: error: cluster 'main': AmazonEKSEditPolicy is granted in no namespace; name the namespaces, or leave namespaces out to grant it on the whole cluster [invalid-access-policy]",
      "\(Self.file):\(line + 2):32: error: cluster 'main': 'system:masters' is one of Kubernetes' own groups (system:), which no access entry may give; grant cluster administration through admins, or name a group of your own that your RBAC bindings bind [invalid-kubernetes-group]",
      "\(Self.file):\(line + 3):32: error: cluster 'main': a grant of Kubernetes groups names no group; name the groups your RoleBindings and ClusterRoleBindings bind, e.g. deployers [invalid-kubernetes-group]",
    ])
  }
}
