import Foundation
import InfraTestSupport
import Testing

/// `infra` over stack files it cannot compile: every problem printed at its line in the file,
/// exit code 2, and nothing written.
@Suite struct StackFileCLITests {
  let directory: String

  init() throws {
    directory = try makeTemporaryDirectory()
    try FileManager.default.createDirectory(atPath: directory + "/stacks", withIntermediateDirectories: true)
    try writeText("region: eu-west-1\nenvironment: development\n", to: directory + "/stacks/good.yaml")
  }

  @Test func schemaProblemsOfEveryFileArePrintedAndNothingIsWritten() throws {
    try writeText("region: eu-west-1\nenvironment: prod\n", to: directory + "/stacks/bad.yaml")
    try writeText("region: eu-west-1\nenvironment: staging\nnetwrk: {}\n", to: directory + "/stacks/worse.yaml")
    let result = try runInfra(["synth"], in: directory)
    #expect(result.status == 2)
    #expect(result.standardOutput == "")
    #expect(
      result.standardError == """
        stacks/bad.yaml:2:14: error: the stack: 'environment' cannot be 'prod'; choose one of: development, staging, production [stack-invalid-value]
        stacks/worse.yaml:3:1: error: the stack has no setting 'netwrk'; did you mean 'network'? [stack-unknown-key]

        """)
    #expect(!FileManager.default.fileExists(atPath: directory + "/out"))
  }

  @Test func aConstructsProblemPointsAtTheStackFile() throws {
    try writeText(
      """
      region: eu-west-1
      environment: production
      network:
        cidr: 10.0.0.0/16
        zones: [eu-west-1a, eu-west-1b, eu-west-1c]
      cluster:
        version: "1.31"
        nodePools:
          - name: edge
            instanceTypes: [m6i.large]
            minSize: 1
            maxSize: 2
            tier: public

      """, to: directory + "/stacks/platform.yaml")
    let result = try runInfra(["synth"], in: directory)
    #expect(result.status == 2)
    #expect(
      result.standardError == """
        stacks/platform.yaml:9:7: error: node pool 'edge' would put nodes in the public tier 'public'; place nodes in a private tier; traffic reaches them through load balancers [node-pool-public-subnets]

        """)
    #expect(!FileManager.default.fileExists(atPath: directory + "/out"))
  }
}

extension StackFileCLITests {
  @Test func lintPointsAtTheStackFileAndCountsItsSuppressions() throws {
    try FileManager.default.removeItem(atPath: directory + "/stacks/good.yaml")
    try writeText(
      """
      region: eu-west-1
      environment: production
      network:
        cidr: 10.0.0.0/16
        zones: [eu-west-1a, eu-west-1b, eu-west-1c]
      databases:
        - name: reporting
          engine: postgres
          version: "16"
          multiAZ: false
          backupRetentionDays: 3
          suppress:
            - {rule: rds-multi-az, reason: "rebuilt from the ledger in minutes"}
            - {rule: rds-cross-region-backup, reason: "rebuilt from the ledger in minutes"}
      observability:
        email: [platform-team@example.com]

      """, to: directory + "/stacks/reports.yaml")
    let result = try runInfra(["lint"], in: directory)
    #expect(result.status == 1)
    #expect(
      result.standardOutput == """
        stacks/reports.yaml:7:5: error: aws_db_instance.reporting_instance keeps automated backups 3 days; keep them at least 7; set backup_retention_period to 7 or more (14 in production) [rds-backup-retention]
        lint: 1 error, 0 warnings, 0 notes, 2 suppressed in 1 stack

        """)
  }
}

extension StackFileCLITests {
  /// A production stack file that turns observability off has its NAT gateways found at its
  /// network, with the fix that says which line to remove.
  @Test func lintFindsWhatAProductionStackFileWithoutObservabilityLeavesUnwatched() throws {
    try FileManager.default.removeItem(atPath: directory + "/stacks/good.yaml")
    try writeText(
      """
      region: eu-west-1
      environment: production
      network:
        cidr: 10.0.0.0/16
        zones: [eu-west-1a, eu-west-1b, eu-west-1c]
      observability: {enabled: false}

      """, to: directory + "/stacks/edge.yaml")
    let result = try runInfra(["lint"], in: directory)
    #expect(result.status == 1)
    let fix = "add Observability to the stack (Swift), or remove `observability: {enabled: false}` from the stack file; a resource written by hand needs an aws_cloudwatch_metric_alarm whose dimensions name it"
    #expect(
      result.standardOutput == """
        stacks/edge.yaml:4:3: error: aws_nat_gateway.core_nat_a is watched by no CloudWatch alarm: no aws_cloudwatch_metric_alarm has NatGatewayId = its id; \(fix) [production-resource-without-alarm]
        stacks/edge.yaml:4:3: error: aws_nat_gateway.core_nat_b is watched by no CloudWatch alarm: no aws_cloudwatch_metric_alarm has NatGatewayId = its id; \(fix) [production-resource-without-alarm]
        stacks/edge.yaml:4:3: error: aws_nat_gateway.core_nat_c is watched by no CloudWatch alarm: no aws_cloudwatch_metric_alarm has NatGatewayId = its id; \(fix) [production-resource-without-alarm]
        lint: 3 errors, 0 warnings, 0 notes, 0 suppressed in 1 stack

        """)
  }
}

extension StackFileCLITests {
  /// The rules over the Kubernetes manifests find a tenant at its entry in the stack file, and
  /// `suppress` on the entry covers them.
  @Test func lintFindsATenantsNamespaceAtItsEntry() throws {
    try FileManager.default.removeItem(atPath: directory + "/stacks/good.yaml")
    try writeText(
      """
      region: eu-west-1
      environment: production
      network:
        cidr: 10.0.0.0/16
        zones: [eu-west-1a, eu-west-1b, eu-west-1c]
      cluster:
        version: "1.35"
      tenants:
        database: {engine: postgres, version: "16"}
        list:
          - {name: acme}
          - {name: gpu-lab, podSecurity: privileged}
          - name: drivers
            podSecurity: privileged
            suppress:
              - {rule: kubernetes-privileged-pod-security, reason: "installs the GPU driver on the nodes"}

      """, to: directory + "/stacks/tenants.yaml")
    let result = try runInfra(["lint", "--format", "json"], in: directory)
    let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let findings = try #require(report["findings"] as? [[String: Any]]).filter {
      ($0["rule"] as? String)?.hasPrefix("kubernetes-") == true
    }
    #expect(
      findings.map { finding in
        let location = finding["location"] as? [String: Any]
        let suppressed = (finding["suppression"] as? [String: Any])?["reason"] as? String
        return "\(location?["file"] ?? "") \(location?["line"] ?? 0):\(location?["column"] ?? 0) \(finding["rule"] ?? "") \(finding["address"] ?? "") \(finding["path"] ?? "") \(suppressed ?? "-")"
      } == [
        "stacks/tenants.yaml 12:7 kubernetes-privileged-pod-security Namespace/gpu-lab tenants/gpu-lab/kubernetes -",
        "stacks/tenants.yaml 13:7 kubernetes-privileged-pod-security Namespace/drivers tenants/drivers/kubernetes installs the GPU driver on the nodes",
      ])
  }
}

/// Stack files that extend a shared base: a problem in the base is printed once, in the base,
/// naming the stacks that extend it; and a missing base is named by the path looked for.
extension StackFileCLITests {
  private func writeBase(_ text: String, extendedBy stacks: [String]) throws {
    try FileManager.default.createDirectory(atPath: directory + "/stacks/shared", withIntermediateDirectories: true)
    try writeText(text, to: directory + "/stacks/shared/platform.yaml")
    for (index, stack) in stacks.enumerated() {
      try writeText(
        """
        extends: shared/platform.yaml
        region: eu-west-1
        environment: development
        network:
          cidr: 10.\(10 + index).0.0/16
          zones: [eu-west-1a, eu-west-1b]

        """, to: directory + "/stacks/\(stack).yaml")
    }
  }

  @Test(arguments: [["synth"], ["lint"], ["list"]])
  func aRejectedPartOfABaseIsOneErrorForEveryStackThatExtendsIt(command: [String]) throws {
    try writeBase(
      """
      network:
        endpoints: [s3]
      cluster:
        version: "1.35"
        nodePools:
          - {name: general, instanceTypes: [m6i.large], minSize: 1, maxSize: 3}
          - {name: gpu, instanceTypes: [m6i.large], minSize: 0, maxSize: 2, accelerator: nvidia}
      databases:
        - {name: orders, engine: postgres, version: "16", allowFrom: [cluster]}
      backup: {copyTo: eu-central-1}

      """, extendedBy: ["dev", "staging"])
    let result = try runInfra(command, in: directory)
    #expect(result.status == 2)
    #expect(result.standardOutput == "")
    #expect(
      result.standardError == """
        stacks/shared/platform.yaml:7:7: error: node pool 'gpu' is an NVIDIA GPU pool, but m6i.large has no NVIDIA GPU (in the base of dev and staging); use a GPU instance type such as g5.xlarge or g6.xlarge, or drop accelerator: nvidia [gpu-instance-type]

        """)
    #expect(!FileManager.default.fileExists(atPath: directory + "/out"))
  }

  @Test func aProblemOfABaseIsReadOnceForEveryStackThatExtendsIt() throws {
    try writeBase(
      """
      cluster:
        version: "1.35"
        nodePools:
          - {name: general, instanceTypes: [m6i.large], minSise: 1, maxSize: 3}

      """, extendedBy: ["dev", "prod", "staging"])
    let result = try runInfra(["synth"], in: directory)
    #expect(result.status == 2)
    #expect(
      result.standardError == """
        stacks/shared/platform.yaml:4:51: error: node pool 'general' has no setting 'minSise' (in the base of dev, prod and staging); did you mean 'minSize'? [stack-unknown-key]
        stacks/shared/platform.yaml:4:7: error: node pool 'general' needs 'minSize' (in the base of dev, prod and staging); add 'minSize: 3' [stack-missing-key]

        """)
    #expect(!FileManager.default.fileExists(atPath: directory + "/out"))
  }

  @Test(arguments: [["synth", "--stacks", "stacks"], ["lint", "stacks/dev.yaml"]])
  func aMissingBaseIsNamedByThePathLookedFor(command: [String]) throws {
    try writeBase("network: {endpoints: [s3]}\n", extendedBy: [])
    try writeText(
      "extends: [shared/platfrom.yaml]\nregion: eu-west-1\nenvironment: development\n", to: directory + "/stacks/dev.yaml")
    let result = try runInfra(command, in: directory)
    #expect(result.status == 2)
    #expect(
      result.standardError == """
        stacks/dev.yaml:1:11: error: extends 'shared/platfrom.yaml', but there is no file stacks/shared/platfrom.yaml; did you mean 'shared/platform.yaml'? [stack-extends]

        """)
    #expect(!FileManager.default.fileExists(atPath: directory + "/out"))
  }

  @Test func aProblemOfAStackThatAnotherExtendsIsPrintedOnce() throws {
    try writeText(
      """
      region: eu-west-1
      environment: development
      network:
        cidr: 10.0.0.0/16
        zones: [eu-west-1a, eu-west-1b]
      cluster:
        version: "1.35"
        nodePools: [{name: gpu, instanceTypes: [m6i.large], minSize: 0, maxSize: 2, accelerator: nvidia}]

      """, to: directory + "/stacks/dev.yaml")
    try writeText("extends: dev.yaml\n", to: directory + "/stacks/sandbox.yaml")
    let result = try runInfra(["synth"], in: directory)
    #expect(result.status == 2)
    #expect(
      result.standardError == """
        stacks/dev.yaml:8:15: error: node pool 'gpu' is an NVIDIA GPU pool, but m6i.large has no NVIDIA GPU (also in the base of sandbox); use a GPU instance type such as g5.xlarge or g6.xlarge, or drop accelerator: nvidia [gpu-instance-type]

        """)
    #expect(!FileManager.default.fileExists(atPath: directory + "/out"))
  }

  @Test func lintPrintsAFindingOfABaseOnceAndCountsItForEachStack() throws {
    try FileManager.default.removeItem(atPath: directory + "/stacks/good.yaml")
    try FileManager.default.createDirectory(atPath: directory + "/stacks/shared", withIntermediateDirectories: true)
    try writeText(
      """
      network:
        cidr: 10.0.0.0/16
        zones: [eu-west-1a, eu-west-1b, eu-west-1c]
      databases:
        - {name: orders, engine: postgres, version: "16", multiAZ: false, suppress: [{rule: rds-cross-region-backup, reason: "a copy of the ledger"}]}
      observability: {email: [platform-team@example.com]}

      """, to: directory + "/stacks/shared/platform.yaml")
    for stack in ["prod-eu", "prod-us"] {
      try writeText(
        "extends: shared/platform.yaml\nregion: eu-west-1\nenvironment: production\n", to: directory + "/stacks/\(stack).yaml")
    }
    let result = try runInfra(["lint"], in: directory)
    #expect(result.status == 1)
    #expect(
      result.standardOutput == """
        stacks/shared/platform.yaml:5:5: error: aws_db_instance.orders_instance has no standby in a second zone (multi_az is not true) (in the base of prod-eu and prod-us); set multi_az = true [rds-multi-az]
        lint: 2 errors, 0 warnings, 0 notes, 2 suppressed in 2 stacks

        """)
  }
}
