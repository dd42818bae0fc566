import InfraCore
import InfraKit
import InfraYAML

extension StackSchema {
  static let networkKeys = ["name", "cidr", "zones", "nat", "endpoints", "flowLogRetentionDays", "tiers", "ipv6", "alarms", "suppress", "renamedFrom"]
  static let tierKeys = ["name", "routing", "prefixLength", "cidrs"]

  static let natChoices: KeyValuePairs<String, Network.NAT> = ["none": .disabled, "single": .single, "per-zone": .perZone]
  static let endpointChoices: KeyValuePairs<String, Network.Endpoint> = ["s3": .s3, "ecr": .ecr, "sts": .sts, "logs": .logs]
  static let routingChoices: KeyValuePairs<String, SubnetTier.Routing> = [
    "public": .public, "private": .private, "isolated": .isolated,
  ]

  /// `network:` — one VPC with its subnet tiers.
  func readNetwork(_ node: YAMLNode, _ context: StackContext) -> Network? {
    guard let fields = Fields(node, "the network", keys: Self.networkKeys, problems: problems) else { return nil }
    let id = fields.string("name") ?? "core"
    let cidr = fields.required("cidr", example: "10.0.0.0/16").flatMap { _ in fields.cidr("cidr") }
    let zones = readZones(fields, region: context.region, check: context.regionIsGiven)
    let nat = fields.choice("nat", Self.natChoices)
    let endpoints = fields.elements("endpoints").compactMap { fields.choice($0, named: "endpoints", Self.endpointChoices) }
    let retention = fields.logRetention("flowLogRetentionDays")
    let tierNodes = fields.elements("tiers")
    checkNames(tierNodes, of: "subnet tier", in: fields)
    let tiers = tierNodes.compactMap(readTier)
    let ipv6 = fields.bool("ipv6")
    let suppressions = readSuppressions(fields)
    guard let cidr, let zones, tiers.count == tierNodes.count else { return nil }
    let location = node.location
    let network = Network(
      id, renamedFrom: fields.string("renamedFrom"), cidr: cidr, zones: zones, nat: nat,
      tiers: tierNodes.isEmpty ? SubnetTier.standard : tiers, flowLogRetention: retention, endpoints: Set(endpoints),
      ipv6: ipv6 ?? false, file: location.file, line: location.line, column: location.column)
    network.suppress(suppressions)
    readAlarms(fields, of: network, context.alarmOverrides)
    return network
  }

  /// Availability zones of the stack's region, named in full: `eu-west-1a`.
  private func readZones(_ fields: Fields, region: Region, check: Bool) -> [String]? {
    guard let node = fields.required("zones", example: "[\(region.zone("a")), \(region.zone("b"))]"),
      let elements = problems.reading(node.sequence)
    else { return nil }
    var zones: [String] = []
    for element in elements {
      guard let zone = fields.string(element) else { continue }
      guard !check || zone.hasPrefix(region.code), zone.count == region.code.count + 1, zone.last!.isLowercase else {
        fields.error(
          .invalidValue, "names the zone '\(zone)', which is not an availability zone of \(region)",
          fix: "name zones of the stack's region, such as \(region.zone("a"))", at: element)
        continue
      }
      zones.append(zone)
    }
    return zones.count == elements.count ? zones : nil
  }

  private func readTier(_ node: YAMLNode) -> SubnetTier? {
    let name = node.entries?["name"]?.scalar?.value
    guard let fields = Fields(node, name.map { "subnet tier '\($0)'" } ?? "a subnet tier", keys: Self.tierKeys, problems: problems)
    else { return nil }
    let tierName = fields.required("name", example: "payments").flatMap(fields.string)
    let routing = fields.required("routing", example: "isolated").flatMap { fields.choice($0, named: "routing", Self.routingChoices) }
    let prefixLength = fields.int("prefixLength", in: 16...28)
    let cidrs = fields.cidrs("cidrs")
    guard let tierName, let routing else { return nil }
    return SubnetTier(tierName, routing: routing, prefixLength: prefixLength, cidrs: cidrs)
  }

  /// Reports elements of a named list that share a name with an earlier one.
  func checkNames(_ nodes: [YAMLNode], of kind: String, in fields: Fields, taken: [String: YAMLNode] = [:]) {
    var seen = taken
    for node in nodes {
      guard let nameNode = node.entries?["name"], let name = nameNode.scalar?.value else { continue }
      if let first = seen[name] {
        fields.error(
          .duplicateName, "has a second \(kind) named '\(name)' (the first is at \(first.location))",
          fix: "give each \(kind) its own name", at: nameNode)
      } else {
        seen[name] = nameNode
      }
    }
  }
}
