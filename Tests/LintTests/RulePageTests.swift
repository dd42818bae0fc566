import Foundation
import InfraCore
import InfraTestSupport
import Testing

@testable import InfraLint

/// Every lint rule has its page `docs/rules/<id>.md`, made of the rule itself: its title,
/// severity, rationale and fix, and its first failing and passing examples as written in its
/// source, with what lint reports on the failing one, and the checkov checks docs/checkov.md
/// says it covers. A page that differs from its rule fails;
/// `RECORD_RULE_PAGES=1` rewrites the pages (read the diff before committing).
@Suite struct RulePageTests {
  static let rulesDirectory = repositoryRoot + "/docs/rules"

  @Test(arguments: LintRules.rules.map(\.id))
  func thePageIsTheRules(id: String) throws {
    let rule = try #require(LintRules.rule(id))
    let expected = try Self.page(of: rule)
    let path = "\(Self.rulesDirectory)/\(id).md"
    if ProcessInfo.processInfo.environment["RECORD_RULE_PAGES"] == "1" || !FileManager.default.fileExists(atPath: path) {
      try writeText(expected, to: path)
      Issue.record("wrote \(path); review it, then run the tests again")
      return
    }
    let page = try String(contentsOfFile: path, encoding: .utf8)
    #expect(page == expected, "docs/rules/\(id).md differs from its rule (RECORD_RULE_PAGES=1 rewrites it):\n\(firstDifference(expected, page))")
  }

  static func page(of rule: any LintRule.Type) throws -> String {
    let description = rule.description
    let failing = try #require(rule.examples.first { !$0.findings.isEmpty })
    let passing = try #require(rule.examples.first { $0.findings.isEmpty })
    let synthesized = try failing.stack().synthesize()
    let lines = Linter(rules: [rule]).lint(synthesized).findings.map { finding in
      finding.diagnostic.description.replacingOccurrences(of: repositoryRoot + "/", with: "")
    }
    let verdict = switch description.severity {
    case .error: "error: fails the run"
    case .warning: "warning: fails the run with `--strict`"
    case .note: "note: reported only"
    }
    let scope = rule.productionOnly ? " · production stacks only" : ""
    let fix = description.fix.prefix(1).uppercased() + description.fix.dropFirst()
    let about =
      rule is any NamespaceLintRule.Type
      ? """
      Examples are written as the Kubernetes objects a folder of manifests (`KubernetesManifests`) \
      writes to `kubernetes/`, so the rule reads exactly what GitOps will apply; a `Tenant` writes \
      its namespace's folder and passes it by default, and a finding is located at the tenant. \
      To turn the rule off or change its severity, see [lint.md](../lint.md#configuration); to \
      suppress it on one tenant, `tenant.node.suppress("\(description.id)", reason: "why")`, or \
      `suppress: [{rule: \(description.id), reason: "why"}]` on its entry in a stack file.
      """
      : """
      Examples are written with raw resources, as Terraform names their arguments, so the rule reads \
      exactly what will be deployed; infra's own constructs (`Cluster`, `Database`, ...) pass it by default. \
      To turn the rule off or change its severity, see [lint.md](../lint.md#configuration); to \
      suppress it on one construct, `construct.node.suppress("\(description.id)", reason: "why")`.
      """
    return """
      # \(description.id)

      **\(description.title)** · `infra lint` · \(verdict)\(scope)

      ## Example

      ```swift
      \(try source(of: failing))
      ```

      ```console
      $ infra lint
      \(lines.joined(separator: "\n"))
      ```

      ## Why

      \(description.rationale)

      ## How to fix

      \(fix).

      ```swift
      \(try source(of: passing))
      ```

      \(about)\(checkovLine(of: description.id))

      """
  }

  /// The checkov checks that docs/checkov.md says the rule covers, as a sentence that opens with
  /// a blank line; empty when it names none.
  static func checkovLine(of id: String) -> String {
    let table = (try? String(contentsOfFile: repositoryRoot + "/docs/checkov.md", encoding: .utf8)) ?? ""
    let checks = table.split(separator: "\n").compactMap { row -> String? in
      let cells = row.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count >= 4, cells[1].hasPrefix("CKV"), cells[3].hasPrefix("[`\(id)`](rules/\(id).md)") else { return nil }
      return cells[1]
    }
    guard !checks.isEmpty else { return "" }
    let named = checks.count == 1 ? checks[0] : checks.dropLast().joined(separator: ", ") + " and " + checks.last!
    return "\n\ncheckov's \(named) \(checks.count == 1 ? "asks" : "ask") for the same ([checkov.md](../checkov.md#every-check-that-applies-to-what-infra-writes))."
  }

  /// The body of `example` as written in its rule's source, without its indentation.
  static func source(of example: LintExample) throws -> String {
    let lines = try String(contentsOfFile: example.file, encoding: .utf8).components(separatedBy: "\n")
    var index = example.line - 1
    while !lines[index].hasSuffix("{") { index += 1 }
    let indentation = lines[index + 1].prefix { $0 == " " }.count
    var body: [String] = []
    index += 1
    while lines[index].prefix(while: { $0 == " " }).count >= indentation || lines[index].isEmpty {
      body.append(String(lines[index].dropFirst(indentation)))
      index += 1
    }
    return body.joined(separator: "\n")
  }
}
