import InfraKit

/// Everything that may differ between the payments platform's environments, side by side, so a
/// reviewer sees at a glance how dev is smaller than prod. What is not here is the same in both.
struct PaymentsEnvironment: Sendable {
  /// The stack, and its output folder: `out/payments-dev`.
  var stack: String
  /// Picks infra's defaults: retention of logs and backups, multi-AZ databases, deletion protection.
  var environment: Environment
  var region: Region
  /// The AWS account the stack belongs in: Terraform refuses credentials of any other.
  var account: String
  var cidr: String
  /// Availability zone letters in `region`. Add zones at the end only: a zone's position picks
  /// its subnets, so inserting one would move (replace) the subnets after it.
  var zones: [Character]
  var nat: Network.NAT
  var endpoints: Set<Network.Endpoint>
  /// Who may use the cluster.
  var access: [Access]
  var nodePools: [NodePool]
  /// The only addresses the public load balancer answers.
  var allow: [String]
  /// The domain the load balancer serves `api.` and `hooks.` of, and its certificate.
  var domain: String
  var certificateArn: String
  /// Where AWS Backup copies the tenant databases' recovery points; nil for no AWS Backup plan
  /// (RDS automated backups only).
  var backupCopyRegion: Region?
  /// The PagerDuty integration the alarms on every database, load balancer and NAT gateway page
  /// through; nil for a stack without alarms.
  var pagerDuty: PagerDutyURL?
}

extension PaymentsEnvironment {
  /// Dev: two zones sharing one NAT gateway, no interface endpoints, one small pool, and the
  /// payments developers may change their own namespace. Databases keep RDS's automated
  /// backups only, and nothing is alarmed.
  static let dev = PaymentsEnvironment(
    stack: "payments-dev", environment: .development, region: .euWest1, account: "444455556666", cidr: "10.40.0.0/16", zones: ["a", "b"],
    nat: .single, endpoints: [.s3],
    access: [
      Access.admins(["arn:aws:iam::444455556666:role/payments-platform-admins"]),
      Access.namespace("payments", edit: ["arn:aws:iam::444455556666:role/payments-developers"]),
    ],
    nodePools: [
      NodePool("general", instanceTypes: ["m6i.large", "m7i.large"], size: 1...3, capacity: .spot)
    ],
    allow: ["198.51.100.0/24"],
    domain: "dev.payments.example.com",
    certificateArn: "arn:aws:acm:eu-west-1:444455556666:certificate/6b1e4f0c-2d7a-4c38-9f51-0a7e3c9d2b14",
    backupCopyRegion: nil,
    pagerDuty: nil)

  /// Prod: three zones with a NAT gateway each, private endpoints for S3, ECR and STS, pools for
  /// general, memory-hungry and GPU work (fraud scoring), read-only access for support and the
  /// payments developers, a load balancer open to the office and the card network's partners,
  /// AWS Backup copying every tenant database to Frankfurt, and alarms that page the on-call
  /// engineer through PagerDuty (the pipeline sets TF_VAR_pagerduty_url).
  static let prod = PaymentsEnvironment(
    stack: "payments-prod", environment: .production, region: .euWest1, account: "111122223333", cidr: "10.50.0.0/16", zones: ["a", "b", "c"],
    nat: .perZone, endpoints: [.s3, .ecr, .sts],
    access: [
      Access.admins(["arn:aws:iam::111122223333:role/payments-platform-admins"]),
      Access.viewers(["arn:aws:iam::111122223333:role/payments-support"]),
      Access.namespace("payments", view: ["arn:aws:iam::111122223333:role/payments-developers"]),
    ],
    nodePools: [
      NodePool("general", instanceTypes: ["m6i.large", "m7i.large"], size: 3...12),
      NodePool("memory", instanceTypes: ["r6i.xlarge"], size: 0...6, labels: ["workload": "ledger"]),
      NodePool("gpu", instanceTypes: ["g5.xlarge"], size: 0...2, accelerator: .nvidia),
    ],
    allow: ["198.51.100.0/24", "203.0.113.0/24"],
    domain: "payments.example.com",
    certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/2f9c7a51-8e3b-4d06-b1a4-5c6d7e8f9a01",
    backupCopyRegion: .euCentral1,
    pagerDuty: .variable("pagerduty_url"))
}
