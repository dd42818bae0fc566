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
}
