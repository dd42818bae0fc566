import Foundation
import InfraCLI
import InfraLint
import InfraTestSupport
import Testing

/// `infra lint` through a built executable (`lint-fixtures`, the CLI over one stack per rule made
/// of its failing example), in every format, run from the repository so locations are relative.
@Suite struct LintEndToEndTests {
  static let fixtures = builtExecutable("lint-fixtures")

  private func lint(_ arguments: [String], in directory: String = repositoryRoot) throws -> ProcessResult {
    try runProcess(Self.fixtures, ["lint"] + arguments, in: directory)
  }

  /// The `$ infra lint` lines of the rule's page, which RulePageTests keeps equal to the rule.
  private func pageLines(_ id: String) throws -> [String] {
    let page = try String(contentsOfFile: "\(repositoryRoot)/docs/rules/\(id).md", encoding: .utf8)
    let block = try #require(page.components(separatedBy: "$ infra lint\n").dropFirst().first?.components(separatedBy: "\n```").first)
    return block.components(separatedBy: "\n")
  }

  @Test(arguments: LintRules.rules.map(\.id))
  func eachRuleInText(id: String) throws {
    let result = try lint(["--stack", id])
    #expect(result.standardError == "")
    let lines = result.standardOutput.split(separator: "\n").map(String.init)
    #expect(lines.filter { $0.hasSuffix("[\(id)]") } == (try pageLines(id)))
    #expect(lines.last?.hasPrefix("lint: ") == true)
    #expect(lines.last?.hasSuffix(", 0 suppressed in 1 stack") == true)
    let errors = lines.filter { $0.contains(": error: ") }.count
    #expect(result.status == (errors > 0 ? 1 : 0))
    #expect(try lint(["--stack", id, "--strict"]).status == 1, "a finding of any severity fails --strict")
  }

  @Test(arguments: LintRules.rules.map(\.id))
  func eachRuleInJSON(id: String) throws {
    let rule = try #require(LintRules.rule(id))
    let expected = try #require(rule.examples.first { !$0.findings.isEmpty }).findings
    let result = try lint(["--stack", id, "--format", "json"])
    #expect(result.standardError == "")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    #expect(report["schema"] as? String == "infra-lint/1")
    let findings = try #require(report["findings"] as? [[String: Any]])
    let mine = findings.filter { $0["rule"] as? String == id }
    #expect(mine.map { $0["message"] as? String } == expected)
    #expect(mine.allSatisfy { $0["severity"] as? String == rule.description.severity.rawValue && $0["stack"] as? String == id })
    #expect(mine.allSatisfy { ($0["location"] as? [String: Any])?["file"] as? String != nil })
    #expect((report["failed"] as? Bool) == (result.status == 1))
  }

  @Test(arguments: LintRules.rules.map(\.id))
  func eachRuleInSARIF(id: String) throws {
    let rule = try #require(LintRules.rule(id))
    let expected = try #require(rule.examples.first { !$0.findings.isEmpty }).findings
    let result = try lint(["--stack", id, "--format", "sarif"])
    #expect(result.standardError == "")
    let log = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    // The tool names its version, so a finding in code scanning says which infra found it.
    #expect(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["version"] as? String == InfraVersion.current)
    let results = try #require(run["results"] as? [[String: Any]]).filter { $0["ruleId"] as? String == id }
    #expect(results.map { ($0["message"] as? [String: Any])?["text"] as? String } == expected.map { "\($0); \(rule.description.fix)" })
    #expect(results.allSatisfy { $0["level"] as? String == rule.description.severity.rawValue })
    let index = try #require(LintRules.rules.firstIndex { $0.id == id })
    #expect(results.allSatisfy { $0["ruleIndex"] as? Int == index })
  }

  @Test func theShippedStacksLintClean() throws {
    let result = try runInfra(["lint"], in: repositoryRoot)
    #expect(result.status == 0)
    #expect(result.standardError == "")
    #expect(result.standardOutput == "lint: 0 errors, 0 warnings, 0 notes, 0 suppressed in 4 stacks\n")
    let strict = try runInfra(["lint", "--strict", "--format", "json"], in: repositoryRoot)
    #expect(strict.status == 0)
    #expect(strict.standardOutput.contains(#""failed": false"#))
  }

  /// Lint judges Kubernetes versions on the day the versions table was last checked, unless
  /// told another day: on the day 1.35's standard support ends, every shipped cluster is past it.
  @Test func asOfMovesTheDayVersionsAreJudgedOn() throws {
    let later = try runInfra(["lint", "--strict", "--as-of", "2027-03-27", "--format", "json"], in: repositoryRoot)
    #expect(later.status == 1)
    let json = try #require(JSONSerialization.jsonObject(with: Data(later.standardOutput.utf8)) as? [String: Any])
    let findings = try #require(json["findings"] as? [[String: Any]])
    #expect(findings.map { $0["rule"] as? String } == Array(repeating: "eks-version-past-standard-support", count: 4))
    #expect(
      findings.first?["message"] as? String
        == "aws_eks_cluster.main_cluster runs Kubernetes 1.35, whose EKS standard support ended on 2027-03-27 (as of 2027-03-27): without extended support EKS upgrades it, its add-ons and nodes left behind")
    let bad = try runInfra(["lint", "--as-of", "2027-02-30"], in: repositoryRoot)
    #expect(bad.status == 2)
    #expect(bad.standardError == "--as-of '2027-02-30' is not a day; write it as YYYY-MM-DD, e.g. 2026-12-06\n")
  }
}
