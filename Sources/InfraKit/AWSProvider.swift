import InfraCore
import Terraform

/// The AWS provider for one region. A stack has a default one; add an aliased one per extra
/// region and give it to the resources that live there.
public final class AWSProvider: Provider {
  public let region: Region
  /// The only AWS account Terraform may change with this configuration, when one is given.
  public private(set) var account: String?
  /// The tags the provider puts on every resource it creates.
  public private(set) var defaultTags: [String: String] = [:]

  /// - Parameters:
  ///   - alias: nil for the stack's default configuration.
  ///   - account: the twelve-digit AWS account the resources belong in. Terraform then refuses
  ///     to plan or apply with credentials of any other account (`allowed_account_ids`). Defaults
  ///     to the account of the stack's default AWS provider.
  ///   - defaultTags: tags the provider puts on every resource it creates. Defaults to those of
  ///     the stack's default AWS provider, so resources in a second region are tagged alike.
  public init(
    region: Region, alias: String? = nil, account: String? = nil, defaultTags: [String: String]? = nil,
    in scope: Construct? = nil, file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.region = region
    super.init("aws", alias: alias, in: scope, ["region": .string(region.code)], file: file, line: line, column: column)
    let stackDefault = Self.stackDefault(of: self)
    self.account = account ?? stackDefault?.account
    if let account = self.account {
      body["allowed_account_ids"] = .list([.string(account)])
    }
    self.defaultTags = defaultTags ?? stackDefault?.defaultTags ?? [:]
    if !self.defaultTags.isEmpty {
      body.setBlock("default_tags", ["tags": .object(self.defaultTags.mapValues(Expr.string))])
    }
  }

  public override func validate() -> [Diagnostic] {
    var problems = super.validate()
    if !region.isValid {
      problems.append(
        .error(
          "invalid-region", "'\(region.code)' is not an AWS region code", fix: "write a code such as eu-west-1",
          at: node.location, path: node.pathDescription))
    }
    if let account, !(account.count == 12 && account.allSatisfy { $0.isASCII && $0.isNumber }) {
      problems.append(
        .error(
          "invalid-account", "'\(account)' is not an AWS account id", fix: "write the account's twelve digits, e.g. 111122223333",
          at: node.location, path: node.pathDescription))
    }
    return problems
  }

  /// The default (unaliased) AWS provider of `construct`'s stack, other than `construct` itself.
  public static func stackDefault(of construct: Construct) -> AWSProvider? {
    construct.node.stack?.node.children.lazy.compactMap { $0 as? AWSProvider }.first { $0.alias == nil && $0 !== construct }
  }
}

extension TerraformBlock {
  /// Terraform 1.10 or later (S3 state locking without DynamoDB) and the AWS provider 5.x from
  /// 5.100.
  public static func aws(backend: Backend? = nil) -> TerraformBlock {
    TerraformBlock(
      requiredVersion: ">= 1.10.0",
      requiredProviders: ["aws": ProviderRequirement(source: "hashicorp/aws", version: "~> 5.100")],
      backend: backend)
  }
}

extension Backend {
  /// State in S3, encrypted, with S3's own lock file (no DynamoDB table; Terraform 1.10 and later).
  public static func s3(
    bucket: String, key: String, region: Region, encrypt: Bool = true, useLockfile: Bool = true,
    kmsKeyID: String? = nil
  ) -> Backend {
    var settings: [String: JSONValue] = [
      "bucket": .string(bucket), "key": .string(key), "region": .string(region.code),
      "encrypt": .bool(encrypt), "use_lockfile": .bool(useLockfile),
    ]
    if let kmsKeyID { settings["kms_key_id"] = .string(kmsKeyID) }
    return Backend(type: "s3", settings: settings)
  }
}

extension Stack {
  /// A stack deployed to AWS: what it is for, where, and in which account, said once for every
  /// construct inside. It writes the `terraform` block for the AWS provider and the default
  /// provider configuration for `region`, tagging everything it creates with `ManagedBy = infra`,
  /// `Stack = <name>` and `Environment = <environment>` besides `defaultTags`.
  ///
  /// ```swift
  /// Stack("payments-prod", environment: .production, region: .euWest1, account: "111122223333") { … }
  /// ```
  ///
  /// - Parameters:
  ///   - environment: picks every construct's defaults, and whether lint applies production rules.
  ///   - account: the AWS account the stack belongs in; Terraform refuses credentials of another.
  public convenience init(
    _ name: String, environment: Environment, region: Region, account: String? = nil, backend: Backend? = nil,
    defaultTags: [String: String] = [:], file: String = #filePath, line: Int = #line, column: Int = #column,
    @ConstructBuilder _ body: () -> Void
  ) {
    self.init(name, environment: environment, terraform: .aws(backend: backend), file: file, line: line, column: column) {
      let tags = ["ManagedBy": "infra", "Stack": name, "Environment": environment.rawValue]
      AWSProvider(
        region: region, account: account, defaultTags: tags.merging(defaultTags) { _, given in given },
        file: file, line: line, column: column)
      body()
    }
  }
}
