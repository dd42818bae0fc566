import InfraCore
import Terraform

/// The AWS provider for one region. A stack has a default one; add an aliased one per extra
/// region and give it to the resources that live there.
public final class AWSProvider: Provider {
  public let region: Region
  /// The tags the provider puts on every resource it creates.
  public private(set) var defaultTags: [String: String] = [:]

  /// - Parameters:
  ///   - alias: nil for the stack's default configuration.
  ///   - defaultTags: tags the provider puts on every resource it creates. Defaults to those of
  ///     the stack's default AWS provider, so resources in a second region are tagged alike.
  public init(
    region: Region, alias: String? = nil, defaultTags: [String: String]? = nil, in scope: Construct? = nil,
    file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.region = region
    super.init("aws", alias: alias, in: scope, ["region": .string(region.code)], file: file, line: line, column: column)
    self.defaultTags = defaultTags ?? Self.stackDefault(of: self)?.defaultTags ?? [:]
    if !self.defaultTags.isEmpty {
      body.setBlock("default_tags", ["tags": .object(self.defaultTags.mapValues(Expr.string))])
    }
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
    bucket: String, key: String, region: String, encrypt: Bool = true, useLockfile: Bool = true,
    kmsKeyID: String? = nil
  ) -> Backend {
    var settings: [String: JSONValue] = [
      "bucket": .string(bucket), "key": .string(key), "region": .string(region),
      "encrypt": .bool(encrypt), "use_lockfile": .bool(useLockfile),
    ]
    if let kmsKeyID { settings["kms_key_id"] = .string(kmsKeyID) }
    return Backend(type: "s3", settings: settings)
  }
}

extension Stack {
  /// A stack deployed to AWS: the `terraform` block for the AWS provider, and the default
  /// provider configuration for `region`, tagging everything it creates with `ManagedBy = infra`
  /// and `Stack = <name>` besides `defaultTags`.
  public convenience init(
    _ name: String, region: Region, backend: Backend? = nil, defaultTags: [String: String] = [:],
    file: String = #filePath, line: Int = #line, column: Int = #column, @ConstructBuilder _ body: () -> Void
  ) {
    self.init(name, terraform: .aws(backend: backend), file: file, line: line, column: column) {
      AWSProvider(
        region: region, defaultTags: ["ManagedBy": "infra", "Stack": name].merging(defaultTags) { _, given in given },
        file: file, line: line, column: column)
      body()
    }
  }
}
