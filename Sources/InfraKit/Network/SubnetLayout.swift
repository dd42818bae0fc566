/// Where each tier's subnets go inside the VPC.
///
/// Every tier without explicit blocks gets one aligned block with room for eight zones, largest
/// tiers first, and its zone `i` takes the `i`th subnet of that block. Adding a zone never moves a
/// subnet, and adding a tier at the end moves none of the others; a moved subnet would be a
/// replaced subnet in production. Explicit blocks that would push a carved tier out of the place
/// it has without them are an error that names the subnets that would move.
struct SubnetLayout {
  /// The zones each carved tier has room for.
  static let maximumZones = 8

  struct Problem: Error, Equatable {
    let id: String
    let message: String
    let fix: String
  }

  /// The blocks of each tier, by zone index, in the order of `tiers`.
  let blocks: [[IPv4Block]]

  init(vpc: IPv4Block, tiers: [SubnetTier], zoneCount: Int) throws(Problem) {
    precondition(zoneCount <= Self.maximumZones, "a network of \(zoneCount) zones is rejected before its layout")
    var blocks: [[IPv4Block]] = Array(repeating: [], count: tiers.count)
    var taken: [(block: IPv4Block, tier: String)] = []

    // Explicit blocks first: they are where the author said.
    for (index, tier) in tiers.enumerated() {
      guard let cidrs = tier.cidrs else { continue }
      guard cidrs.count == zoneCount else {
        throw Problem(
          id: "subnet-count", message: "tier '\(tier.name)' gives \(cidrs.count) CIDR blocks for \(zoneCount) zones",
          fix: "give one block per zone, in the order of the zones")
      }
      for text in cidrs {
        let block: IPv4Block
        switch IPv4Block.parse(text) {
        case .success(let parsed): block = parsed
        case .failure(let error):
          throw Problem(id: "invalid-cidr", message: "tier '\(tier.name)': \(error)", fix: "write it as 10.0.0.0/20")
        }
        // Source: Amazon VPC User Guide, "Subnet CIDR blocks": a subnet's block is /16 to /28.
        guard (16...28).contains(block.prefixLength) else {
          throw Problem(
            id: "subnet-size", message: "tier '\(tier.name)': \(block) is a /\(block.prefixLength) subnet; AWS allows /16 to /28",
            fix: "give blocks from /16 to /28")
        }
        try Self.place(block, tier: tier.name, in: vpc, taken: &taken)
        blocks[index].append(block)
      }
    }

    // Then carved tiers, largest first; ties keep the order written.
    let carved = tiers.enumerated().filter { $0.element.cidrs == nil }.map { index, tier in
      (index: index, tier: tier, length: tier.prefixLength ?? vpc.prefixLength + (tier.routing == .private ? 4 : 8))
    }
    for entry in carved.sorted(by: { ($0.length, $0.index) < ($1.length, $1.index) }) {
      let reservation = entry.length - 3  // 2³ = maximumZones
      guard entry.length <= 28, reservation >= vpc.prefixLength else {
        throw Problem(
          id: "subnet-size",
          message: "tier '\(entry.tier.name)' asks for /\(entry.length) subnets, which do not fit eight times in \(vpc) or are smaller than /28",
          fix: "choose a prefix length from /\(vpc.prefixLength + 3) to /28, or give explicit CIDR blocks")
      }
      var candidate = 0
      var region: IPv4Block?
      while let next = vpc.subnet(prefixLength: reservation, index: candidate) {
        if !taken.contains(where: { $0.block.overlaps(next) }) {
          region = next
          break
        }
        candidate += 1
      }
      guard let region else {
        throw Problem(
          id: "network-full",
          message: "no room left in \(vpc) for tier '\(entry.tier.name)' (/\(entry.length) subnets for eight zones)",
          fix: "use a larger VPC block, smaller subnets, or explicit CIDR blocks")
      }
      taken.append((region, entry.tier.name))
      blocks[entry.index] = (0..<zoneCount).map { region.subnet(prefixLength: entry.length, index: $0)! }
    }
    self.blocks = blocks
    try checkNothingMoved(vpc: vpc, tiers: tiers, zoneCount: zoneCount)
  }

  /// Explicit blocks may not move a carved tier from where it is carved when every tier is carved:
  /// on a live network, giving one tier its blocks would otherwise replace another tier's subnets.
  private func checkNothingMoved(vpc: IPv4Block, tiers: [SubnetTier], zoneCount: Int) throws(Problem) {
    guard tiers.contains(where: { $0.cidrs != nil }),
      let allCarved = try? SubnetLayout(
        vpc: vpc, tiers: tiers.map { SubnetTier($0.name, routing: $0.routing, prefixLength: $0.prefixLength) },
        zoneCount: zoneCount)
    else { return }
    for (index, tier) in tiers.enumerated() where tier.cidrs == nil && blocks[index] != allCarved.blocks[index] {
      let list = { (blocks: [IPv4Block]) in blocks.map(\.description).joined(separator: ", ") }
      let explicit = tiers.filter { $0.cidrs != nil }.map { "'\($0.name)'" }.joined(separator: ", ")
      throw Problem(
        id: "subnet-moved",
        message: "the explicit blocks of tier \(explicit) move the subnets of tier '\(tier.name)' from \(list(allCarved.blocks[index])) to \(list(blocks[index])), which replaces them on a live network",
        fix: "give tier '\(tier.name)' the blocks it is deployed with as explicit cidrs, or choose explicit blocks outside them")
    }
  }

  private static func place(
    _ block: IPv4Block, tier: String, in vpc: IPv4Block, taken: inout [(block: IPv4Block, tier: String)]
  ) throws(Problem) {
    guard vpc.contains(block) else {
      throw Problem(
        id: "subnet-outside-vpc", message: "tier '\(tier)': \(block) is not inside the VPC's \(vpc)",
        fix: "choose a block inside \(vpc)")
    }
    if let other = taken.first(where: { $0.block.overlaps(block) }) {
      throw Problem(
        id: "subnet-overlap", message: "tier '\(tier)': \(block) overlaps \(other.block) of tier '\(other.tier)'",
        fix: "give every subnet its own block")
    }
    taken.append((block, tier))
  }
}
