import Foundation
import InfraKit
import Testing

/// `tenants`: a namespace with access for its team, a database of its own that only its pods
/// reach, and an identity for its pods, per client, from a list that may run to thousands.
@Suite struct TenantTests {
  static func stackFile(tenants: Int) -> String {
    var text = minimalStack + """
      cluster:
        version: "1.31"
      tenants:
        database: {engine: postgres, version: "16"}
        list:

      """
    for index in 0..<tenants {
      text += "    - {name: client-\(index), editors: [\"arn:aws:iam::111122223333:role/client-\(index)\"]}\n"
    }
    return text
  }

  @Test func eachTenantGetsANamespaceAccessEntryAndADatabase() throws {
    let folder = try StackFolder([
      "stack.yaml": Self.stackFile(tenants: 2) + "    - {name: big, viewers: [arn:aws:iam::111122223333:role/big-auditors], database: {storageGiB: 500}}\n"
    ])
    let stack = try #require(try folder.stacks().first)
    let cluster = try #require(stack.node.children.compactMap { $0 as? Cluster }.first)
    #expect(
      cluster.access == [
        .namespace("client-0", edit: ["arn:aws:iam::111122223333:role/client-0"]),
        .namespace("client-1", edit: ["arn:aws:iam::111122223333:role/client-1"]),
        .namespace("big", view: ["arn:aws:iam::111122223333:role/big-auditors"]),
      ])
    #expect(cluster.podSecurityGroups)
    let databases = stack.node.children.compactMap { $0 as? Database }
    #expect(databases.map(\.node.id) == ["tenant-client-0", "tenant-client-1", "tenant-big"])
    #expect(databases.allSatisfy { $0.allowFrom.isEmpty })
    let tenants = stack.node.children.compactMap { $0 as? Tenant }
    #expect(tenants.map(\.node.id) == ["client-0", "client-1", "big"])
    #expect(tenants.map(\.database.node.id) == ["tenant-client-0", "tenant-client-1", "tenant-big"])
    #expect(tenants.map(\.serviceAccount) == ["app", "app", "app"])
    #expect(tenants.map { "\($0.node.location.line):\($0.node.location.column)" } == ["11:7", "12:7", "13:7"])
    let synthesized = try stack.synthesize().configuration
    let json = String(decoding: try stack.synthesize().json(), as: UTF8.self)
    #expect(json.contains(#""allocated_storage": 500"#))
    // What the platform team writes into each namespace, as outputs.
    let outputs = synthesized.outputs.filter { $0.name.hasPrefix("tenant_big_") }
    #expect(outputs.map(\.name) == [
      "tenant_big_pod_security_group_id", "tenant_big_role_arn", "tenant_big_database_endpoint", "tenant_big_database_secret_arn",
    ])
    #expect(outputs.map(\.value) == [
      .reference(.resource(type: "aws_security_group", name: "big_pods").attribute("id")),
      .reference(.resource(type: "aws_iam_role", name: "big_workload_role").attribute("arn")),
      .reference(.resource(type: "aws_db_instance", name: "tenant_big_instance").attribute("endpoint")),
      .reference(.resource(type: "aws_db_instance", name: "tenant_big_instance").attribute("master_user_secret")[0].attribute("secret_arn")),
    ])
  }

  @Test func workloadSettingsAreSharedAndEachTenantMayChangeThem() throws {
    let folder = try StackFolder([
      "stack.yaml": Self.stackFile(tenants: 1).replacingOccurrences(
        of: "  list:\n",
        with: "  workload: {serviceAccount: api, policies: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]}\n  list:\n")
        + "    - {name: big, workload: {serviceAccount: big-api, databaseUser: big_reader}}\n"
    ])
    let stack = try #require(try folder.stacks().first)
    let tenants = stack.node.children.compactMap { $0 as? Tenant }
    #expect(tenants.map(\.serviceAccount) == ["api", "big-api"])
    #expect(tenants.map(\.databaseUser) == ["client_0", "big_reader"])
    let attachments = try stack.synthesize().configuration.resources.filter { $0.type == "aws_iam_role_policy_attachment" && $0.name.contains("workload") }
    #expect(attachments.map(\.name) == ["client_0_workload_policy_AmazonS3ReadOnlyAccess", "big_workload_policy_AmazonS3ReadOnlyAccess"])
  }

  /// The shared quota is laid over the environment's default, and a tenant's own over that;
  /// `podSecurity` is the tenant's own, else the shared one.
  @Test func quotasAndPodSecurityAreSharedAndEachTenantMayChangeThem() throws {
    let folder = try StackFolder([
      "stack.yaml": Self.stackFile(tenants: 1).replacingOccurrences(
        of: "  list:\n", with: "  quota: {cpu: 8, pods: 80}\n  podSecurity: baseline\n  list:\n")
        + "    - {name: big, quota: {memory: 64Gi, cpu: 2500m}, podSecurity: restricted}\n"
    ])
    let stack = try #require(try folder.stacks().first)
    let tenants = stack.node.children.compactMap { $0 as? Tenant }
    #expect(
      tenants.map(\.quota) == [
        Tenant.Quota(cpu: "8", memory: "32Gi", pods: 80, storage: "500Gi", volumeClaims: 40),
        Tenant.Quota(cpu: "2500m", memory: "64Gi", pods: 80, storage: "500Gi", volumeClaims: 40),
      ])
    #expect(tenants.map(\.podSecurity) == [.baseline, .restricted])
  }

  @Test func quotaAndPodSecurityProblemsAreLocated() throws {
    let folder = try StackFolder([
      "stack.yaml": Self.stackFile(tenants: 0)
        + "    - {name: big, quota: {cpu: eight, memory: 16GB, pods: 0, volumes: 3}, podSecurity: priviledged}\n"
    ])
    #expect(folder.problems() == [
      "stack.yaml:11:88: error: tenant 'big': podSecurity 'priviledged' is not a Pod Security Standard; use one of: restricted, baseline, privileged [stack-invalid-value]",
      "stack.yaml:11:62: error: the quota of tenant 'big' has no setting 'volumes'; the keys of the quota of tenant 'big' are: cpu, memory, pods, storage, volumeClaims [stack-unknown-key]",
      "stack.yaml:11:32: error: the quota of tenant 'big' has cpu 'eight', which is not a Kubernetes quantity; write it as Kubernetes does, such as 8 or 500m [stack-invalid-value]",
      "stack.yaml:11:47: error: the quota of tenant 'big' has memory '16GB', which is not a Kubernetes quantity; write it as Kubernetes does, such as 16Gi [stack-invalid-value]",
      "stack.yaml:11:59: error: the quota of tenant 'big': 'pods' is 0; it must be from 1 to 10000; choose a value from 1 to 10000 [stack-invalid-value]",
    ])
  }

  @Test func aTenantsDatabaseMayNotAdmitTheWholeCluster() throws {
    let folder = try StackFolder([
      "stack.yaml": Self.stackFile(tenants: 3).replacingOccurrences(of: "version: \"16\"}", with: "version: \"16\", allowFrom: [sg-0123456789abcdef0, cluster]}")
    ])
    // Once, at the shared setting, however many tenants share it.
    #expect(folder.problems() == [
      "stack.yaml:9:81: error: the tenants' database allows connections from the whole cluster, which would let every pod reach a tenant's database; remove 'cluster': each tenant's database admits its own tenant's pods, through their security group [stack-invalid-value]"
    ])
  }

  @Test func workloadAndDatabaseProblemsAreLocated() throws {
    let folder = try StackFolder([
      "stack.yaml": Self.stackFile(tenants: 1).replacingOccurrences(of: "  list:\n", with: "  workload: {serviceAcount: api}\n  list:\n")
        + "    - {name: big, workload: {policies: [AmazonS3ReadOnlyAccess]}}\n"
        + "    - {name: fast, database: {engine: aurora-postgresql, storageGiB: 100}}\n"
    ])
    #expect(folder.problems() == [
      // The shared settings' problem once, though two tenants read them.
      "stack.yaml:10:14: error: the tenants' workload has no setting 'serviceAcount'; did you mean 'serviceAccount'? [stack-unknown-key]",
      "stack.yaml:13:41: error: the workload of tenant 'big' names 'AmazonS3ReadOnlyAccess', which is not the ARN of an IAM policy; write it as arn:aws:iam::aws:policy/NAME [stack-invalid-value]",
      "stack.yaml:14:58: error: the database of tenant 'fast' is an Aurora cluster, which has no setting 'storageGiB'; remove it: Aurora's storage grows by itself [stack-unknown-key]",
      "stack.yaml:14:39: error: the database of tenant 'fast' is an Aurora cluster; a tenant's database is an RDS instance; use the engine postgres or mysql for the tenants' databases [stack-invalid-value]",
    ])
  }

  @Test func aTenantNeedsNodesThatGivePodsTheirOwnInterfaces() throws {
    let folder = try StackFolder([
      "stack.yaml": Self.stackFile(tenants: 1).replacingOccurrences(
        of: "  version: \"1.31\"\n", with: "  version: \"1.31\"\n  nodePools: [{name: small, instanceTypes: [t3.large], minSize: 1, maxSize: 3}]\n")
    ])
    let stack = try #require(try folder.stacks().first)
    let error = #expect(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(error?.diagnostics.map { $0.description.replacingOccurrences(of: folder.path + "/", with: "") } == [
      "stack.yaml:12:7: error: tenant 'client-0': no node pool of cluster 'main' runs an instance type that gives pods network interfaces of their own (t3.large); add a pool of a current Nitro family such as m6i, c6i or r6i; no t family type can [tenant-without-trunk-nodes]",
    ])
  }

  @Test func thousandsOfTenantsCompile() throws {
    let folder = try StackFolder(["stack.yaml": Self.stackFile(tenants: 2000)])
    let stack = try #require(try folder.stacks().first)
    #expect(stack.node.children.compactMap { $0 as? Database }.count == 2000)
    _ = try stack.synthesize()
  }

  @Test func aProblemInTheSharedSettingsIsReportedOnce() throws {
    let folder = try StackFolder(["stack.yaml": Self.stackFile(tenants: 50).replacingOccurrences(of: "version: \"16\"", with: "versoin: \"16\"")])
    #expect(
      folder.problems() == [
        "stack.yaml:9:32: error: the tenants' database has no setting 'versoin'; did you mean 'version'? [stack-unknown-key]",
        "stack.yaml:9:13: error: the tenants' database needs 'version'; add 'version: \"16\"' [stack-missing-key]",
      ])
  }

  @Test func aTenantNameMustMakeANamespace() throws {
    let folder = try StackFolder(["stack.yaml": Self.stackFile(tenants: 1) + "    - {name: Big_Co}\n"])
    #expect(
      folder.problems() == [
        "stack.yaml:12:14: error: tenant 'Big_Co' cannot be named 'Big_Co': the name becomes a namespace and part of a database identifier; use 1 to 40 lowercase letters, digits and single hyphens, starting with a letter [stack-invalid-value]"
      ])
  }

  @Test func aTenantMayNotTakeTheNameOfAnotherPart() throws {
    let folder = try StackFolder([
      "stack.yaml": Self.stackFile(tenants: 1) + "    - {name: main}\n"
    ])
    #expect(folder.problems() == [
      "stack.yaml:12:7: error: tenant 'main' has the name of 'stack/main' (at stack.yaml:7:3), which its resources would share; rename the tenant or the other part [stack-duplicate-name]"
    ])
  }
}
