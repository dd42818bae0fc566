import InfraCore
import InfraKit
import Terraform
import Testing

/// `observability:` in stack files: on in production without being written, off elsewhere until
/// written, and never holding a PagerDuty key.
@Suite struct ObservabilityStackFileTests {
  private func resources(_ text: String) throws -> [String] {
    let folder = try StackFolder(["stack.yaml": text])
    #expect(folder.problems() == [])
    let stack = try #require(try folder.stacks().first)
    return try stack.synthesize().configuration.resources.map { "\($0.type).\($0.name)" }
  }

  @Test func productionIsWatchedWithoutTheKeyAndOtherEnvironmentsOnlyWithIt() throws {
    let production = try resources(minimalStack)
    #expect(production.contains("aws_sns_topic.observability_alerts"))
    #expect(production.filter { $0.hasPrefix("aws_cloudwatch_metric_alarm.") }.count == 6)
    // Nobody is paged until a destination is given.
    #expect(!production.contains { $0.hasPrefix("aws_sns_topic_subscription.") })

    let off = try resources(minimalStack + "observability: {enabled: false}\n")
    #expect(!off.contains { $0.hasPrefix("aws_cloudwatch_metric_alarm.") || $0.hasPrefix("aws_sns_topic.") })

    let staging = minimalStack.replacingOccurrences(of: "environment: production", with: "environment: staging")
    #expect(!(try resources(staging)).contains { $0.hasPrefix("aws_sns_topic.") })
    let stagingWatched = try resources(staging + "observability: {email: [team@example.com]}\n")
    #expect(stagingWatched.contains("aws_sns_topic_subscription.observability_alerts_email_1"))
  }

  @Test func thresholdsComeFromTheStackFile() throws {
    let folder = try StackFolder([
      "stack.yaml": minimalStack + "observability:\n  thresholds: {natDroppedPackets: 0.5}\n"
    ])
    let stack = try #require(try folder.stacks().first)
    let alarm = try #require(
      try stack.synthesize().configuration.resources.first { $0.name == "core_alarm_nat_a_dropped_packets" })
    #expect(alarm.body["threshold"] == .double(0.5))
  }

  @Test func aPagerDutyURLWrittenOutAndBadThresholdsAreLocatedErrors() throws {
    let folder = try StackFolder([
      "stack.yaml": minimalStack + """
        observability:
          pagerduty: https://events.pagerduty.com/integration/0123456789abcdef/enqueue
          thresholds: {databaseCPU: 120, targetResponseSeconds: 0, natDroppedPackets: lots}

        """
    ])
    #expect(
      folder.problems() == [
        "stack.yaml:7:14: error: observability: 'pagerduty' is a URL; the integration URL holds its key, which must not be written in a stack file; write 'pagerduty: {variable: pagerduty_url}' and set TF_VAR_pagerduty_url from your secret store, or 'pagerduty: {ssmParameter: NAME}' [stack-invalid-value]",
        "stack.yaml:8:29: error: the alarm thresholds: 'databaseCPU' is 120; it must be from 1 to 100; choose a value from 1 to 100 [stack-invalid-value]",
        "stack.yaml:8:57: error: the alarm thresholds: 'targetResponseSeconds' is '0'; it must be a number above 0 and at most 3600; write a number such as targetResponseSeconds: 2 [stack-invalid-value]",
        "stack.yaml:8:79: error: the alarm thresholds: 'natDroppedPackets' is 'lots'; it must be a number above 0 and at most 100; write a number such as natDroppedPackets: 0.01 [stack-invalid-value]",
      ])
  }

  @Test func aPagerDutyIntegrationNamesOneSource() throws {
    let folder = try StackFolder([
      "stack.yaml": minimalStack + "observability:\n  pagerduty: {variable: pager, ssmParameter: /pager}\n"
    ])
    #expect(
      folder.problems() == [
        "stack.yaml:7:14: error: observability: 'pagerduty' names both a variable and an SSM parameter; give exactly one: {variable: pagerduty_url} or {ssmParameter: NAME} [stack-invalid-value]"
      ])
  }

  @Test func aPartsOwnAlarmsOverrideTheStacksThresholds() throws {
    let text = minimalStack.replacingOccurrences(of: "  cidr: 10.0.0.0/16\n", with: "  cidr: 10.0.0.0/16\n  alarms: {natDroppedPackets: 1}\n") + """
      observability:
        thresholds: {natDroppedPackets: 0.5, databaseCPU: 70}
      databases:
        - {name: orders, engine: postgres, version: "16", alarms: {databaseCPU: 95}}
        - {name: billing, engine: postgres, version: "16"}

      """
    let folder = try StackFolder(["stack.yaml": text])
    #expect(folder.problems() == [])
    let stack = try #require(try folder.stacks().first)
    let alarms = try stack.synthesize().configuration.resources.filter { $0.type == "aws_cloudwatch_metric_alarm" }
    func threshold(_ name: String) -> Expr? { alarms.first { $0.name == name }?.body["threshold"] }
    #expect(threshold("core_alarm_nat_a_dropped_packets") == .double(1))
    #expect(threshold("orders_alarm_cpu") == .double(95))
    #expect(threshold("billing_alarm_cpu") == .double(70))
  }

  @Test func alarmsWithoutObservabilityAreAnError() throws {
    let staging = minimalStack.replacingOccurrences(of: "environment: production", with: "environment: staging") + """
      databases:
        - {name: orders, engine: postgres, version: "16", alarms: {databaseCPU: 95}}

      """
    let problems = try StackFolder(["stack.yaml": staging]).problems()
    #expect(
      problems == [
        "stack.yaml:7:61: error: 'orders' has alarm thresholds of its own, but a staging stack without 'observability:' makes no alarms; add 'observability:' to the stack, or remove 'alarms' [stack-invalid-value]"
      ])
  }
}
