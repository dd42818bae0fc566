extension PlatformConstruct {
  /// The access log bucket's `bucket_prefix`: `<stack>-<id>-logs-`, lowercased, every character
  /// but a letter or digit made a hyphen, at most the 37 characters the provider allows.
  var accessLogBucketPrefix: String {
    String("\(baseName)-logs-".lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.prefix(37))
  }

  /// Reports the names a load balancer would give AWS that it refuses: its own and its target
  /// groups' `name_prefix` (the first six characters of its id, and of each target's or
  /// listener's name), its security group's and its access log bucket's.
  func checkLoadBalancerNames(targets: [String], accessLogs: Bool = true) {
    checkNames(
      [(.loadBalancerPrefix, String(namingID.prefix(6))), (.securityGroupPrefix, "\(baseName)-")]
        + (accessLogs ? [(.s3BucketPrefix, accessLogBucketPrefix)] : [])
        + targets.map { (AWSNameRule.targetGroupPrefix, String($0.prefix(6))) })
  }

  /// A bucket for a load balancer's access logs: private, owner-enforced, encrypted with SSE-S3
  /// (what Elastic Load Balancing writes to), TLS only, versioned, its logs (and their earlier
  /// versions) expired after `days`. `delivery`
  /// gives the policy statements that let the log delivery write to it.
  func accessLogBucket(days: Int, delivery: (AwsS3Bucket) -> [Expr]) -> (AwsS3Bucket, AwsS3BucketPolicy) {
    let bucket = placed(AwsS3Bucket("access-logs", bucketPrefix: Value(accessLogBucketPrefix), tags: tags("access-logs")))
    placed(
      AwsS3BucketPublicAccessBlock(
        "access-logs-public-access", bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true,
        ignorePublicAcls: true, restrictPublicBuckets: true))
    placed(AwsS3BucketOwnershipControls("access-logs-ownership", bucket: bucket.id, rule: .init(objectOwnership: "BucketOwnerEnforced")))
    // Load balancer access logs support SSE-S3 only.
    placed(
      AwsS3BucketServerSideEncryptionConfiguration(
        "access-logs-encryption", bucket: bucket.id, rule: [.init(applyServerSideEncryptionByDefault: .init(sseAlgorithm: "AES256"))]))
    // Versioned, so a deleted or overwritten log is still there for the days the logs are kept;
    // uploads the delivery never finished are cleaned up after a week.
    let versioning = placed(
      AwsS3BucketVersioning("access-logs-versioning", bucket: bucket.id, versioningConfiguration: .init(status: "Enabled")))
    let lifecycle = placed(
      AwsS3BucketLifecycleConfiguration(
        "access-logs-expiry", bucket: bucket.id,
        rule: [
          .init(
            id: "expire", status: "Enabled", abortIncompleteMultipartUpload: [.init(daysAfterInitiation: 7)],
            expiration: [.init(days: Value(days))], filter: [.init(prefix: "")],
            noncurrentVersionExpiration: [.init(noncurrentDays: Value(days))])
        ]))
    // S3 asks that versioning be set before a lifecycle with noncurrent-version rules.
    lifecycle.dependsOn = [versioning]
    let tlsOnly: Expr = [
      "Sid": "TLSOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["\(bucket.arn)", "\(bucket.arn)/*"],
      "Condition": ["Bool": ["aws:SecureTransport": "false"]],
    ]
    let policy: Expr = ["Version": "2012-10-17", "Statement": .list(delivery(bucket) + [tlsOnly])]
    let bucketPolicy = placed(AwsS3BucketPolicy("access-logs-policy", bucket: bucket.id, policy: .jsonEncoded(policy)))
    return (bucket, bucketPolicy)
  }
}
