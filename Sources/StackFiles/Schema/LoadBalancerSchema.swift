import InfraCore
import InfraKit
import InfraYAML

extension StackSchema {
  static let loadBalancerKeys = [
    "name", "scheme", "certificateArn", "allow", "targets", "accessLogDays", "deletionProtection", "suppress",
  ]
  static let targetKeys = ["name", "port", "healthCheckPath", "hosts", "paths"]
  static let schemeChoices: KeyValuePairs<String, LoadBalancer.Scheme> = [
    "internet-facing": .internetFacing, "internal": .internal,
  ]

  /// `loadBalancers:` — application load balancers in front of the cluster.
  func readLoadBalancers(_ nodes: [YAMLNode], in root: Fields, _ context: StackContext) {
    checkNames(nodes, of: "load balancer", in: root)
    for node in nodes { readLoadBalancer(node, context) }
  }

  private func readLoadBalancer(_ node: YAMLNode, _ context: StackContext) {
    let name = node.entries?["name"]?.scalar?.value
    guard
      let fields = Fields(
        node, name.map { "load balancer '\($0)'" } ?? "a load balancer", keys: Self.loadBalancerKeys, problems: problems)
    else { return }
    let id = fields.required("name", example: "web").flatMap(fields.string)
    let scheme = fields.required("scheme", example: "internet-facing").flatMap {
      fields.choice($0, named: "scheme", Self.schemeChoices)
    }
    let certificate = fields.required("certificateArn", example: "arn:aws:acm:…").flatMap(fields.string)
    let allow = fields.cidrs("allow") ?? []
    let targetNodes = fields.elements("targets")
    checkNames(targetNodes, of: "target", in: fields)
    let targets = targetNodes.compactMap(readTarget)
    let logDays = fields.int("accessLogDays", in: 1...3653)
    let deletionProtection = fields.bool("deletionProtection")
    let suppressions = readSuppressions(fields)
    guard let network = context.network, let id, let scheme, let certificate else { return }
    let location = node.location
    let loadBalancer = LoadBalancer(
      id, scheme: scheme, network: network, environment: context.environment, certificateArn: Value(certificate),
      allow: allow, targets: targets, accessLogDays: logDays ?? 90, deletionProtection: deletionProtection,
      file: location.file, line: location.line, column: location.column)
    loadBalancer.suppress(suppressions)
  }

  private func readTarget(_ node: YAMLNode) -> LoadBalancer.Target? {
    let name = node.entries?["name"]?.scalar?.value
    guard let fields = Fields(node, name.map { "target '\($0)'" } ?? "a target", keys: Self.targetKeys, problems: problems)
    else { return nil }
    let targetName = fields.required("name", example: "app").flatMap(fields.string)
    let port = fields.required("port", example: "8080").flatMap { _ in fields.int("port", in: 1...65535) }
    let path = fields.string("healthCheckPath")
    let hosts = fields.strings("hosts") ?? []
    let paths = fields.strings("paths") ?? []
    guard let targetName, let port else { return nil }
    return LoadBalancer.Target(targetName, port: port, healthCheckPath: path ?? "/", hosts: hosts, paths: paths)
  }
}
