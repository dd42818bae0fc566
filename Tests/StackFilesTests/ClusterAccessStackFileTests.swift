import InfraKit
import Testing

/// `access: {policies: …, groups: …}` of a cluster, and `podsReachInstanceMetadata:` of a pool.
@Suite struct ClusterAccessStackFileTests {
  private func resources(_ cluster: String) throws -> [String: ResourceBlock] {
    let folder = try StackFolder(["stack.yaml": minimalStack + "cluster:\n" + cluster])
    let configuration = try #require(try folder.stacks().first).synthesize().configuration
    return Dictionary(uniqueKeysWithValues: configuration.resources.map { ("\($0.type).\($0.name)", $0) })
  }

  @Test func policiesAndGroupsBecomeAssociationsAndTheEntrysGroups() throws {
    let resources = try resources("""
        access:
          policies:
            - {policy: AmazonEKSAdminPolicy, principals: [arn:aws:iam::111122223333:role/leads], namespaces: [payments]}
          groups:
            deployers: [arn:aws:iam::111122223333:role/ci]
        nodePools:
          - {name: legacy, instanceTypes: [m6i.large], minSize: 1, maxSize: 3, podsReachInstanceMetadata: true}

      """)
    let admin = try #require(resources["aws_eks_access_policy_association.main_access_111122223333_role_leads_admin"])
    #expect(admin.body["policy_arn"] == "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy")
    let scope = try #require(admin.body.blocks("access_scope").first)
    #expect(scope["type"] == "namespace")
    #expect(scope["namespaces"] == .list(["payments"]))
    #expect(resources["aws_eks_access_entry.main_access_111122223333_role_ci"]?.body["kubernetes_groups"] == .list(["deployers"]))
    #expect(
      resources["aws_launch_template.main_pool_legacy_template"]?.body.blocks("metadata_options").first?["http_put_response_hop_limit"]
        == 2)
  }

  @Test func aPolicyGrantWithoutItsPolicyIsLocatedAtTheGrant() throws {
    let folder = try StackFolder([
      "stack.yaml": minimalStack + """
        cluster:
          access:
            policies:
              - {principals: [arn:aws:iam::111122223333:role/leads]}

        """
    ])
    #expect(folder.problems() == [
      "stack.yaml:9:9: error: an access policy grant needs 'policy'; add 'policy: AmazonEKSAdminPolicy' [stack-missing-key]"
    ])
  }

  @Test func aKubernetesOwnGroupIsAnErrorAtItsPrincipals() throws {
    let folder = try StackFolder([
      "stack.yaml": minimalStack + """
        cluster:
          access:
            groups:
              system:masters: [arn:aws:iam::111122223333:role/ci]

        """
    ])
    #expect(try folder.synthesisErrors() == [
      "stack.yaml:9:23: error: cluster 'main': 'system:masters' is one of Kubernetes' own groups (system:), which no access entry may give; grant cluster administration through admins, or name a group of your own that your RBAC bindings bind [invalid-kubernetes-group]"
    ])
  }
}
