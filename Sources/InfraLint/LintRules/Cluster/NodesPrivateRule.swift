import InfraCore
import Terraform

/// Nodes sit in private subnets and never get public addresses.
public enum NodesPrivateRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "nodes-private", title: "Nodes only in private subnets, never with public IPs", severity: .error,
    rationale: """
      A node with a public address, or in a subnet routed to an internet gateway, can be reached \
      from the internet around the load balancers and their security groups; every port a pod \
      or the kubelet opens becomes an attack surface. Traffic reaches nodes through load \
      balancers only.
      """,
    fix: "put the nodes in private subnets (routed through NAT, no public IPs) and give them no public addresses")

  public static let resourceTypes: Set<String> = ["aws_eks_node_group", "aws_launch_template"]

  public static func problems(with resource: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    if resource.type == "aws_launch_template" {
      let exposed = resource.body.blocks("network_interfaces").contains { $0.bool("associate_public_ip_address") == true }
      return exposed ? ["\(resource.address) gives instances public IP addresses (associate_public_ip_address = true)"] : []
    }
    let exposed = stack.network.subnets(resource.body["subnet_ids"]).filter(stack.network.isPublic)
    guard !exposed.isEmpty else { return [] }
    return ["\(resource.address) puts nodes in public subnets: \(exposed.map(\.address).joined(separator: ", "))"]
  }

  public static let examples: [LintExample] = [
    .passing {
      let network = ExampleNetwork.make()
      Resource("nodes", type: "aws_eks_node_group", ["subnet_ids": ExampleNetwork.ids(network.private)])
    },
    .failing(["aws_eks_node_group.nodes puts nodes in public subnets: aws_subnet.public_a, aws_subnet.public_b"]) {
      let network = ExampleNetwork.make()
      Resource(
        "nodes", type: "aws_eks_node_group",
        ["subnet_ids": ExampleNetwork.ids([network.private[0], network.public[0], network.public[1]])])
    },
    .failing(["aws_eks_node_group.nodes puts nodes in public subnets: aws_subnet.exposed"]) {
      let subnet = Resource("exposed", type: "aws_subnet", ["cidr_block": "10.0.0.0/24", "map_public_ip_on_launch": true])
      Resource("nodes", type: "aws_eks_node_group", ["subnet_ids": [subnet["id"]]])
    },
    .failing(["aws_launch_template.nodes gives instances public IP addresses (associate_public_ip_address = true)"]) {
      Resource(
        "nodes", type: "aws_launch_template", Body(["network_interfaces": .blocks([["associate_public_ip_address": "true"]])]))
    },
  ]
}
