import InfraKit
import Testing

/// Pods do not reach their node's instance metadata unless a pool asks for it.
@Suite struct InstanceMetadataTests {
  private func metadataOptions(_ pools: [NodePool]) throws -> [String: [Body]] {
    let configuration = try Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      Cluster("main", network: network) {
        for pool in pools { pool }
      }
    }.synthesize().configuration
    return Dictionary(
      uniqueKeysWithValues: configuration.resources.filter { $0.type == "aws_launch_template" }.map {
        ($0.name, $0.body.blocks("metadata_options"))
      })
  }

  @Test func theHopLimitIsOneUnlessAPoolLetsPodsReachTheMetadata() throws {
    let options = try metadataOptions([
      NodePool("general", instanceTypes: ["m6i.large"], size: 3...9),
      NodePool("legacy", instanceTypes: ["m6i.large"], size: 1...3, podsReachInstanceMetadata: true),
    ])
    #expect(options == [
      "main_pool_general_template": [["http_endpoint": "enabled", "http_put_response_hop_limit": 1, "http_tokens": "required"]],
      "main_pool_legacy_template": [["http_endpoint": "enabled", "http_put_response_hop_limit": 2, "http_tokens": "required"]],
    ])
  }
}
