import Foundation
import InfraKit
import InfraTestSupport
@testable import StackFiles
import Testing

/// docs/stack-files.md says what the schema does: its complete example compiles, and every key
/// the schema reads is on the page.
@Suite struct DocumentationTests {
  static let page = (try? String(contentsOfFile: repositoryRoot + "/docs/stack-files.md", encoding: .utf8)) ?? ""

  static func yamlBlock(after heading: String) -> String? {
    page.components(separatedBy: heading).dropFirst().first?
      .components(separatedBy: "```yaml\n").dropFirst().first?
      .components(separatedBy: "```").first
  }

  @Test func theCompleteExampleCompilesIntoEveryPart() throws {
    let text = try #require(Self.yamlBlock(after: "## A complete stack"))
    let stack = try #require(try StackFolder(["platform.yaml": text]).stacks().first)
    let synthesized = try stack.synthesize()
    let types = Set(synthesized.configuration.resources.map(\.type))
    for type in ["aws_vpc", "aws_eks_cluster", "aws_eks_node_group", "aws_lb", "aws_wafv2_web_acl", "aws_db_instance", "aws_backup_plan"] {
      #expect(types.contains(type), "\(type)")
    }
    // Tenants are built before load balancers (whose targets may be their pods) and databases.
    #expect(stack.node.children.compactMap { $0 as? Database }.map(\.node.id) == ["tenant-acme", "tenant-globex", "ledger"])
  }

  @Test func everyKeyTheSchemaReadsIsDocumented() {
    let keys =
      StackSchema.keys + StackSchema.networkKeys + StackSchema.tierKeys + StackSchema.clusterKeys + StackSchema.accessKeys
      + StackSchema.namespaceAccessKeys + StackSchema.nodePoolKeys + StackSchema.retiringKeys
      + StackSchema.applicationLoadBalancerKeys + StackSchema.networkLoadBalancerKeys + StackSchema.targetKeys
      + StackSchema.listenerKeys + StackSchema.firewallKeys + StackSchema.managedRuleKeys + StackSchema.databaseKeys
      + StackSchema.tenantsKeys + StackSchema.tenantKeys + StackSchema.workloadKeys + StackSchema.quotaKeys
      + StackSchema.backupKeys + StackSchema.observabilityKeys + StackSchema.pagerDutyKeys + StackSchema.thresholdKeys
      + StackSchema.karpenterKeys + StackSchema.clusterAutoscalerKeys + StackSchema.gitOpsKeys
    for key in Set(keys) {
      #expect(Self.page.contains("`\(key)`") || Self.page.contains("\(key):"), "docs/stack-files.md does not mention '\(key)'")
    }
  }

  /// docs/kubernetes.md prints the pinned chart table, row for row.
  @Test func theChartTableIsThePinnedOne() throws {
    let page = try String(contentsOfFile: repositoryRoot + "/docs/kubernetes.md", encoding: .utf8)
    let rows = page.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| chart ") && !$0.hasPrefix("| ---") }
      .map { $0.split(separator: "|").prefix(3).map { $0.trimmingCharacters(in: .whitespaces) } }
      .filter { $0.count == 3 && $0[1].contains("://") }
    #expect(rows == HelmChart.pinned.map { [$0.name, $0.repository, $0.version] })
  }

  @Test func everyErrorIdIsDocumented() {
    for id in StackFileDiagnosticID.allCases.map(\.rawValue) {
      #expect(Self.page.contains("| `\(id)` |"), "\(id)")
    }
  }
}
