import Foundation
import InfraCore
import Testing

/// Each kind of broken stack file gets its own located error, exactly worded, and nothing
/// compiles.
@Suite struct MalformedStackTests {
  static let cases: [(name: String, text: String, problems: [String])] = [
    ("syntax error", "region: eu-west-1\nnetwork: [10.0.0.0/16\n",
     ["stack.yaml:3:1: error: the sequence opened with '[' at line 2 is not closed; add the missing ',' or ']' [yaml-syntax]"]),
    ("wrong type", minimalStack + "cluster: {version: 1.31}\n",
     ["stack.yaml:6:20: error: expected a string, found the number 1.31; quote it (\"1.31\") to make it a string [yaml-type]"]),
    ("unknown key", minimalStack.replacingOccurrences(of: "  zones:", with: "  zone: [eu-west-1a]\n  zones:"),
     ["stack.yaml:5:3: error: the network has no setting 'zone'; did you mean 'zones'? [stack-unknown-key]"]),
    ("missing required key", "region: eu-west-1\nnetwork:\n  cidr: 10.0.0.0/16\n",
     ["stack.yaml:1:1: error: the stack needs 'environment'; add 'environment: production' [stack-missing-key]",
      "stack.yaml:3:3: error: the network needs 'zones'; add 'zones: [eu-west-1a, eu-west-1b]' [stack-missing-key]"]),
    ("duplicate name", minimalStack + "databases:\n  - {name: orders, engine: postgres, version: \"16\"}\n  - {name: orders, engine: postgres, version: \"16\"}\n",
     ["stack.yaml:8:12: error: the stack has a second database named 'orders' (the first is at stack.yaml:7:12); give each database its own name [stack-duplicate-name]"]),
    ("bad CIDR", minimalStack.replacingOccurrences(of: "10.0.0.0/16", with: "10.0.0.0/33"),
     ["stack.yaml:4:9: error: the network: '10.0.0.0/33' is not an IPv4 CIDR block such as 10.0.0.0/16; correct 'cidr' [stack-invalid-value]"]),
    ("log retention CloudWatch does not offer", minimalStack + "  flowLogRetentionDays: 10\n",
     ["stack.yaml:6:25: error: the network: 'flowLogRetentionDays' is 10, which CloudWatch Logs does not offer; choose one of: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 [stack-invalid-value]"]),
    ("Kubernetes version EKS does not name", minimalStack + "cluster: {version: \"v1.31\"}\n",
     ["stack.yaml:6:20: error: the cluster runs Kubernetes 'v1.31', which is not a version as EKS names them; write the major and minor version, e.g. \"1.31\", or leave version out for infra's default [stack-invalid-value]"]),
    ("bad enum", minimalStack + "  nat: per-az\n",
     ["stack.yaml:6:8: error: the network: 'nat' cannot be 'per-az'; choose one of: none, single, per-zone [stack-invalid-value]"]),
    ("tab indentation", "region: eu-west-1\nnetwork:\n\tcidr: 10.0.0.0/16\n",
     ["stack.yaml:3:1: error: a tab indents this line, and YAML indents with spaces only; replace the tab with spaces [yaml-syntax]"]),
    ("empty file", "",
     ["stack.yaml:1:1: error: the file holds no YAML document; write the stack as a YAML mapping (key: value lines) [yaml-document]"]),
    ("bad region", minimalStack.replacingOccurrences(of: "region: eu-west-1", with: "region: Ireland"),
     ["stack.yaml:1:9: error: the stack names the region 'Ireland', which is not an AWS region code; write a code such as eu-west-1 [stack-invalid-value]"]),
    ("zone of another region", minimalStack.replacingOccurrences(of: "eu-west-1c]", with: "us-east-1c]"),
     ["stack.yaml:5:35: error: the network names the zone 'us-east-1c', which is not an availability zone of eu-west-1; name zones of the stack's region, such as eu-west-1a [stack-invalid-value]"]),
    ("node pool sizes reversed", minimalStack + "cluster:\n  version: \"1.31\"\n  nodePools:\n    - {name: general, instanceTypes: [m6i.large], minSize: 5, maxSize: 2}\n",
     ["stack.yaml:9:60: error: node pool 'general' has minSize 5 above maxSize 2; make minSize at most maxSize [stack-invalid-value]"]),
    ("part without a network", "region: eu-west-1\nenvironment: production\ndatabases: []\n",
     ["stack.yaml:3:12: error: the stack has 'databases' but no network; add 'network:' with the VPC they live in [stack-missing-part]"]),
    ("bad taint", minimalStack + "cluster:\n  version: \"1.31\"\n  nodePools:\n    - {name: gpu, instanceTypes: [g5.xlarge], minSize: 0, maxSize: 2, taints: [nvidia.com/gpu]}\n",
     ["stack.yaml:9:80: error: node pool 'gpu' has the taint 'nvidia.com/gpu', which is not key=value:Effect; write it as kubectl does, e.g. dedicated=batch:NoSchedule (effects: NoSchedule, PreferNoSchedule, NoExecute) [stack-invalid-value]"]),
    ("load balancer of no known type", minimalStack + "loadBalancers:\n  - {name: web, type: nlb, scheme: internal, certificateArn: arn:aws:acm:x}\n",
     ["stack.yaml:7:23: error: load balancer 'web': 'type' cannot be 'nlb'; choose one of: application, network [stack-invalid-value]"]),
    ("application setting on a network load balancer", minimalStack + "loadBalancers:\n  - {name: ingest, type: network, scheme: internal, targets: [], listeners: [{name: mqtt, port: 8883}]}\n",
     ["stack.yaml:7:53: error: network load balancer 'ingest' has no setting 'targets'; the keys of network load balancer 'ingest' are: name, type, scheme, listeners, targetsInCluster, allow, accessLogDays, deletionProtection, crossZone, alarms, suppress, renamedFrom [stack-unknown-key]"]),
    ("TLS listener without a certificate", minimalStack + "loadBalancers:\n  - name: ingest\n    type: network\n    scheme: internal\n    listeners: [{name: mqtt, port: 8883, protocol: tls}]\n",
     ["stack.yaml:10:17: error: listener 'mqtt' ends TLS and needs 'certificateArn'; add 'certificateArn: arn:aws:acm:…', or use protocol: tcp to pass TLS through [stack-missing-key]"]),
    ("RDS setting on an Aurora cluster", minimalStack + "databases:\n  - {name: ledger, engine: aurora-postgresql, version: \"16.4\", storageGiB: 100}\n",
     ["stack.yaml:7:64: error: database 'ledger' is an Aurora cluster, which has no setting 'storageGiB'; remove it: Aurora's storage grows by itself [stack-unknown-key]"]),
    ("Aurora setting on an RDS instance", minimalStack + "databases:\n  - {name: orders, engine: postgres, version: \"16\", instances: 2}\n",
     ["stack.yaml:7:53: error: database 'orders' is an RDS instance, which has no setting 'instances'; remove it, and use 'multiAZ: true' for a standby in a second zone (or an aurora- engine for readers) [stack-unknown-key]"]),
    ("backups replicated into the stack's region", minimalStack + "databases:\n  - {name: orders, engine: postgres, version: \"16\", replicateBackupsTo: eu-west-1}\n",
     ["stack.yaml:7:73: error: database 'orders' replicates its backups into eu-west-1, the stack's own region; name a second region, such as eu-central-1 [stack-invalid-value]"]),
    ("retiring generation with an unknown setting", minimalStack + "cluster:\n  version: \"1.31\"\n  nodePools:\n    - {name: general, instanceTypes: [m7i.large], minSize: 3, maxSize: 9, generation: green, retiring: {instanceType: [m6i.large]}}\n",
     ["stack.yaml:9:105: error: the retiring generation has no setting 'instanceType'; did you mean 'instanceTypes'? [stack-unknown-key]"]),
  ]

  @Test(arguments: cases.indices)
  func aBrokenFileGetsALocatedError(index: Int) throws {
    let (name, text, expected) = Self.cases[index]
    let folder = try StackFolder(["stack.yaml": text])
    let problems = folder.problems()
    #expect(problems == expected, "\(name)")
  }
}

extension MalformedStackTests {
  @Test func invalidUTF8IsLocatedAtTheBrokenByte() throws {
    let folder = try StackFolder(bytes: Array("region: eu-west-1\nenvironment: d".utf8) + [0xE9] + Array("v\n".utf8))
    #expect(
      folder.problems() == [
        "stack.yaml:2:15: error: the bytes from 0xE9 on are not valid UTF-8 (invalid trailing UTF-8 octet); save the file as UTF-8 (it may be in Latin-1 or another legacy encoding) [yaml-encoding]"
      ])
  }

  @Test func everyProblemOfAFileIsReportedInOneRun() throws {
    let folder = try StackFolder([
      "stack.yaml": """
        region: eu-west-1
        network:
          cidr: 10.0.0.0/8
          zones: [eu-west-1a, eu-west-1b]
          endpoint: [s3]
        cluster:
          version: "1.31"
          nodePools:
            - name: general
              instanceTypes: m6i.large
              minSize: 1
              maxSize: 3
              capacity: spot-instances
        databases:
          - name: orders
            engine: postgress
            version: "16"
            backupRetentionDays: 0

        """
    ])
    #expect(
      folder.problems() == [
        "stack.yaml:1:1: error: the stack needs 'environment'; add 'environment: production' [stack-missing-key]",
        "stack.yaml:5:3: error: the network has no setting 'endpoint'; did you mean 'endpoints'? [stack-unknown-key]",
        "stack.yaml:10:22: error: expected a sequence, found the string 'm6i.large'; write it as a sequence of one: [m6i.large] [yaml-type]",
        "stack.yaml:13:17: error: node pool 'general': 'capacity' cannot be 'spot-instances'; choose one of: on-demand, spot [stack-invalid-value]",
        "stack.yaml:16:13: error: database 'orders': 'engine' cannot be 'postgress'; did you mean 'postgres'? choose one of: postgres, mysql, aurora-postgresql, aurora-mysql [stack-invalid-value]",
        "stack.yaml:18:26: error: database 'orders': 'backupRetentionDays' is 0; it must be from 1 to 35; choose a value from 1 to 35 [stack-invalid-value]",
      ])
  }
}

extension MalformedStackTests {
  /// Files that read well but describe constructs their own checks reject: each problem points
  /// at the mapping that made the construct, and no construct traps on a part that was rejected.
  static let constructCases: [(name: String, text: String, problems: [String])] = [
    ("interval RDS does not offer", minimalStack + "databases:\n  - {name: orders, engine: postgres, version: \"16\", enhancedMonitoringInterval: 20}\n",
     ["stack.yaml:7:5: error: database 'orders' collects enhanced monitoring metrics every 20 seconds, which RDS does not offer; use one of 1, 5, 10, 15, 30, 60 seconds, or 0 for none [database-monitoring-interval]"]),
    ("more zones than a tier has room for", minimalStack.replacingOccurrences(
      of: "eu-west-1c]", with: "eu-west-1c, eu-west-1d, eu-west-1e, eu-west-1f, eu-west-1g, eu-west-1h, eu-west-1i]"),
     ["stack.yaml:4:3: error: network 'core' has 9 zones; it needs 2 to 6; name two or more availability zones (three in production), e.g. eu-west-1a, eu-west-1b, eu-west-1c [zone-count]"]),
    ("databases allowing a cluster that is not built", minimalStack + "cluster: {version: \"1.31\", controlPlaneTier: nowhere}\ndatabases:\n  - {name: orders, engine: postgres, version: \"16\", allowFrom: [cluster]}\n  - {name: ledger, engine: aurora-postgresql, version: \"16.4\", allowFrom: [cluster]}\n",
     ["stack.yaml:6:10: error: cluster 'main': the network has no tier 'nowhere'; use one of its tiers: public, private, isolated [unknown-tier]"]),
  ]

  @Test(arguments: constructCases.indices)
  func aConstructsOwnCheckPointsAtTheMappingThatMadeIt(index: Int) throws {
    let (name, text, expected) = Self.constructCases[index]
    let folder = try StackFolder(["stack.yaml": text])
    let stack = try #require(try folder.stacks().first)
    let error = #expect(throws: SynthesisError.self, "\(name)") { try stack.synthesize() }
    #expect(error?.diagnostics.map { $0.description.replacingOccurrences(of: folder.path + "/", with: "") } == expected, "\(name)")
  }
}
