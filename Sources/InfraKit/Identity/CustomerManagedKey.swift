import InfraAWS
import InfraCore
import Terraform

/// A KMS key infra creates, with rotation on and its key policy written out as a resource of its
/// own: the account administers the key through IAM (the statement AWS would add by default), and
/// the services given may use it. Terraform then owns the policy, so a statement added by hand
/// shows up in the next plan instead of living on unseen.
struct CustomerManagedKey {
  let key: AwsKmsKey
  let policy: AwsKmsKeyPolicy

  /// A statement of the key's policy for a service, given the key's partition, region and
  /// account (read from its ARN, so that no data source is needed).
  typealias ServiceStatement = (_ partition: Expr, _ region: Expr, _ account: Expr) -> Expr

  /// Makes the key `id` (and its policy, `<id>-policy`) in `scope`, in `provider`'s region.
  init(
    _ id: String, description: String, tags: Value<[String: String]>?, provider: Provider?, in scope: Construct? = nil,
    services: [ServiceStatement] = []
  ) {
    key = AwsKmsKey(
      id, deletionWindowInDays: 30, description: Value(description), enableKeyRotation: true, tags: tags, in: scope)
    key.provider = provider
    let arn = key.arn.expression
    let partition = ARNField.partition.of(arn), region = ARNField.region.of(arn), account = ARNField.account.of(arn)
    let administer: Expr = [
      "Sid": "AccountAdministersTheKey", "Effect": "Allow", "Principal": ["AWS": "arn:\(partition):iam::\(account):root"],
      "Action": "kms:*", "Resource": "*",
    ]
    let document: Expr = [
      "Version": "2012-10-17", "Statement": .list([administer] + services.map { $0(partition, region, account) }),
    ]
    policy = AwsKmsKeyPolicy("\(id)-policy", keyId: key.id, policy: .jsonEncoded(document), in: scope)
    policy.provider = provider
  }

  /// A key for CloudWatch log groups: CloudWatch Logs of the key's region may use it for the log
  /// groups of the key's account, and for nothing else. Whoever reads the logs needs
  /// `kms:Decrypt` on it too, through IAM.
  static func logs(
    _ id: String, description: String, tags: Value<[String: String]>?, provider: Provider?, in scope: Construct? = nil
  ) -> CustomerManagedKey {
    CustomerManagedKey(
      id, description: description, tags: tags, provider: provider, in: scope,
      services: [
        { partition, region, account in
          [
            "Sid": "LogsEncryptTheAccountsLogGroups", "Effect": "Allow", "Principal": ["Service": "logs.\(region).amazonaws.com"],
            "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"], "Resource": "*",
            "Condition": ["ArnLike": ["kms:EncryptionContext:aws:logs:arn": "arn:\(partition):logs:\(region):\(account):log-group:*"]],
          ]
        }
      ])
  }

  /// `logGroup` encrypted with this key, made once the key's policy lets CloudWatch Logs use it.
  func encrypt(_ logGroup: AwsCloudwatchLogGroup) {
    logGroup.body["kms_key_id"] = key.arn.expression
    logGroup.dependsOn.append(policy)
  }
}
