import InfraKit
import InfraLint
import Testing

/// Which stacks are production, and what a configuration changes.
@Suite struct EnvironmentAndConfigurationTests {
  private func database(environment: String?) -> Stack {
    Stack("databases", region: .euWest1, defaultTags: environment.map { ["Environment": $0] } ?? [:]) {
      AwsDbInstance(
        "orders", instanceClass: "db.t4g.micro", backupRetentionPeriod: 14, deletionProtection: true,
        finalSnapshotIdentifier: "orders-final", multiAz: false, storageEncrypted: true)
    }
  }

  private func ids(_ stack: Stack, _ configuration: LintConfiguration = LintConfiguration()) throws -> [String] {
    try Linter(configuration: configuration).lint(stack.synthesize()).findings.map { "\($0.rule.id) \($0.severity)" }
  }

  @Test func aStackWithoutAnEnvironmentTagIsProduction() throws {
    #expect(try ids(database(environment: nil)) == [
      "required-tags warning", "rds-private-subnets error", "rds-multi-az error", "rds-cross-region-backup error",
    ])
  }

  @Test(arguments: ["staging", "Development", "test"])
  func aStackTaggedOutsideProductionSkipsProductionRules(environment: String) throws {
    #expect(try ids(database(environment: environment)) == ["rds-private-subnets error"])
  }

  @Test(arguments: ["production", "prod", "live"])
  func anyOtherEnvironmentIsProduction(environment: String) throws {
    #expect(try ids(database(environment: environment)) == [
      "rds-private-subnets error", "rds-multi-az error", "rds-cross-region-backup error",
    ])
  }

  @Test func theConfigurationTurnsRulesOffChangesSeveritiesAndNamesRequiredTags() throws {
    let configuration = LintConfiguration(
      rules: ["rds-private-subnets": .off, "rds-multi-az": .severity(.warning)],
      settings: LintSettings(requiredTags: ["Environment", "Team"]))
    #expect(try ids(database(environment: "production"), configuration) == [
      "required-tags warning", "rds-multi-az warning", "rds-cross-region-backup error",
    ])
  }
}
