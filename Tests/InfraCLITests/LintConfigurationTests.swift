import Foundation
import InfraTestSupport
import Testing

/// `.infra-lint.yaml` through the built `infra`: every mistake located, with the closest known
/// name; rules turned off, severities changed, required tags named.
@Suite struct LintConfigurationTests {
  let directory: String

  init() throws {
    directory = try makeTemporaryDirectory()
  }

  @Test func mistakesInTheDefaultFileAreBadInputAtTheirLines() throws {
    try writeText("rules:\n  zone-sprad: off\n  vpc-flow-logs: loud\nrequired-tag: [Team]\n", to: directory + "/.infra-lint.yaml")
    let result = try runInfra(["lint"], in: directory)
    #expect(result.status == 2)
    #expect(result.standardOutput == "")
    #expect(
      result.standardError == """
        .infra-lint.yaml:2:3: error: 'zone-sprad' is not a rule of infra lint; did you mean 'zone-spread'? infra lint --list-rules shows them [lint-config-unknown-rule]
        .infra-lint.yaml:3:18: error: 'loud' is not a setting of the rule vpc-flow-logs; write off, error, warning or note [lint-config-rule-setting]
        .infra-lint.yaml:4:1: error: 'required-tag' is not a setting of infra lint; did you mean 'required-tags'? known: rules, required-tags [lint-config-unknown-key]

        """)
  }

  @Test func aConfigFileTurnsRulesOffChangesSeveritiesAndRequiresTags() throws {
    // A production network in two zones sharing one NAT gateway: zone-spread and
    // nat-gateway-per-zone find it. Its alarms reach someone, so no other rule does.
    try FileManager.default.createDirectory(atPath: directory + "/stacks", withIntermediateDirectories: true)
    try writeText(
      """
      region: eu-west-1
      environment: production
      network: {cidr: 10.0.0.0/16, zones: [eu-west-1a, eu-west-1b], nat: single}
      observability: {email: [platform-team@example.com]}

      """, to: directory + "/stacks/edge.yaml")
    try writeText(
      "rules:\n  nat-gateway-per-zone: note\n  zone-spread: off\nrequired-tags: [Environment, Team]\n",
      to: directory + "/custom.yaml")
    let result = try runInfra(["lint", "--config", "custom.yaml", "--format", "json"], in: directory)
    #expect(result.status == 0)
    let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let findings = try #require(report["findings"] as? [[String: Any]])
    #expect(findings.map { "\($0["rule"]!) \($0["severity"]!) \($0["address"]!)" } == [
      "required-tags warning provider.aws", "nat-gateway-per-zone note aws_vpc.core_vpc",
    ])
    #expect(report["summary"] as? [String: Int] == ["stacks": 1, "error": 0, "warning": 1, "note": 1, "suppressed": 0])
    #expect(try runInfra(["lint", "--config", "custom.yaml", "--strict"], in: directory).status == 1)
  }

  @Test func aMissingConfigFileIsBadInput() throws {
    let result = try runInfra(["lint", "--config", "missing.yaml"], in: directory)
    #expect(result.status == 2)
    #expect(result.standardError.hasPrefix("missing.yaml:1:1: error: cannot read the file"))
  }

  @Test func listRulesShowsEveryRule() throws {
    let result = try runInfra(["lint", "--list-rules"], in: directory)
    #expect(result.status == 0)
    let lines = result.standardOutput.split(separator: "\n")
    #expect(lines.count == 47)
    #expect(lines.first == "eks-endpoint-not-public                    error    The EKS API endpoint is private or allow-listed")
  }
}
