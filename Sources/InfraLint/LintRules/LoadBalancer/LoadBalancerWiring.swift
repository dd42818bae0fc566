import InfraCore
import Terraform

/// How a load balancer's resources are wired, as lint follows them by reference: listeners and
/// listener rules to target groups, listeners to load balancers, listeners to certificates.
extension LintedStack {
  /// The load balancers whose listeners (by default action or by a listener rule) forward to
  /// `targetGroup`, each once.
  func loadBalancers(forwardingTo targetGroup: LintedResource) -> [LintedResource] {
    func forwards(_ actions: [Body]) -> Bool {
      actions.contains { action in
        referenced(by: action["target_group_arn"]).contains { $0.address == targetGroup.address }
          || action.blocks("forward").flatMap { $0.blocks("target_group") }.contains { group in
            referenced(by: group["arn"]).contains { $0.address == targetGroup.address }
          }
      }
    }
    var listeners = resources(ofType: "aws_lb_listener").filter { forwards($0.body.blocks("default_action")) }
    for rule in resources(ofType: "aws_lb_listener_rule") where forwards(rule.body.blocks("action")) {
      listeners += referenced(by: rule.body["listener_arn"]).filter { $0.type == "aws_lb_listener" }
    }
    var seen: Set<String> = []
    return listeners.flatMap { referenced(by: $0.body["load_balancer_arn"]) }.filter {
      $0.type == "aws_lb" && seen.insert($0.address).inserted
    }
  }

  /// The listeners of `loadBalancer` that end TLS (HTTPS or TLS).
  func tlsListeners(of loadBalancer: LintedResource) -> [LintedResource] {
    resources(ofType: "aws_lb_listener", whose: "load_balancer_arn", refersTo: loadBalancer).filter {
      ["HTTPS", "TLS"].contains($0.string("protocol") ?? "")
    }
  }

  /// The `aws_acm_certificate` a certificate ARN comes from: the certificate itself, or the
  /// certificate an `aws_acm_certificate_validation` validates; nil for an ARN from outside the
  /// stack.
  func certificate(of arn: Expr?) -> LintedResource? {
    for resource in referenced(by: arn) {
      if resource.type == "aws_acm_certificate" { return resource }
      if resource.type == "aws_acm_certificate_validation" {
        return referenced(by: resource.body["certificate_arn"]).first { $0.type == "aws_acm_certificate" }
      }
    }
    return nil
  }
}

extension Body {
  /// Whether this security group rule (its protocol under `protocolKey`, `from_port`,
  /// `to_port`) lets `port` through over `transport` (`tcp`, `udp`).
  func permits(port: Int, over transport: String, protocolKey: String) -> Bool {
    let protocolName = self[protocolKey]?.stringValue ?? ""
    if protocolName == "-1" || protocolName == "all" { return true }
    guard protocolName == transport || protocolName == (transport == "tcp" ? "6" : "17"),
      let from = int("from_port"), let to = int("to_port")
    else { return false }
    return from <= port && port <= to
  }
}
