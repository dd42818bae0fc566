/// What AWS accepts as the name of a resource infra names after a stack and a construct: its
/// length, its alphabet, how it may start and end. Terraform's validate and plan accept most of
/// these names; the API call that creates the resource refuses them, half-way through an apply.
/// Constructs check the names they will give (``PlatformConstruct/checkNames(_:madeFrom:at:)``) before
/// building anything, so the stack reports them at the line that chose the name.
///
/// A name infra gives as a `name_prefix` is completed by Terraform with 26 characters (a
/// timestamp and a counter), so its rule allows 26 characters fewer than AWS's.
///
/// Every rule names where AWS states it. The table is docs/apply-time-rules.md's; keep both in
/// step.
struct AWSNameRule: Sendable {
  /// The diagnostic id.
  let id: String
  /// What the name names, in a message: "RDS identifier".
  let what: String
  /// The most characters, the prefix's when `isPrefix`.
  let maxLength: Int
  /// Which characters may appear, and how messages say so.
  let alphabet: @Sendable (Character) -> Bool
  let alphabetDescription: String
  /// Which character may come first (every one of the alphabet when nil), and how messages say so.
  var first: (@Sendable (Character) -> Bool, String)? = nil
  /// Beginnings AWS reserves.
  var reservedPrefixes: [String] = []
  /// Whether two hyphens may follow each other, and the name end with one (RDS refuses both).
  var hyphensAsSeparatorsOnly = false
  /// Whether the name is a `name_prefix` Terraform completes.
  var isPrefix = false
  /// Where AWS states the rule.
  let source: String

  /// Terraform's suffix of a `name_prefix`: 26 characters.
  static let prefixSuffixLength = 26

  /// What is wrong with `name`, as the end of a sentence ("is 70 characters long, …"); nil when AWS
  /// accepts it.
  func problem(with name: String) -> String? {
    let kind = isPrefix ? "prefix" : "name"
    if name.count > maxLength {
      let limit = isPrefix ? "\(maxLength) (AWS's \(maxLength + Self.prefixSuffixLength) less Terraform's 26-character suffix)" : "\(maxLength)"
      return "is \(name.count) characters long; the \(kind) may have at most \(limit)"
    }
    if let bad = name.first(where: { !alphabet($0) }) {
      return "has '\(bad)'; \(alphabetDescription)"
    }
    if let (allowed, described) = first, let head = name.first, !allowed(head) {
      return "starts with '\(head)'; it must start with \(described)"
    }
    if let reserved = reservedPrefixes.first(where: { name.hasPrefix($0) }) {
      return "starts with '\(reserved)', which AWS reserves"
    }
    if hyphensAsSeparatorsOnly {
      if name.contains("--") { return "has two hyphens in a row, which \(what)s may not" }
      if !isPrefix, name.hasSuffix("-") { return "ends with a hyphen, which \(what)s may not" }
    }
    return nil
  }
}

// MARK: - Alphabets

extension Character {
  fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
  fileprivate var isASCIILowercaseLetter: Bool { ("a"..."z").contains(self) }
  fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
  fileprivate var isASCIIAlphanumeric: Bool { isASCIILetter || isASCIIDigit }
}

// MARK: - The rules

extension AWSNameRule {
  /// RDS DB instance and DB cluster identifiers. Source: Amazon RDS API Reference,
  /// CreateDBInstance `DBInstanceIdentifier` and CreateDBCluster `DBClusterIdentifier`
  /// (1 to 63 letters, digits or hyphens; a letter first; no two consecutive hyphens; no hyphen
  /// last); the AWS provider also refuses uppercase letters, which RDS would lowercase.
  static let rdsIdentifier = AWSNameRule(
    id: "rds-identifier", what: "RDS identifier", maxLength: 63,
    alphabet: { $0.isASCIILowercaseLetter || $0.isASCIIDigit || $0 == "-" },
    alphabetDescription: "RDS identifiers have only lowercase letters, digits and hyphens",
    first: ({ $0.isASCIILowercaseLetter }, "a letter"), hyphensAsSeparatorsOnly: true,
    source: "Amazon RDS API Reference: CreateDBInstance (DBInstanceIdentifier), CreateDBCluster (DBClusterIdentifier)")

  /// S3 bucket name prefixes (`bucket_prefix`). Source: Amazon S3 User Guide, "General purpose
  /// bucket naming rules": 3 to 63 lowercase letters, digits, hyphens and dots; a letter or digit
  /// first; not `xn--`, `sthree-` or `amzn-s3-demo-` first; not `-s3alias`, `--ol-s3` or
  /// `--x-s3` last (which Terraform's suffix never is); not shaped like an IP address (which a
  /// prefix ending in a hyphen never is). The provider allows a prefix of 37 characters.
  static let s3BucketPrefix = AWSNameRule(
    id: "s3-bucket-name", what: "S3 bucket name", maxLength: 37,
    alphabet: { $0.isASCIILowercaseLetter || $0.isASCIIDigit || $0 == "-" || $0 == "." },
    alphabetDescription: "S3 bucket names have only lowercase letters, digits, hyphens and dots",
    first: ({ $0.isASCIILowercaseLetter || $0.isASCIIDigit }, "a letter or a digit"),
    reservedPrefixes: ["xn--", "sthree-", "amzn-s3-demo-"], isPrefix: true,
    source: "Amazon S3 User Guide: General purpose bucket naming rules")

  /// KMS alias names. Source: AWS KMS API Reference, CreateAlias `AliasName` (`alias/` then
  /// letters, digits, `/`, `_` and `-`, 256 characters in all; `alias/aws/` is AWS's).
  static let kmsAlias = AWSNameRule(
    id: "kms-alias-name", what: "KMS alias", maxLength: 256,
    alphabet: { $0.isASCIIAlphanumeric || $0 == "/" || $0 == "_" || $0 == "-" },
    alphabetDescription: "KMS aliases have only letters, digits, '/', '_' and '-'",
    reservedPrefixes: ["alias/aws/"], source: "AWS Key Management Service API Reference: CreateAlias (AliasName)")

  /// EKS cluster names. Source: Amazon EKS API Reference, CreateCluster `name` (1 to 100
  /// letters, digits, hyphens and underscores, a letter or digit first).
  static let eksCluster = AWSNameRule(
    id: "eks-cluster-name", what: "EKS cluster name", maxLength: 100,
    alphabet: { $0.isASCIIAlphanumeric || $0 == "-" || $0 == "_" },
    alphabetDescription: "EKS cluster names have only letters, digits, hyphens and underscores",
    first: ({ $0.isASCIIAlphanumeric }, "a letter or a digit"), source: "Amazon EKS API Reference: CreateCluster (name)")

  /// Managed node group name prefixes. Source: Amazon EKS API Reference, CreateNodegroup
  /// `nodegroupName` (1 to 63 letters, digits, hyphens and underscores, a letter or digit first).
  static let nodeGroupPrefix = AWSNameRule(
    id: "node-group-name", what: "EKS node group name", maxLength: 63 - prefixSuffixLength,
    alphabet: { $0.isASCIIAlphanumeric || $0 == "-" || $0 == "_" },
    alphabetDescription: "node group names have only letters, digits, hyphens and underscores",
    first: ({ $0.isASCIIAlphanumeric }, "a letter or a digit"), isPrefix: true,
    source: "Amazon EKS API Reference: CreateNodegroup (nodegroupName)")

  /// Launch template name prefixes. Source: Amazon EC2 API Reference, CreateLaunchTemplate
  /// `LaunchTemplateName` (3 to 128 letters, digits and `( ) . - / _`).
  static let launchTemplatePrefix = AWSNameRule(
    id: "launch-template-name", what: "launch template name", maxLength: 128 - prefixSuffixLength,
    alphabet: { $0.isASCIIAlphanumeric || "()./_-".contains($0) },
    alphabetDescription: "launch template names have only letters, digits and ( ) . - / _",
    isPrefix: true, source: "Amazon EC2 API Reference: CreateLaunchTemplate (LaunchTemplateName)")

  /// IAM role name prefixes. Source: IAM API Reference, CreateRole `RoleName` (1 to 64 letters,
  /// digits and `+ = , . @ _ -`); the provider allows a `name_prefix` of 38 characters.
  static let iamRolePrefix = AWSNameRule(
    id: "iam-role-name", what: "IAM role name", maxLength: 38,
    alphabet: { $0.isASCIIAlphanumeric || "+=,.@_-".contains($0) },
    alphabetDescription: "IAM role names have only letters, digits and + = , . @ _ -", isPrefix: true,
    source: "AWS Identity and Access Management API Reference: CreateRole (RoleName)")

  /// Security group name prefixes, in a VPC. Source: Amazon EC2 API Reference,
  /// CreateSecurityGroup `GroupName` (up to 255 letters, digits, spaces and `._-:/()#,@[]+=&;{}!$*`;
  /// not `sg-` first).
  static let securityGroupPrefix = AWSNameRule(
    id: "security-group-name", what: "security group name", maxLength: 255 - prefixSuffixLength,
    alphabet: { $0.isASCIIAlphanumeric || " ._-:/()#,@[]+=&;{}!$*".contains($0) },
    alphabetDescription: "security group names have only letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*",
    reservedPrefixes: ["sg-"], isPrefix: true, source: "Amazon EC2 API Reference: CreateSecurityGroup (GroupName)")

  /// Load balancer name prefixes. Source: Elastic Load Balancing API Reference,
  /// CreateLoadBalancer `Name` (up to 32 letters, digits and hyphens; not a hyphen first or
  /// last; not `internal-` first); the provider allows a `name_prefix` of 6 characters, which
  /// `internal-` cannot be.
  static let loadBalancerPrefix = AWSNameRule(
    id: "load-balancer-name", what: "load balancer name", maxLength: 6,
    alphabet: { $0.isASCIIAlphanumeric || $0 == "-" },
    alphabetDescription: "load balancer names have only letters, digits and hyphens",
    first: ({ $0.isASCIIAlphanumeric }, "a letter or a digit"), isPrefix: true,
    source: "Elastic Load Balancing API Reference (version 2015-12-01): CreateLoadBalancer (Name)")

  /// Target group name prefixes. Source: Elastic Load Balancing API Reference,
  /// CreateTargetGroup `Name` (up to 32 letters, digits and hyphens; not a hyphen first or
  /// last); the provider allows a `name_prefix` of 6 characters.
  static let targetGroupPrefix = AWSNameRule(
    id: "target-group-name", what: "target group name", maxLength: 6,
    alphabet: { $0.isASCIIAlphanumeric || $0 == "-" },
    alphabetDescription: "target group names have only letters, digits and hyphens",
    first: ({ $0.isASCIIAlphanumeric }, "a letter or a digit"), isPrefix: true,
    source: "Elastic Load Balancing API Reference (version 2015-12-01): CreateTargetGroup (Name)")

  /// AWS Backup vault names. Source: AWS Backup API Reference, CreateBackupVault
  /// `BackupVaultName` (2 to 50 letters, digits, hyphens and underscores).
  static let backupVault = AWSNameRule(
    id: "backup-vault-name", what: "backup vault name", maxLength: 50,
    alphabet: { $0.isASCIIAlphanumeric || $0 == "-" || $0 == "_" },
    alphabetDescription: "backup vault names have only letters, digits, hyphens and underscores",
    source: "AWS Backup API Reference: CreateBackupVault (BackupVaultName)")

  /// AWS Backup plan names. Source: AWS Backup API Reference, CreateBackupPlan `BackupPlanName`
  /// (1 to 50 letters, digits, hyphens, underscores and dots).
  static let backupPlan = AWSNameRule(
    id: "backup-plan-name", what: "backup plan name", maxLength: 50,
    alphabet: { $0.isASCIIAlphanumeric || $0 == "-" || $0 == "_" || $0 == "." },
    alphabetDescription: "backup plan names have only letters, digits, hyphens, underscores and dots",
    source: "AWS Backup API Reference: CreateBackupPlan (BackupPlanName)")

  /// Every rule, for the documentation's table.
  static let all: [AWSNameRule] = [
    .rdsIdentifier, .s3BucketPrefix, .kmsAlias, .eksCluster, .nodeGroupPrefix, .launchTemplatePrefix, .iamRolePrefix,
    .securityGroupPrefix, .loadBalancerPrefix, .targetGroupPrefix, .backupVault, .backupPlan,
  ]
}

extension PlatformConstruct {
  /// Reports each name AWS would refuse (once per rule), at `location` or the construct's line:
  /// `names` pairs a rule with the name (or prefix) the construct gives; `origin` says, for the
  /// fix, what to rename (the construct or its stack when nil).
  func checkNames(_ names: [(rule: AWSNameRule, name: String)], madeFrom origin: String? = nil, at location: SourceLocation? = nil) {
    var reported: Set<String> = []
    for (rule, name) in names {
      guard let problem = rule.problem(with: name), reported.insert(rule.id).inserted else { continue }
      let kind = rule.isPrefix ? "\(rule.what) prefix" : rule.what
      report(
        rule.id, "'\(node.pathDescription)' would give AWS the \(kind) '\(name)', which \(problem)",
        fix: "rename \(origin ?? "it or its stack (the name is '<stack>-<id>')") so that AWS accepts it", at: location)
    }
  }
}
