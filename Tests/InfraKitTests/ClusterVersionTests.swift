import InfraKit
import Testing

/// The cluster's Kubernetes version, its upgrade policy, and node pools that follow it or pin
/// their own.
@Suite struct ClusterVersionTests {
  private func synthesize(
    _ build: @escaping (Network) -> Void
  ) throws -> TerraformConfiguration {
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      build(Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"]))
    }
    return try stack.synthesize().configuration
  }

  private func resource(_ name: String, in configuration: TerraformConfiguration) throws -> ResourceBlock {
    try #require(configuration.resources.first { $0.name == name })
  }

  /// On 2026-12-06, the day the table was last checked, 1.34's standard support had ended (on
  /// 2026-12-02) and 1.35's runs until 2027-03-27.
  @Test func theDefaultIsTheNewestVersionInStandardSupportOnTheDayTheTableWasChecked() {
    #expect(KubernetesVersionSupport.checkedOn.description == "2026-12-06")
    #expect(KubernetesVersion.default == "1.35")
    #expect(KubernetesVersionSupport.of("1.34")?.inStandardSupport(on: KubernetesVersionSupport.checkedOn) == false)
  }

  @Test func theTableListsEachMinorVersionOnceNewestFirstWithItsDatesInOrder() {
    let rows = KubernetesVersionSupport.all
    #expect(rows.compactMap { $0.version.components?.minor } == Array((27...35).reversed()))
    for row in rows {
      #expect(row.released < row.endOfStandardSupport && row.endOfStandardSupport < row.endOfExtendedSupport, "\(row.version)")
    }
  }

  @Test func aClusterWithoutAVersionRunsTheDefaultOnStandardSupport() throws {
    let configuration = try synthesize { network in
      Cluster("main", network: network) { NodePool("general", instanceTypes: ["m6i.large"], size: 3...9) }
    }
    let cluster = try resource("main_cluster", in: configuration)
    #expect(cluster.body["version"] == "1.35")
    #expect(cluster.body.blocks("upgrade_policy") == [["support_type": "STANDARD"]])
  }

  @Test func extendedSupportIsOnlyWhatIsAskedFor() throws {
    let configuration = try synthesize { network in
      Cluster("main", version: "1.33", extendedSupport: true, network: network)
    }
    #expect(try resource("main_cluster", in: configuration).body.blocks("upgrade_policy") == [["support_type": "EXTENDED"]])
  }

  /// A following pool's version is a reference to the cluster's, so Terraform orders its update
  /// after the control plane's; a pinned pool's is the text given, for every generation.
  @Test func poolsFollowTheClusterUnlessTheyPinAVersion() throws {
    let configuration = try synthesize { network in
      Cluster("main", version: "1.35", network: network) {
        NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
        NodePool(
          "legacy", instanceTypes: ["m7i.large"], size: 1...3, generation: "green",
          retiring: .original(instanceTypes: ["m6i.large"]), version: "1.33")
      }
    }
    let following = try resource("main_pool_general", in: configuration).body["version"]?.references
    #expect(following?.map(\.object) == ["aws_eks_cluster.main_cluster"])
    #expect(following?.first?.path == [.attribute("version")])
    #expect(try resource("main_pool_legacy_green", in: configuration).body["version"] == "1.33")
    #expect(try resource("main_pool_legacy", in: configuration).body["version"] == "1.33")
  }

  @Test func aPoolVersionNewerThanTheClusterOrNotAVersionIsAnErrorAtThePool() {
    let line = #line + 4
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      Cluster("main", version: "1.34", network: network) {
        NodePool("canary", instanceTypes: ["m6i.large"], size: 1...3, version: "1.35")
        NodePool("typo", instanceTypes: ["m6i.large"], size: 1...3, version: "v1.33")
      }
    }
    let found: [String]
    do {
      _ = try stack.synthesize()
      found = []
    } catch {
      found = error.diagnostics.map(\.description)
    }
    let file = "Tests/InfraKitTests/ClusterVersionTests.swift"
    #expect(found == [
      "\(file):\(line):17: error: node pool 'canary' pins Kubernetes 1.35, newer than its cluster's 1.34; nodes may not run ahead of the control plane; upgrade the cluster first, or leave version out so the pool follows the cluster [node-pool-version]",
      "\(file):\(line + 1):17: error: node pool 'typo': 'v1.33' is not a Kubernetes version as EKS names them; write the major and minor version, e.g. \"1.34\", or leave version out to follow the cluster [invalid-kubernetes-version]",
    ])
  }
}
