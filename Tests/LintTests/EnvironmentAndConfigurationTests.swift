import InfraKit
import InfraLint
import Testing

/// Which stacks are production, and what a configuration changes.
@Suite struct EnvironmentAndConfigurationTests {
  /// A stack of `environment` whose provider is tagged `Environment = <tag>`.
  private func database(environment: Environment?, tag: String? = nil) -> Stack {
    Stack("databases", environment: environment, terraform: .aws()) {
      AWSProvider(region: .euWest1, defaultTags: tag.map { ["Environment": $0] } ?? [:])
      AwsDbInstance(
        "orders", instanceClass: "db.t4g.micro", backupRetentionPeriod: 14, deletionProtection: true,
        finalSnapshotIdentifier: "orders-final", multiAz: false, storageEncrypted: true)
    }
  }

  private func ids(_ stack: Stack, _ configuration: LintConfiguration = LintConfiguration()) throws -> [String] {
    try Linter(configuration: configuration).lint(stack.synthesize()).findings.map { "\($0.rule.id) \($0.severity)" }
  }

  @Test func aStackThatSaysNoEnvironmentIsProduction() throws {
    #expect(try ids(database(environment: nil)) == [
      "required-tags warning", "rds-private-subnets error", "rds-multi-az error", "rds-cross-region-backup error",
      "production-resource-without-alarm error",
    ])
  }

  @Test(arguments: [Environment.staging, .development])
  func aStackOutsideProductionSkipsProductionRules(environment: Environment) throws {
    #expect(try ids(database(environment: environment, tag: environment.rawValue)) == ["rds-private-subnets error"])
  }

  @Test func theStackSaysWhetherItIsProductionNotItsTag() throws {
    #expect(try ids(database(environment: .production, tag: "dev")) == [
      "rds-private-subnets error", "rds-multi-az error", "rds-cross-region-backup error", "production-resource-without-alarm error",
    ])
    #expect(try ids(database(environment: .staging, tag: "production")) == ["rds-private-subnets error"])
  }

  @Test func theConfigurationTurnsRulesOffChangesSeveritiesAndNamesRequiredTags() throws {
    let configuration = LintConfiguration(
      rules: ["rds-private-subnets": .off, "rds-multi-az": .severity(.warning)],
      settings: LintSettings(requiredTags: ["Environment", "Team"]))
    #expect(try ids(database(environment: .production, tag: "production"), configuration) == [
      "required-tags warning", "rds-multi-az warning", "rds-cross-region-backup error", "production-resource-without-alarm error",
    ])
  }
}
