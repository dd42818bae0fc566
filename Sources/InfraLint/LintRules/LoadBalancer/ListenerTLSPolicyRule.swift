import InfraCore
import Terraform

/// HTTPS and TLS listeners use a policy that allows TLS 1.2 and later only.
public enum ListenerTLSPolicyRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "lb-tls-policy", title: "HTTPS with a modern TLS policy", severity: .error,
    rationale: """
      The default policy, ELBSecurityPolicy-2016-08, still accepts TLS 1.0 and 1.1 and ciphers \
      without forward secrecy, which PCI DSS and most security reviews reject. Clients that \
      need them are long gone.
      """,
    fix: "set ssl_policy to ELBSecurityPolicy-TLS13-1-2-2021-06 (TLS 1.3 and 1.2) or a newer TLS13 policy")

  public static let resourceTypes: Set<String> = ["aws_lb_listener"]

  /// Policies whose lowest version is TLS 1.2: `ELBSecurityPolicy-TLS13-1-2-2021-06`,
  /// `ELBSecurityPolicy-TLS13-1-3-…`, `ELBSecurityPolicy-TLS-1-2-…`, `ELBSecurityPolicy-FS-1-2-…`.
  static let modernPrefixes = [
    "ELBSecurityPolicy-TLS13-1-2", "ELBSecurityPolicy-TLS13-1-3", "ELBSecurityPolicy-TLS-1-2", "ELBSecurityPolicy-FS-1-2",
  ]

  public static func problems(with listener: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    guard let proto = listener.string("protocol"), proto == "HTTPS" || proto == "TLS" else { return [] }
    guard let policy = listener.body["ssl_policy"] else {
      return ["\(listener.address) uses the default TLS policy ELBSecurityPolicy-2016-08, which accepts TLS 1.0"]
    }
    guard let name = policy.stringValue, !modernPrefixes.contains(where: name.hasPrefix) else { return [] }
    return ["\(listener.address) uses the TLS policy \(name), which accepts versions older than TLS 1.2"]
  }

  public static let examples: [LintExample] = [
    .passing {
      Resource(
        "https", type: "aws_lb_listener",
        ["port": 443, "protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"])
    },
    .failing(["aws_lb_listener.https uses the default TLS policy ELBSecurityPolicy-2016-08, which accepts TLS 1.0"]) {
      Resource("https", type: "aws_lb_listener", ["port": 443, "protocol": "HTTPS"])
    },
    .failing(["aws_lb_listener.https uses the TLS policy ELBSecurityPolicy-TLS13-1-0-2021-06, which accepts versions older than TLS 1.2"]) {
      Resource(
        "https", type: "aws_lb_listener", ["port": 443, "protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-0-2021-06"])
    },
  ]
}
