/// A database, bucket, key, volume or cluster deleted or replaced: its data goes with it.
public enum StatefulResourceDestroyedCheck: ChangeCheck {
  public static let description = RuleDescription(
    id: "stateful-resource-destroyed",
    title: "A stateful resource is deleted or replaced",
    severity: .error,
    rationale: """
      Deleting or replacing a resource that holds data (a database, a bucket, a key, a volume, a \
      cluster) loses that data or makes it unreadable, and a replacement is often caused by a \
      harmless-looking change such as a renamed identifier or a different subnet group.
      """,
    fix: """
      change the configuration so the resource updates in place, add a moved block if it was \
      renamed, or, when the deletion is intended, approve it explicitly for this plan
      """)

  public static let examples: [PlanCheckExample] = [
    .failing(
      "rds-replace",
      [
        "aws_db_instance.orders is replaced (replaced because `storage_encrypted` changed); the data it holds is lost"
      ]),
    .passing("rds-update-in-place"),
    .passing("modules-and-forget"),
    .passing("rename-with-moved"),
  ]

  /// Resource types whose objects hold data that does not survive their destruction.
  static let statefulTypes: Set<String> = [
    "aws_db_instance", "aws_rds_cluster", "aws_rds_cluster_instance", "aws_rds_global_cluster",
    "aws_db_cluster_snapshot", "aws_db_snapshot", "aws_s3_bucket", "aws_kms_key", "aws_efs_file_system",
    "aws_dynamodb_table", "aws_elasticache_cluster", "aws_elasticache_replication_group",
    "aws_elasticache_serverless_cache", "aws_backup_vault", "aws_eks_cluster", "aws_secretsmanager_secret",
    "aws_ebs_volume", "aws_docdb_cluster", "aws_neptune_cluster", "aws_redshift_cluster",
    "aws_opensearch_domain", "aws_elasticsearch_domain", "aws_msk_cluster", "aws_kinesis_stream",
    "aws_sqs_queue", "aws_ecr_repository", "aws_cloudwatch_log_group", "aws_route53_zone",
  ]

  public static func problem(with change: ResourceChange) -> String? {
    guard statefulTypes.contains(change.type), change.kind.destroysObject else { return nil }
    let what = change.kind == .delete ? "is deleted" : "is replaced"
    return "\(change.address) \(what) (\(change.reason)); the data it holds is lost"
  }
}
