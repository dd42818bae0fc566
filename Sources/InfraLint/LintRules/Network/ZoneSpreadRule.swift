import InfraCore
import Terraform

/// Subnets, node groups and databases span enough availability zones.
public enum ZoneSpreadRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "zone-spread", title: "Subnets, node pools and databases span two zones, three in production", severity: .error,
    rationale: """
      An availability zone fails as a unit. A VPC, node group or database subnet group in one \
      zone goes down with it; in two, the survivor must carry everything while the zone is out. \
      Three zones keep a quorum and two thirds of the capacity. A node group whose launch \
      template puts its nodes in a cluster placement group or a capacity reservation (a Capacity \
      Block for ML too) is in one zone by nature, and is left alone.
      """,
    fix: "spread the subnets over at least two zones, three in production, and give node groups and subnet groups a subnet in each")

  public static let resourceTypes: Set<String> = ["aws_vpc", "aws_eks_node_group", "aws_db_subnet_group"]

  public static func problems(with resource: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    let needed = stack.isProduction ? 3 : 2
    let subnets: [LintedResource]
    let what: String
    switch resource.type {
    case "aws_vpc":
      subnets = stack.resources(ofType: "aws_subnet", whose: "vpc_id", refersTo: resource)
      what = "has subnets"
    case "aws_eks_node_group":
      if isPinnedToOneZone(resource, in: stack) { return [] }
      subnets = stack.network.subnets(resource.body["subnet_ids"])
      what = "puts nodes"
    default:
      subnets = stack.network.subnets(resource.body["subnet_ids"])
      what = "places databases"
    }
    guard !subnets.isEmpty, let zones = stack.network.zones(of: subnets), zones.count < needed else { return [] }
    let environment = stack.isProduction ? "production" : "a stack outside production"
    return [
      "\(resource.address) \(what) in \(zones.count == 1 ? "1 zone" : "\(zones.count) zones") (\(zones.joined(separator: ", "))); \(environment) needs at least \(needed)"
    ]
  }

  /// Whether a node group's launch template pins its nodes to one zone: a cluster placement
  /// group, or a capacity reservation (or Capacity Block), each in one zone.
  static func isPinnedToOneZone(_ group: LintedResource, in stack: LintedStack) -> Bool {
    stack.referenced(by: group.body.blocks("launch_template").first?["id"]).contains { template in
      let placement = template.body.blocks("placement").first?["group_name"]
      let reservation = template.body.blocks("capacity_reservation_specification").first?.blocks("capacity_reservation_target").first
      return stack.referenced(by: placement).contains { $0.string("strategy") == "cluster" }
        || reservation?["capacity_reservation_id"] != nil
    }
  }

  public static let examples: [LintExample] = [
    .passing {
      let network = ExampleNetwork.make()
      Resource("nodes", type: "aws_eks_node_group", ["subnet_ids": ExampleNetwork.ids(network.private)])
    },
    .passing(environment: .staging) {
      let network = ExampleNetwork.make(zones: ["eu-west-1a", "eu-west-1b"])
      Resource("databases", type: "aws_db_subnet_group", ["subnet_ids": ExampleNetwork.ids(network.private)])
    },
    .passing {
      let network = ExampleNetwork.make()
      let placement = Resource("training-placement", type: "aws_placement_group", ["name": "training", "strategy": "cluster"])
      let template = Resource(
        "training-template", type: "aws_launch_template", Body(["placement": .block(["group_name": placement["name"]])]))
      Resource(
        "training", type: "aws_eks_node_group",
        Body([
          "subnet_ids": .argument([network.private[0]["id"]]),
          "launch_template": .block(["id": template["id"], "version": template["latest_version"]]),
        ]))
    },
    .failing([
      "aws_vpc.vpc has subnets in 2 zones (eu-west-1a, eu-west-1b); production needs at least 3",
      "aws_eks_node_group.nodes puts nodes in 1 zone (eu-west-1a); production needs at least 3",
    ]) {
      let network = ExampleNetwork.make(zones: ["eu-west-1a", "eu-west-1b"])
      Resource("nodes", type: "aws_eks_node_group", ["subnet_ids": [network.private[0]["id"]]])
    },
    .failing(["aws_db_subnet_group.databases places databases in 1 zone (eu-west-1a); a stack outside production needs at least 2"], environment: .development) {
      let network = ExampleNetwork.make(zones: ["eu-west-1a", "eu-west-1b"])
      Resource("databases", type: "aws_db_subnet_group", ["subnet_ids": [network.private[0]["id"]]])
    },
  ]
}
