import InfraKit
import InfraTestSupport
import StackFiles
import Testing

/// A stack file and the Swift stack that describe the same platform compile to the same bytes:
/// the YAML front end creates the very constructs a Swift stack creates.
@Suite struct SameOutputTests {
  /// stacks/prod-eu-west-1.yaml (with the bases it extends) written in Swift.
  static func productionInIreland() -> Stack {
    Stack(
      "prod-eu-west-1", region: .euWest1,
      backend: .s3(bucket: "example-platform-terraform-state", key: "prod-eu-west-1/terraform.tfstate", region: "eu-west-1"),
      defaultTags: ["Environment": "production"]
    ) {
      let network = Network(
        "core", cidr: "10.20.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"], environment: .production,
        tiers: SubnetTier.standard + [SubnetTier("payments", routing: .isolated)], endpoints: [.s3, .ecr, .sts, .logs])
      let tenants = ["acme", "globex", "initech"]
      let cluster = Cluster("main", version: "1.31", network: network, environment: .production) {
        Access.admins(["arn:aws:iam::111122223333:role/platform-admins"])
        Access.viewers(["arn:aws:iam::111122223333:role/platform-support"])
        Access.namespace("acme", edit: ["arn:aws:iam::111122223333:role/acme-developers"])
        Access.namespace("globex", edit: ["arn:aws:iam::111122223333:role/globex-developers"])
        Access.namespace("globex", view: ["arn:aws:iam::111122223333:role/globex-auditors"])
        Access.namespace("initech", edit: ["arn:aws:iam::111122223333:role/initech-developers"])
        NodePool("general", instanceTypes: ["m6i.xlarge"], size: 3...12)
        NodePool("memory", instanceTypes: ["r6i.xlarge"], size: 1...6, labels: ["workload": "memory"])
        NodePool("gpu", instanceTypes: ["g5.xlarge"], size: 0...4, accelerator: .nvidia)
      }
      LoadBalancer(
        "web", scheme: .internetFacing, network: network, environment: .production,
        certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/33333333-4444-4555-8666-777777777777",
        allow: ["203.0.113.0/24", "198.51.100.0/24"],
        targets: [.init("app", port: 8080, healthCheckPath: "/healthz", hosts: ["app.example.com"])])
      let ledger = Database(
        "ledger", engine: .postgres("16"), network: network, environment: .production, instanceClass: "db.r6g.large",
        tier: "payments", allowFrom: [.cluster(cluster)])
      let tenantDatabases = tenants.map { tenant in
        Database(
          "tenant-\(tenant)", engine: .postgres("16"), network: network, environment: .production,
          instanceClass: "db.t4g.medium", storageGiB: tenant == "initech" ? 100 : 20, allowFrom: [.cluster(cluster)])
      }
      let frankfurt = AWSProvider(region: .euCentral1, alias: "eu_central_1")
      BackupPlan(
        "databases", environment: .production, resources: ([ledger] + tenantDatabases).map(\.instance.arn),
        retentionDays: 35, copyTo: frankfurt)
    }
  }

  @Test func theShippedProductionStackFileAndItsSwiftTwinWriteTheSameBytes() throws {
    let fromYAML = try #require(try StackFiles.stacks(files: [repositoryRoot + "/stacks/prod-eu-west-1.yaml"]).first)
    let yamlBytes = try fromYAML.synthesize().json()
    let swiftBytes = try Self.productionInIreland().synthesize().json()
    #expect(yamlBytes == swiftBytes, "\(firstDifference(String(decoding: swiftBytes, as: UTF8.self), String(decoding: yamlBytes, as: UTF8.self)))")
    #expect(yamlBytes.count > 60_000, "the whole platform was compiled")
  }
}
