import InfraCore
import Terraform

/// An internet-facing load balancer sits in public subnets, and only there.
public enum LoadBalancerPublicSubnetsRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "lb-internet-facing-public-subnets", title: "Internet-facing load balancers only in public subnets",
    severity: .error,
    rationale: """
      An internet-facing load balancer in a private subnet has no route back to the internet: \
      it is created, but its clients time out. Putting it in the private tier to make it work \
      (with a route to the internet gateway) makes that tier public for the nodes beside it.
      """,
    fix: "give an internet-facing load balancer the public tier's subnets (routed to the internet gateway), or set internal = true")

  public static let resourceTypes: Set<String> = ["aws_lb"]

  public static func problems(with lb: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    guard lb.bool("internal") != true else { return [] }
    let mapped = lb.body.blocks("subnet_mapping").flatMap { stack.network.subnets($0["subnet_id"]) }
    let notPublic = (stack.network.subnets(lb.body["subnets"]) + mapped).filter { !stack.network.routesToInternetGateway($0) }
    guard !notPublic.isEmpty else { return [] }
    return ["\(lb.address) is internet-facing but sits in subnets with no route to an internet gateway: \(notPublic.map(\.address).joined(separator: ", "))"]
  }

  public static let examples: [LintExample] = [
    .passing {
      let network = ExampleNetwork.make()
      Resource("web", type: "aws_lb", ["internal": false, "subnets": ExampleNetwork.ids(network.public)])
    },
    .passing {
      let network = ExampleNetwork.make()
      Resource("api", type: "aws_lb", ["internal": true, "subnets": ExampleNetwork.ids(network.private)])
    },
    .failing([
      "aws_lb.web is internet-facing but sits in subnets with no route to an internet gateway: aws_subnet.private_a, aws_subnet.private_b, aws_subnet.private_c"
    ]) {
      let network = ExampleNetwork.make()
      Resource("web", type: "aws_lb", ["subnets": ExampleNetwork.ids(network.private)])
    },
  ]
}
