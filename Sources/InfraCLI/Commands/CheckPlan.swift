import ArgumentParser
import Foundation
import InfraKit
import InfraLint

extension Infra {
  /// `infra check-plan`: block unsafe Terraform plans before apply.
  struct CheckPlan: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check a Terraform plan for changes that lose data or capacity.",
      discussion: """
        Reads the JSON of a saved plan (terraform plan -out=plan.bin && terraform show -json \
        plan.bin > plan.json), classifies every change with the reason it happens, and reports \
        what would lose data or capacity. The report goes to standard output.

        Exit codes: 0 nothing blocks the plan; 1 the plan is blocked; 2 the input is not a plan.
        """)

    @Argument(help: ArgumentHelp("The plan's JSON; '-' or nothing reads standard input.", valueName: "plan.json"))
    var plan: String = "-"

    func run() throws {
      let name = plan == "-" ? "<stdin>" : plan
      let parsed: TerraformPlan
      do {
        parsed = try TerraformPlan.read(try Self.contents(of: plan))
      } catch let error as TerraformPlan.ReadError {
        let location = error.line.map { SourceLocation(file: name, line: $0, column: error.column ?? 1) }
        Console.error(Diagnostic.error(error.id, error.message, fix: error.fix, at: location, path: name).description)
        throw ExitCode.badInput
      }
      let findings = PlanChecks.run(on: parsed)
      for line in PlanReport(plan: parsed, findings: findings).lines { Console.output(line) }
      if findings.contains(where: { $0.rule.severity == .error }) { throw ExitCode.findings }
    }

    private static func contents(of path: String) throws -> [UInt8] {
      if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
      guard let data = FileManager.default.contents(atPath: path) else {
        Console.error("\(path): error: cannot read the file; check the path [plan-unreadable]")
        throw ExitCode.badInput
      }
      return Array(data)
    }
  }
}

/// The human-readable report of a checked plan: the counts, the findings, then every change
/// that does something, the most dangerous first.
struct PlanReport {
  let plan: TerraformPlan
  let findings: [PlanFinding]

  /// The order changes are listed in: what loses something first.
  static let order: [ResourceChange.Kind] = [
    .replaceDestroyFirst, .delete, .forget, .replaceCreateFirst, .update, .create, .read,
  ]

  var lines: [String] {
    var lines = [summary]
    for finding in findings {
      lines.append("\(finding.rule.severity.rawValue): \(finding.message) [\(finding.rule.id)]")
    }
    // Every change that does something, then the moves that change nothing else.
    let listed = Self.order.flatMap { kind in plan.changes.filter { $0.kind == kind } }
      + plan.changes.filter { $0.kind == .noOp && $0.previousAddress != nil }
    if !listed.isEmpty {
      lines.append("")
      let labels = listed.map { $0.kind == .noOp ? "move" : $0.kind.rawValue }
      let labelWidth = labels.map(\.count).max() ?? 0
      let addressWidth = listed.map(\.address.count).max() ?? 0
      for (label, change) in zip(labels, listed) {
        lines.append(
          "  " + label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + "  "
            + change.address.padding(toLength: addressWidth, withPad: " ", startingAt: 0) + "  " + change.reason)
      }
    }
    let errors = findings.filter { $0.rule.severity == .error }.count
    let warnings = findings.filter { $0.rule.severity == .warning }.count
    lines.append("")
    lines.append(
      errors > 0
        ? "check-plan: blocked by \(errors.counted("error"))\(warnings > 0 ? " and \(warnings.counted("warning"))" : "")"
        : "check-plan: ok\(warnings > 0 ? " with \(warnings.counted("warning"))" : "")")
    return lines
  }

  /// `Plan: 2 to create, 1 to update, 1 to replace (1 destroy first), 1 to delete; 1 moved, 1 imported.`
  var summary: String {
    func count(_ kinds: ResourceChange.Kind...) -> Int {
      plan.changes.filter { $0.isManaged && kinds.contains($0.kind) }.count
    }
    var parts = [
      "\(count(.create)) to create", "\(count(.update)) to update",
      "\(count(.replaceCreateFirst, .replaceDestroyFirst)) to replace"
        + (count(.replaceDestroyFirst) > 0 ? " (\(count(.replaceDestroyFirst)) destroy first)" : ""),
      "\(count(.delete)) to delete",
    ]
    if count(.forget) > 0 { parts.append("\(count(.forget)) to forget") }
    var extras: [String] = []
    let moved = plan.changes.filter { $0.previousAddress != nil }.count
    let imported = plan.changes.filter { $0.importID != nil }.count
    if moved > 0 { extras.append("\(moved) moved") }
    if imported > 0 { extras.append("\(imported) imported") }
    return "Plan: " + parts.joined(separator: ", ") + (extras.isEmpty ? "" : "; " + extras.joined(separator: ", ")) + "."
  }
}
