import InfraCore
import Terraform

/// Where a stack names a load balancer's domain (an alias record to it) and issues its
/// certificate, the listeners wait for the certificate's validation, the validation records
/// exist, and the certificate covers every name pointed at the load balancer.
public enum LoadBalancerDomainCertificateRule: LintRule {
  public static let description = RuleDescription(
    id: "lb-domain-certificate", title: "A load balancer's names have a validated certificate", severity: .error,
    rationale: """
      A certificate ACM has not validated cannot be put on a listener: an HTTPS listener that \
      takes the certificate's ARN straight from aws_acm_certificate races its validation and \
      fails to apply, and a certificate validated through DNS with no validation records in \
      the zone never is. A name whose alias record points at the load balancer but that the \
      certificate does not cover gets a certificate error in every browser.
      """,
    fix: """
      validate the certificate through aws_route53_record resources for its \
      domain_validation_options and an aws_acm_certificate_validation, give listeners the \
      validation's certificate_arn, and put every aliased name in the certificate's domain_name \
      or subject_alternative_names (LoadBalancer(domain:) and stack files' domain do all of it)
      """)

  public static func problems(in stack: LintedStack, settings: LintSettings) -> [LintProblem] {
    var problems: [LintProblem] = []
    var used: [String: LintedResource] = [:]
    for listener in stack.resources(ofType: "aws_lb_listener") where ["HTTPS", "TLS"].contains(listener.string("protocol") ?? "") {
      let arn = listener.body["certificate_arn"]
      guard let certificate = stack.certificate(of: arn) else { continue }
      used[certificate.address] = certificate
      if stack.referenced(by: arn).contains(where: { $0.type == "aws_acm_certificate" }) {
        problems.append(
          LintProblem(
            address: listener.address,
            message: "\(listener.address) takes \(certificate.address) before it is validated, and fails to apply while ACM has not issued it"))
      }
    }
    for certificate in used.values.sorted(by: { $0.address < $1.address }) where certificate.string("validation_method") == "DNS" {
      let validations = stack.resources(ofType: "aws_acm_certificate_validation", whose: "certificate_arn", refersTo: certificate)
      let records = stack.resources(ofType: "aws_route53_record").filter { writesValidation(of: certificate, $0) }
      if validations.isEmpty || records.isEmpty {
        let missing = [validations.isEmpty ? "no aws_acm_certificate_validation" : nil, records.isEmpty ? "no validation records" : nil]
        problems.append(
          LintProblem(
            address: certificate.address,
            message: "\(certificate.address) is validated through DNS, but the stack has \(missing.compactMap { $0 }.joined(separator: " and ")) for it, so it is never issued"))
      }
    }
    for record in stack.resources(ofType: "aws_route53_record") {
      guard let alias = record.body.blocks("alias").first, let name = record.string("name"),
        let loadBalancer = stack.referenced(by: alias["name"]).first(where: { $0.type == "aws_lb" })
      else { continue }
      let listeners = stack.tlsListeners(of: loadBalancer)
      var certificates: [LintedResource] = []
      for listener in listeners {
        // An ARN from outside the stack: what it covers cannot be judged here.
        guard let certificate = stack.certificate(of: listener.body["certificate_arn"]) else { certificates = []; break }
        certificates.append(certificate)
        for extra in stack.resources(ofType: "aws_lb_listener_certificate", whose: "listener_arn", refersTo: listener) {
          if let more = stack.certificate(of: extra.body["certificate_arn"]) { certificates.append(more) }
        }
      }
      guard !certificates.isEmpty, !certificates.contains(where: { covers($0, name) }) else { continue }
      problems.append(
        LintProblem(
          address: record.address,
          message: "\(record.address) points \(name) at \(loadBalancer.address), whose certificate (\(certificates.map(\.address).joined(separator: ", "))) does not cover it"))
    }
    return problems
  }

  /// Whether `record` writes the DNS validation records of `certificate`: it is made from the
  /// certificate's `domain_validation_options` (by reference, or in a `for_each` expression).
  static func writesValidation(of certificate: LintedResource, _ record: LintedResource) -> Bool {
    let options = certificate.address + ".domain_validation_options"
    let expressions = [record.block.meta.forEach, record.body["name"], record.body["records"]].compactMap { $0 }
    return expressions.contains { expression in
      expression.references.contains { $0.traversal.hasPrefix(options) } || mentions(expression, options)
    }
  }

  private static func mentions(_ expression: Expr, _ text: String) -> Bool {
    switch expression {
    case .raw(let hcl): hcl.contains(text)
    case .list(let items), .template(let items), .call(_, let items): items.contains { mentions($0, text) }
    case .object(let members): members.values.contains { mentions($0, text) }
    default: false
    }
  }

  /// Whether `certificate`'s literal names cover `host`, wildcards matching one label.
  static func covers(_ certificate: LintedResource, _ host: String) -> Bool {
    let names = [certificate.string("domain_name")].compactMap { $0 } + (certificate.body.strings("subject_alternative_names") ?? [])
    var host = host.lowercased()
    if host.hasSuffix(".") { host.removeLast() }
    return names.contains { name in
      let name = name.lowercased()
      if name == host { return true }
      guard name.hasPrefix("*."), let dot = host.firstIndex(of: ".") else { return false }
      return host[host.index(after: dot)...] == name.dropFirst(2)
    }
  }

  public static let examples: [LintExample] = [
    .passing {
      let (certificate, zone, alb) = certificateZoneAndALB(names: ["app.example.com"])
      validationRecords(certificate, zone: zone)
      let validation = Resource(
        "web-validation", type: "aws_acm_certificate_validation",
        ["certificate_arn": certificate["arn"], "validation_record_fqdns": .raw("[for record in aws_route53_record.validation : record.fqdn]")])
      listener(alb, certificateArn: validation["certificate_arn"])
      alias("app.example.com", zone: zone, to: alb)
    },
    .failing([
      "aws_acm_certificate.web is validated through DNS, but the stack has no aws_acm_certificate_validation and no validation records for it, so it is never issued",
      "aws_lb_listener.https takes aws_acm_certificate.web before it is validated, and fails to apply while ACM has not issued it",
    ]) {
      let (certificate, zone, alb) = certificateZoneAndALB(names: ["app.example.com"])
      listener(alb, certificateArn: certificate["arn"])
      alias("app.example.com", zone: zone, to: alb)
    },
    .failing([
      "aws_route53_record.www_example_com points www.example.com at aws_lb.alb, whose certificate (aws_acm_certificate.web) does not cover it"
    ]) {
      let (certificate, zone, alb) = certificateZoneAndALB(names: ["app.example.com", "*.api.example.com"])
      validationRecords(certificate, zone: zone)
      let validation = Resource("web-validation", type: "aws_acm_certificate_validation", ["certificate_arn": certificate["arn"]])
      listener(alb, certificateArn: validation["certificate_arn"])
      alias("app.example.com", zone: zone, to: alb)
      alias("v1.api.example.com", zone: zone, to: alb)
      alias("www.example.com", zone: zone, to: alb)
    },
  ]

  /// A DNS-validated certificate for `names`, a zone and an application load balancer.
  private static func certificateZoneAndALB(names: [String]) -> (certificate: Resource, zone: Resource, alb: Resource) {
    var body: Body = ["domain_name": .string(names[0]), "validation_method": "DNS"]
    if names.count > 1 { body["subject_alternative_names"] = .list(names.dropFirst().map(Expr.string)) }
    let certificate = Resource("web", type: "aws_acm_certificate", body)
    let zone = Resource("example", type: "aws_route53_zone", ["name": "example.com"])
    let alb = Resource("alb", type: "aws_lb", ["load_balancer_type": "application"])
    return (certificate, zone, alb)
  }

  @discardableResult
  private static func validationRecords(_ certificate: Resource, zone: Resource) -> Resource {
    let records = Resource(
      "validation", type: "aws_route53_record",
      [
        "name": .reference(.eachValue.attribute("name")), "type": .reference(.eachValue.attribute("type")),
        "records": [.reference(.eachValue.attribute("record"))], "ttl": 60, "zone_id": zone["zone_id"], "allow_overwrite": true,
      ])
    records.forEach = .raw(
      "{for option in aws_acm_certificate.web.domain_validation_options : option.domain_name => {name = option.resource_record_name, record = option.resource_record_value, type = option.resource_record_type}}")
    return records
  }

  private static func listener(_ alb: Resource, certificateArn: Expr) {
    _ = Resource(
      "https", type: "aws_lb_listener",
      Body([
        "load_balancer_arn": .argument(alb["arn"]), "port": .argument(443), "protocol": .argument("HTTPS"),
        "certificate_arn": .argument(certificateArn), "ssl_policy": .argument("ELBSecurityPolicy-TLS13-1-2-2021-06"),
        "default_action": .blocks([["type": "fixed-response"]]),
      ]))
  }

  private static func alias(_ name: String, zone: Resource, to alb: Resource) {
    _ = Resource(
      name.replacingOccurrences(of: ".", with: "-"), type: "aws_route53_record",
      Body([
        "name": .argument(.string(name)), "type": .argument("A"), "zone_id": .argument(zone["zone_id"]),
        "alias": .block(["name": alb["dns_name"], "zone_id": alb["zone_id"], "evaluate_target_health": true]),
      ]))
  }
}
