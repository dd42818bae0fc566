import Testing

/// Stack files reach the same apply-time rules as Swift (docs/apply-time-rules.md), reported at
/// the line and column of the stack file that wrote the value.
@Suite struct ApplyTimeRuleStackFileTests {
  @Test func logRetentionCloudWatchLogsDoesNotOffer() throws {
    let folder = try StackFolder([
      "stack.yaml": """
        region: eu-west-1
        environment: production
        network:
          cidr: 10.0.0.0/16
          zones: [eu-west-1a, eu-west-1b, eu-west-1c]
          flowLogRetentionDays: 45

        """
    ])
    #expect(folder.problems() == [
      "stack.yaml:6:25: error: the network: 'flowLogRetentionDays' is 45, which CloudWatch Logs does not offer; choose one of: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 [stack-invalid-value]"
    ])
  }

  @Test func databaseNamesVersionsClassesAndWindows() throws {
    let text = minimalStack + """
      databases:
        - {name: Orders, engine: postgres, version: "16"}
        - {name: ledger, engine: postgres, version: "11"}
        - {name: billing, engine: postgres, version: "16", instanceClass: db.m6i.larg}
        - {name: audit, engine: postgres, version: "16", backupWindow: "03:00-04:00", maintenanceWindow: "sun:03:30-sun:04:30"}

      """
    #expect(try synthesisErrors(text) == [
      "stack.yaml:7:5: error: 'stack/Orders' would give AWS the RDS identifier 'stack-Orders', which has 'O'; RDS identifiers have only lowercase letters, digits and hyphens; rename it or its stack (the name is '<stack>-<id>') so that AWS accepts it [rds-identifier]",
      "stack.yaml:8:47: error: database 'ledger' runs PostgreSQL '11', which is not a major version RDS offers (12, 13, 14, 15, 16, 17, 18); give one of them, e.g. \"16\" or \"17.2\" [database-engine-version]",
      "stack.yaml:9:69: error: database 'billing': db.m6i.larg is not an RDS instance class infra knows; did you mean db.m6i.large?; use a class such as db.t4g.medium, db.m7g.large or db.r6g.xlarge (docs/apply-time-rules.md lists the families) [database-instance-class]",
      "stack.yaml:10:66: error: database 'audit' has the backup window '03:00-04:00' overlapping its maintenance window 'sun:03:30-sun:04:30'; move one of them; the defaults are 02:00-03:00 and sun:03:30-sun:04:30 [database-window]",
    ])
  }

  @Test func clusterVersionAndNodePools() throws {
    let text = minimalStack + """
      cluster:
        version: "1.25"
        nodePools:
          - {name: general, instanceTypes: [m6l.large], minSize: 1, maxSize: 3}
          - {name: gpu.a100, instanceTypes: [p4d.24xlarge], minSize: 0, maxSize: 2}

      """
    #expect(try synthesisErrors(text) == [
      "stack.yaml:7:3: error: cluster 'main' runs Kubernetes 1.25, older than every version EKS still runs (1.27 left extended support on 2025-07-24); use a version of EKS's release calendar, such as 1.35 [kubernetes-version-unavailable]",
      "stack.yaml:9:38: error: node pool 'general': m6l.large is not an EC2 instance type infra knows; did you mean m6a.large?; use a type of a current EC2 family, such as m7i.large, m7g.large or g6.xlarge (docs/apply-time-rules.md lists them) [unknown-instance-type]",
      "stack.yaml:10:7: error: 'stack/main' would give AWS the EKS node group name prefix 'gpu.a100-', which has '.'; node group names have only letters, digits, hyphens and underscores; rename the pool or the cluster (the node group is named '<pool>-', its launch template '<stack>-<cluster>-<pool>-') so that AWS accepts it [node-group-name]",
    ])
  }

  @Test func explicitSubnetsSmallerThanAWSAllows() throws {
    let text = """
      region: eu-west-1
      environment: production
      network:
        cidr: 10.0.0.0/16
        zones: [eu-west-1a, eu-west-1b, eu-west-1c]
        nat: none
        tiers:
          - {name: private, routing: private, cidrs: [10.0.0.0/29, 10.0.0.8/29, 10.0.0.16/29]}

      """
    #expect(try synthesisErrors(text) == [
      "stack.yaml:4:3: error: network 'core': tier 'private': 10.0.0.0/29 is a /29 subnet; AWS allows /16 to /28; give blocks from /16 to /28 [subnet-size]"
    ])
  }
}
