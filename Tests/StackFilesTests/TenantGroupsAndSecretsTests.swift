import Foundation
import InfraCore
import InfraKit
import Testing

/// A tenant's `groups` become Kubernetes groups in its people's access entries and RoleBindings
/// in its namespace; `controllers: [external-secrets]` turns each tenant's database secret into a
/// Kubernetes Secret, read by External Secrets Operator as the tenant's own role. Followed from
/// the stack file to the objects and the IAM documents that make them work.
@Suite struct TenantGroupsAndSecretsTests {
  private static func stackFile(controllers: String = "[]", tenants: String) -> String {
    minimalStack + """
      cluster:
        version: "1.35"
        controllers: \(controllers)
      tenants:
        database: {engine: postgres, version: "16"}
        list:
      \(tenants)
      """
  }

  private static let acmeWithDeployers = """
        - name: acme
          editors: [arn:aws:iam::111122223333:role/acme-developers]
          groups:
            acme-deployers: {clusterRole: edit, principals: [arn:aws:iam::111122223333:role/acme-ci]}
            acme-auditors: {clusterRole: view, principals: [arn:aws:iam::111122223333:role/acme-audit]}

    """

  private static func synthesized(_ text: String) throws -> SynthesizedStack {
    let folder = try StackFolder(["stack.yaml": text])
    return try #require(try folder.stacks().first).synthesize()
  }

  /// The text of `file` in the manifest folder `path`, without its header line.
  private static func file(_ stack: SynthesizedStack, _ path: String, _ file: String) throws -> String? {
    let folder = try #require(stack.manifests.first { $0.folder == path }).manifests
    return folder.rendered(header: "h").first { $0.name == file }.map { String($0.text.dropFirst("# h\n".count)) }
  }

  /// The resources of the synthesized JSON, by type and name.
  private static func resources(_ stack: SynthesizedStack) throws -> [String: [String: [String: Any]]] {
    let json = try #require(try JSONSerialization.jsonObject(with: Data(stack.json())) as? [String: Any])
    return try #require(json["resource"] as? [String: [String: [String: Any]]])
  }

  @Test func aTenantsGroupIsInItsMembersAccessEntryAndBoundInItsNamespace() throws {
    let stack = try Self.synthesized(Self.stackFile(tenants: Self.acmeWithDeployers))
    let entries = try #require(try Self.resources(stack)["aws_eks_access_entry"])
    #expect(entries["main_access_111122223333_role_acme_ci"]?["kubernetes_groups"] as? [String] == ["acme-deployers"])
    #expect(entries["main_access_111122223333_role_acme_audit"]?["kubernetes_groups"] as? [String] == ["acme-auditors"])
    // Editors keep their EKS access policy and are in no group.
    #expect(entries["main_access_111122223333_role_acme_developers"]?["kubernetes_groups"] == nil)
    #expect(
      try Self.file(stack, "tenants/acme", "rbac.yaml") == """
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: acme-deployers
          namespace: acme
          labels:
            app.kubernetes.io/managed-by: infra
            environment: production
            tenant: acme
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: edit
        subjects:
          - apiGroup: rbac.authorization.k8s.io
            kind: Group
            name: acme-deployers
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: acme-auditors
          namespace: acme
          labels:
            app.kubernetes.io/managed-by: infra
            environment: production
            tenant: acme
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: view
        subjects:
          - apiGroup: rbac.authorization.k8s.io
            kind: Group
            name: acme-auditors

        """)
    #expect(try Self.file(stack, "tenants/acme", "kustomization.yaml")?.contains("  - rbac.yaml\n") == true)
  }

  @Test func aTenantWithoutGroupsHasNoRBACFile() throws {
    let stack = try Self.synthesized(Self.stackFile(tenants: "    - {name: acme, editors: [arn:aws:iam::111122223333:role/acme-developers]}\n"))
    #expect(try Self.file(stack, "tenants/acme", "rbac.yaml") == nil)
    #expect(try Self.file(stack, "tenants/acme", "kustomization.yaml")?.contains("rbac.yaml") == false)
  }

  @Test func groupProblemsAreLocated() throws {
    let folder = try StackFolder([
      "stack.yaml": Self.stackFile(
        tenants: """
              - name: acme
                groups:
                  deployers: {clusterRole: cluster-admin, principals: [arn:aws:iam::111122223333:role/acme-ci]}
                  Ops_Team: {clusterRole: edit, principals: [arn:aws:iam::111122223333:role/acme-ops]}
                  readers: {clusterRole: view}
              - name: globex
                groups:
                  deployers: {clusterRole: edit, principals: [arn:aws:iam::111122223333:role/globex-ci]}

          """)
    ])
    #expect(folder.problems() == [
      "stack.yaml:16:18: error: group 'readers' of tenant 'acme' needs 'principals'; add 'principals: [arn:aws:iam::111122223333:role/acme-ci]' [stack-missing-key]",
      "stack.yaml:19:9: error: tenant 'globex': group 'deployers' is also bound by tenant 'acme', so each one's members would get into both namespaces; give each tenant groups of its own, e.g. globex-deployers [stack-invalid-value]",
    ])
    // With the stack file's own problems fixed, the cluster's checks remain.
    let fixed = try StackFolder([
      "stack.yaml": Self.stackFile(
        tenants: """
              - name: acme
                groups:
                  deployers: {clusterRole: cluster-admin, principals: [arn:aws:iam::111122223333:role/acme-ci]}
                  Ops_Team: {clusterRole: edit, principals: [arn:aws:iam::111122223333:role/acme-ops]}

          """)
    ])
    #expect(try fixed.synthesisErrors() == [
      "stack.yaml:14:9: error: cluster 'main': binding 'cluster-admin' in namespace 'acme' would let group 'deployers' change the namespace's quota and limits; bind edit, view or admin, or a ClusterRole of your own [invalid-cluster-role]",
      "stack.yaml:15:9: error: cluster 'main': the group 'Ops_Team' bound in namespace 'acme' cannot name its RoleBinding; use at most 253 lowercase letters, digits, hyphens and dots, starting and ending with a letter or digit [invalid-kubernetes-group]",
    ])
  }

  @Test func withExternalSecretsEachTenantGetsItsDatabaseSecretAsItsOwnRole() throws {
    let stack = try Self.synthesized(
      Self.stackFile(controllers: "[external-secrets]", tenants: "    - {name: acme, editors: [arn:aws:iam::111122223333:role/acme-developers]}\n"))
    #expect(
      try Self.file(stack, "tenants/acme", "database.yaml") == """
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: database
          namespace: acme
          labels:
            app.kubernetes.io/managed-by: infra
            environment: production
            tenant: acme
        data:
          DATABASE_HOST: terraform-output:database-host
          DATABASE_PORT: "5432"
          DATABASE_USER: acme
        ---
        apiVersion: external-secrets.io/v1
        kind: SecretStore
        metadata:
          name: database
          namespace: acme
          labels:
            app.kubernetes.io/managed-by: infra
            environment: production
            tenant: acme
        spec:
          provider:
            aws:
              service: SecretsManager
              region: eu-west-1
              role: terraform-output:role-arn
        ---
        apiVersion: external-secrets.io/v1
        kind: ExternalSecret
        metadata:
          name: database-credentials
          namespace: acme
          labels:
            app.kubernetes.io/managed-by: infra
            environment: production
            tenant: acme
        spec:
          refreshInterval: 1h
          secretStoreRef:
            kind: SecretStore
            name: database
          target:
            name: database-credentials
            creationPolicy: Owner
          data:
            - secretKey: username
              remoteRef:
                key: terraform-output:database-secret-arn
                property: username
            - secretKey: password
              remoteRef:
                key: terraform-output:database-secret-arn
                property: password

        """)
    let namespace = try #require(try Self.file(stack, "tenants/acme", "namespace.yaml"))
    #expect(namespace.hasSuffix("    tenant: acme\n  annotations:\n    external-secrets-role: terraform-output:role-arn\n"))
    // The folder's values: the role and the secret are the tenant's role and its database's secret.
    let manifests = try #require(stack.manifests.first { $0.folder == "tenants/acme" })
    let output = try #require(stack.configuration.outputs.first { $0.name == manifests.logicalID })
    #expect(
      output.value
        == .template([
          "database-host=", .reference(.resource(type: "aws_db_instance", name: "tenant_acme_instance").attribute("address")),
          "\ndatabase-secret-arn=",
          .reference(.resource(type: "aws_db_instance", name: "tenant_acme_instance").attribute("master_user_secret")[0].attribute("secret_arn")),
          "\npods-security-group-id=", .reference(.resource(type: "aws_security_group", name: "acme_pods").attribute("id")),
          "\nrole-arn=", .reference(.resource(type: "aws_iam_role", name: "acme_workload_role").attribute("arn")), "\n",
        ]))
    // The kustomization fills the role into the namespace's annotation and the store.
    let kustomization = try #require(try Self.file(stack, "tenants/acme", "kustomization.yaml"))
    #expect(kustomization.contains("""
            - select:
                kind: Namespace
                name: acme
              fieldPaths:
                - metadata.annotations.external-secrets-role
            - select:
                kind: SecretStore
                name: database
                namespace: acme
              fieldPaths:
                - spec.provider.aws.role

      """))

    // The controller may assume only roles tagged with its cluster's name, in the cluster's account;
    let resources = try Self.resources(stack)
    let roles = try #require(resources["aws_iam_role"])
    let controllerPolicy = try #require(resources["aws_iam_role_policy"]?["external_secrets_permissions"]?["policy"] as? String)
    let clusterArn = "aws_eks_cluster.main_cluster.arn"
    #expect(
      controllerPolicy
        == #"${jsonencode({"Statement" = [{"Action" = ["sts:AssumeRole", "sts:TagSession"], "Condition" = {"StringEquals" = {"iam:ResourceTag/external-secrets-cluster" = ["stack-main"]}}, "Effect" = "Allow", "Resource" = ["arn:${element(split(":", \#(clusterArn)), 1)}:iam::${element(split(":", \#(clusterArn)), 4)}:role/*"]}], "Version" = "2012-10-17"})}"#)
    let association = try #require(resources["aws_eks_pod_identity_association"]?["external_secrets_association"])
    #expect(association["namespace"] as? String == "external-secrets")
    #expect(association["service_account"] as? String == "external-secrets")
    #expect(roles["external_secrets_role"]?["assume_role_policy"] as? String == Self.podIdentityOnly)
    // … the tenant's role is tagged so, and trusts the controller's role beside Pod Identity;
    let tenantRole = try #require(roles["acme_workload_role"])
    #expect(tenantRole["tags"] as? [String: String] == ["Name": "stack-acme-workload-role", "external-secrets-cluster": "stack-main"])
    #expect(
      tenantRole["assume_role_policy"] as? String
        == #"${jsonencode({"Statement" = [{"Action" = ["sts:AssumeRole", "sts:TagSession"], "Effect" = "Allow", "Principal" = {"Service" = "pods.eks.amazonaws.com"}}, {"Action" = ["sts:AssumeRole", "sts:TagSession"], "Effect" = "Allow", "Principal" = {"AWS" = aws_iam_role.external_secrets_role.arn}}], "Version" = "2012-10-17"})}"#)
    // … and reads that one secret.
    let tenantPolicy = try #require(resources["aws_iam_role_policy"]?["acme_workload_permissions"]?["policy"] as? String)
    #expect(tenantPolicy.contains(#"{"Action" = ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"], "Effect" = "Allow", "Resource" = [aws_db_instance.tenant_acme_instance.master_user_secret[0].secret_arn]}"#))

    // The cluster keeps each tenant's SecretStores to its own role.
    let policy = try #require(try Self.file(stack, "clusters/main", "external-secrets-policy.yaml"))
    #expect(policy.contains("kind: ValidatingAdmissionPolicy\n"))
    #expect(policy.contains(
      #"    - expression: "!has(object.spec.provider) || !has(object.spec.provider.aws) || (has(object.spec.provider.aws.auth) && (has(object.spec.provider.aws.auth.jwt) || has(object.spec.provider.aws.auth.secretRef))) || (has(object.spec.provider.aws.role) && has(namespaceObject.metadata.annotations) && 'external-secrets-role' in namespaceObject.metadata.annotations && object.spec.provider.aws.role == namespaceObject.metadata.annotations['external-secrets-role'] && (!has(object.spec.provider.aws.additionalRoles) || size(object.spec.provider.aws.additionalRoles) == 0))""#))
    #expect(policy.hasSuffix("spec:\n  policyName: tenant-secret-stores\n  validationActions:\n    - Deny\n"))
  }

  private static let podIdentityOnly =
    #"${jsonencode({"Statement" = [{"Action" = ["sts:AssumeRole", "sts:TagSession"], "Effect" = "Allow", "Principal" = {"Service" = "pods.eks.amazonaws.com"}}], "Version" = "2012-10-17"})}"#

  @Test func withoutExternalSecretsNoStoreNoSecretAndNoTrustBeyondPodIdentity() throws {
    let stack = try Self.synthesized(Self.stackFile(tenants: "    - {name: acme, editors: [arn:aws:iam::111122223333:role/acme-developers]}\n"))
    let database = try #require(try Self.file(stack, "tenants/acme", "database.yaml"))
    #expect(!database.contains("SecretStore") && !database.contains("ExternalSecret"))
    #expect(try Self.file(stack, "tenants/acme", "namespace.yaml")?.contains("annotations") == false)
    #expect(try Self.file(stack, "clusters/main", "external-secrets-policy.yaml") == nil)
    let roles = try #require(try Self.resources(stack)["aws_iam_role"])
    #expect(roles["external_secrets_role"] == nil)
    #expect(roles["acme_workload_role"]?["assume_role_policy"] as? String == Self.podIdentityOnly)
    #expect(roles["acme_workload_role"]?["tags"] as? [String: String] == ["Name": "stack-acme-workload-role"])
  }
}
