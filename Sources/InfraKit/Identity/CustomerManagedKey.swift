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
}
