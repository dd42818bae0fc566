import ArgumentParser
import Foundation
import InfraKit
import CheckPlan

extension Infra {
  /// `infra check-plan`: block unsafe Terraform plans before apply.
  struct CheckPlan: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check a Terraform plan for changes that lose data, capacity or protection.",
      discussion: """
        Reads the JSON of a saved plan (terraform plan -out=plan.bin && terraform show -json \
        plan.bin > plan.json), classifies every change with the reason it happens, and reports \
        what would lose data, capacity or protection. The report goes to standard output; \
        errors in the input go to standard error.

        Exit codes: 0 nothing blocks the plan; 1 the plan is blocked; 2 bad input (not a plan, \
        an invalid approvals file or --allow, an unknown option).
        """)

    @Argument(help: ArgumentHelp("The plan's JSON; '-' or nothing reads standard input.", valueName: "plan.json"))
    var plan: String = "-"

    @Option(help: "The report's format: text, json, sarif or markdown.")
    var format: PlanReportFormat = .text

    @Option(
      help: ArgumentHelp(
        "Allow the findings on a resource, optionally only for one action (create, update, replace, delete, forget). Repeatable.",
        valueName: "address[:action]"))
    var allow: [String] = []

    @Option(help: ArgumentHelp("A JSON file of approved changes, each with a reason.", valueName: "file"))
    var approvals: String?

    @Option(
      help: ArgumentHelp(
        "Warn when the plan deletes or replaces this many resources or more.", valueName: "count"))
    var blastRadius: Int = PlanCheckSettings.defaultBlastRadius

    func validate() throws {
      guard blastRadius >= 1 else { throw ValidationError("--blast-radius must be 1 or more") }
    }

    func run() throws {
      let allowances = try readAllowances()
      let name = plan == "-" ? "<stdin>" : plan
      let parsed: TerraformPlan
      do {
        parsed = try TerraformPlan.read(try Self.contents(of: plan, id: "plan-unreadable"))
      } catch let error as TerraformPlan.ReadError {
        let location = error.line.map { SourceLocation(file: name, line: $0, column: error.column ?? 1) }
        Console.error(Diagnostic.error(error.id, error.message, fix: error.fix, at: location, path: name).description)
        throw ExitCode.badInput
      }
      let checks = RuleCatalog.current.planChecks
      let findings = PlanChecks.run(checks, on: parsed, settings: PlanCheckSettings(blastRadius: blastRadius))
      let review = PlanReview(plan: parsed, findings: findings, allowances: allowances, today: .today)
      let report = format.render(review, planPath: plan == "-" ? nil : plan, rules: checks.map { $0.description })
      FileHandle.standardOutput.write(Data(report.utf8))
      if review.isBlocked { throw ExitCode.findings }
    }

    /// `--allow` options first, then the approvals file; the first error stops the command.
    private func readAllowances() throws -> [Allowance] {
      do {
        var allowances = try allow.map { text throws(AllowanceError) in try Allowance.commandLine(text) }
        if let approvals {
          allowances += try ApprovalsFile.read(try Self.contents(of: approvals, id: "approvals-unreadable"), path: approvals)
        }
        return allowances
      } catch let error as AllowanceError {
        Console.error(error.diagnostic.description)
        throw ExitCode.badInput
      }
    }

    private static func contents(of path: String, id: String) throws -> [UInt8] {
      if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
      guard let data = FileManager.default.contents(atPath: path) else {
        Console.error("\(path): error: cannot read the file; check the path [\(id)]")
        throw ExitCode.badInput
      }
      return Array(data)
    }
  }
}

extension CalendarDate {
  /// The current day in UTC, so an approval expires at the same moment on every CI runner.
  static var today: CalendarDate {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let parts = calendar.dateComponents([.year, .month, .day], from: Date())
    return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
  }
}
