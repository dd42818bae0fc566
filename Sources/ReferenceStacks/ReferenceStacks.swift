import InfraKit

/// The stacks infra ships: what `infra synth` compiles when no stack is named.
public enum ReferenceStacks {
  /// Every shipped stack, built anew.
  public static func all() -> [Stack] {
    [networkDev(), networkProd()]
  }

  /// Development: two zones, one NAT gateway shared by both.
  static func networkDev() -> Stack {
    Stack("network-dev", environment: .development, region: .euWest1, defaultTags: ["Environment": "dev"]) {
      TieredNetwork(
        "core", cidr: "10.10.0.0/16",
        zones: [
          .init(name: "eu-west-1a", publicCIDR: "10.10.0.0/24", privateCIDR: "10.10.32.0/19"),
          .init(name: "eu-west-1b", publicCIDR: "10.10.1.0/24", privateCIDR: "10.10.64.0/19"),
        ],
        nat: .single, flowLogRetention: .twoWeeks)
    }
  }

  /// Production: three zones with a NAT gateway each, state in S3, and a recovery network in a
  /// second region.
  static func networkProd() -> Stack {
    Stack(
      "network-prod", environment: .production, region: .euWest1,
      backend: .s3(bucket: "example-platform-terraform-state", key: "network-prod/terraform.tfstate", region: .euWest1),
      defaultTags: ["Environment": "production"]
    ) {
      let recoveryRegion = AWSProvider(region: .euCentral1, alias: "recovery")
      TieredNetwork(
        "core", cidr: "10.20.0.0/16",
        zones: [
          .init(name: "eu-west-1a", publicCIDR: "10.20.0.0/24", privateCIDR: "10.20.32.0/19"),
          .init(name: "eu-west-1b", publicCIDR: "10.20.1.0/24", privateCIDR: "10.20.64.0/19"),
          .init(name: "eu-west-1c", publicCIDR: "10.20.2.0/24", privateCIDR: "10.20.96.0/19"),
        ],
        nat: .perZone, flowLogRetention: .oneYear)
      let recovery = TieredNetwork(
        "recovery", cidr: "10.21.0.0/16",
        zones: [
          .init(name: "eu-central-1a", publicCIDR: "10.21.0.0/24", privateCIDR: "10.21.32.0/19"),
          .init(name: "eu-central-1b", publicCIDR: "10.21.1.0/24", privateCIDR: "10.21.64.0/19"),
        ],
        nat: .single, flowLogRetention: .oneYear, provider: recoveryRegion)
      // The recovery network is a warm standby: scaled up to production's shape only on failover.
      recovery.node.suppress(
        "zone-spread", reason: "warm standby in eu-central-1: two zones until a failover scales it to three")
      recovery.node.suppress(
        "nat-gateway-per-zone", reason: "warm standby: one NAT gateway carries its little egress until a failover")
    }
  }
}
