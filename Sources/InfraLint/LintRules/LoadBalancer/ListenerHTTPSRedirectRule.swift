import InfraCore
import Terraform

/// Plain HTTP listeners only redirect to HTTPS.
public enum ListenerHTTPSRedirectRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "lb-http-redirects-to-https", title: "HTTP is redirected to HTTPS", severity: .error,
    rationale: """
      A listener that serves plain HTTP sends cookies, tokens and form posts in clear text over \
      every network between the client and AWS. Port 80 should exist only to send clients to \
      443.
      """,
    fix: "make the HTTP listener's default_action a redirect to protocol HTTPS, port 443, status HTTP_301")

  public static let resourceTypes: Set<String> = ["aws_lb_listener"]

  public static func problems(with listener: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    guard listener.string("protocol") ?? "HTTP" == "HTTP" else { return [] }
    let redirects = listener.body.blocks("default_action").contains { action in
      action["type"]?.stringValue == "redirect" && action.blocks("redirect").first?["protocol"]?.stringValue == "HTTPS"
    }
    return redirects ? [] : ["\(listener.address) serves plain HTTP instead of redirecting to HTTPS"]
  }

  public static let examples: [LintExample] = [
    .passing {
      Resource(
        "http", type: "aws_lb_listener",
        Body([
          "port": .argument(80), "protocol": .argument("HTTP"),
          "default_action": .blocks([
            Body(["type": .argument("redirect"), "redirect": .block(["protocol": "HTTPS", "port": "443", "status_code": "HTTP_301"])])
          ]),
        ]))
    },
    .failing(["aws_lb_listener.http serves plain HTTP instead of redirecting to HTTPS"]) {
      let targets = Resource("app", type: "aws_lb_target_group", ["port": 8080, "protocol": "HTTP"])
      Resource(
        "http", type: "aws_lb_listener",
        Body([
          "port": .argument(80), "protocol": .argument("HTTP"),
          "default_action": .blocks([["type": "forward", "target_group_arn": targets["arn"]]]),
        ]))
    },
  ]
}
