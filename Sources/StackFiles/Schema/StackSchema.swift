import InfraCore
import InfraKit
import InfraYAML

/// Reads a stack file's merged document into a stack of InfraKit constructs: the same
/// constructs, with the same arguments, that a Swift stack describing the same platform creates.
/// Each construct is located at the mapping that describes it, so what the constructs check
/// later points into the stack file.
struct StackSchema {
  let problems: Problems

  static let keys = [
    "extends", "name", "region", "environment", "account", "backend", "tags", "network", "cluster", "loadBalancers", "databases",
    "tenants", "backup", "observability", "suppress",
  ]

  /// The stack `document` describes, named `defaultName` unless it says otherwise; nil when a
  /// problem was reported.
  func stack(from document: YAMLNode, defaultName: String) -> Stack? {
    guard let root = Fields(document, "the stack", keys: Self.keys, problems: problems) else { return nil }
    let name = root.string("name") ?? defaultName
    let givenRegion = readRegion(root)
    let givenEnvironment = root.required("environment", example: "production").flatMap {
      root.choice($0, named: "environment", Self.environments)
    }
    let account = readAccount(root)
    let backend = root["backend"].flatMap { readBackend($0, stack: name, region: givenRegion) }
    let tags = root.stringMap("tags") ?? [:]
    let suppressions = readSuppressions(root)
    // Without a region or an environment the stack is rejected, but its parts are still read
    // (with stand-ins) so that their problems are reported in the same run.
    let (region, environment) = (givenRegion ?? .usEast1, givenEnvironment ?? .production)
    let location = document.location
    let stack = Stack(
      name, environment: environment, region: region, account: account, backend: backend, defaultTags: tags, file: location.file,
      line: location.line, column: location.column
    ) {
      var context = StackContext(region: region, regionIsGiven: givenRegion != nil, hasCluster: root["cluster"] != nil)
      context.network = root["network"].flatMap { readNetwork($0, context) }
      if root["network"] == nil {
        for part in ["cluster", "loadBalancers", "databases", "tenants"] where root[part] != nil {
          root.error(.missingPart, "has '\(part)' but no network", fix: "add 'network:' with the VPC they live in", at: root[part])
        }
      }
      let tenants = root["tenants"].map(readTenants) ?? []
      if !tenants.isEmpty && !context.hasCluster {
        root.error(.missingPart, "has tenants but no cluster", fix: "add 'cluster:', where the tenants' namespaces live", at: root["tenants"])
      }
      let clusterPart = root["cluster"].flatMap {
        readCluster($0, context, tenantAccess: tenants.flatMap(\.access), podSecurityGroups: !tenants.isEmpty)
      }
      context.cluster = clusterPart?.cluster
      // Tenants before load balancers, whose targets may be a tenant's pods.
      let (tenantBackupTargets, builtTenants) = self.tenants(tenants, context)
      context.tenants = builtTenants
      context.tenantNames = tenants.map(\.name)
      let loadBalancers = readLoadBalancers(root.elements("loadBalancers"), in: root, context)
      if let clusterPart, let node = root["cluster"] { addControllerIdentities(to: clusterPart, for: loadBalancers, at: node) }
      context.backupTargets = readDatabases(root.elements("databases"), in: root, context) + tenantBackupTargets
      if let backup = root["backup"] { readBackup(backup, context) }
      readObservability(root["observability"], environment: environment, stackLocation: location, overrides: context.alarmOverrides)
    }
    stack.suppress(suppressions)
    return problems.isEmpty ? stack : nil
  }

  static let environments: KeyValuePairs<String, Environment> = [
    "development": .development, "staging": .staging, "production": .production,
  ]

  private func readRegion(_ root: Fields) -> Region? {
    guard let node = root.required("region", example: "eu-west-1") else { return nil }
    return region(node, root)
  }

  /// `account:`, the twelve digits of the AWS account the stack belongs in: Terraform then
  /// refuses credentials of any other account, and `infra ci` assumes roles in it.
  private func readAccount(_ root: Fields) -> String? {
    guard let node = root["account"], let account = root.string(node) else { return nil }
    guard account.count == 12, account.allSatisfy({ $0.isASCII && $0.isNumber }) else {
      root.error(
        .invalidValue, "has 'account: \(account)', which is not an AWS account id", fix: "write the account's twelve digits, e.g. account: \"111122223333\"",
        at: node)
      return nil
    }
    return account
  }

  /// The region `node` names, checked so that a typo is an error rather than a crash.
  func region(_ node: YAMLNode, _ fields: Fields) -> Region? {
    guard let code = fields.string(node) else { return nil }
    guard Region.isValid(code) else {
      fields.error(
        .invalidValue, "names the region '\(code)', which is not an AWS region code", fix: "write a code such as eu-west-1",
        at: node)
      return nil
    }
    return Region(code)
  }

  /// `backend: {s3: {bucket, key, region, kmsKeyId}}`; the key defaults to
  /// `<stack>/terraform.tfstate` and the region to the stack's.
  private func readBackend(_ node: YAMLNode, stack: String, region: Region?) -> Backend? {
    guard let backend = Fields(node, "the backend", keys: ["s3"], problems: problems) else { return nil }
    guard let s3Node = backend.required("s3", example: "{bucket: my-state-bucket}"),
      let s3 = Fields(s3Node, "the S3 backend", keys: ["bucket", "key", "region", "kmsKeyId"], problems: problems),
      let bucket = s3.required("bucket", example: "my-state-bucket").flatMap(s3.string)
    else { return nil }
    let stateRegion = s3["region"].flatMap { self.region($0, s3) } ?? region ?? .usEast1
    return .s3(
      bucket: bucket, key: s3.string("key") ?? "\(stack)/terraform.tfstate", region: stateRegion,
      kmsKeyID: s3.string("kmsKeyId"))
  }
}

/// What the parts of a stack read so far give the parts read after them.
struct StackContext {
  let region: Region
  /// Whether `region` is the stack's own, not a stand-in for one that was missing or wrong.
  let regionIsGiven: Bool
  /// Whether the stack file has a cluster (which may have been rejected).
  let hasCluster: Bool
  var network: Network?
  var cluster: Cluster?
  /// The tenants built, by name.
  var tenants: [String: Tenant] = [:]
  /// The names of the tenants the stack file lists, those that were rejected included.
  var tenantNames: [String] = []
  /// The databases read so far, which AWS Backup backs up.
  var backupTargets: [BackupTarget] = []
  /// The provider configurations of second regions, shared by the parts that use them.
  let providers = SecondRegionProviders()
  /// The parts with alarm thresholds of their own.
  let alarmOverrides = AlarmOverrides()
}

/// A database that AWS Backup backs up: the construct, which may have been rejected, and the ARN
/// of what it creates (or would have created).
struct BackupTarget {
  let database: PlatformConstruct
  let arn: Value<String>
}
