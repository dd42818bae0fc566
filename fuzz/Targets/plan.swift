// The plan reader under libFuzzer: any bytes must give a plan or a read error, and a plan must
// go through every check and the review as `infra check-plan` runs them. Built by fuzz/run only.
import CheckPlan

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPlanReader(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
  do {
    let plan = try TerraformPlan.read(bytes)
    let findings = PlanChecks.run(on: plan)
    _ = PlanSummary(plan)
    let review = PlanReview(plan: plan, findings: findings, allowances: [], today: CalendarDate(year: 2025, month: 1, day: 1)!)
    precondition(review.findings.count == findings.count, "the review lost findings")
  } catch {
    precondition(error.id.hasPrefix("plan-") && !error.message.isEmpty && !error.fix.isEmpty, "badly shaped: \(error)")
    if let line = error.line {
      precondition(line >= 1 && (error.column ?? 0) >= 1, "a location outside the text: \(error)")
    }
  }
  return 0
}
