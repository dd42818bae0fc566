import InfraCore
import Terraform

/// Buckets block public access.
public enum BucketPublicAccessBlockRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "s3-public-access-block", title: "Buckets block public access", severity: .warning,
    rationale: """
      One bucket policy or ACL with a public grant exposes everything in a bucket, and leaked \
      buckets are among the most common cloud breaches. A public access block with all four \
      settings on makes S3 refuse such grants.
      """,
    fix: "add an aws_s3_bucket_public_access_block for the bucket with all four settings true")

  public static let resourceTypes: Set<String> = ["aws_s3_bucket"]
  static let settings = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

  public static func problems(with bucket: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    let blocks = stack.resources(ofType: "aws_s3_bucket_public_access_block", whose: "bucket", refersTo: bucket)
    let complete = blocks.contains { block in Self.settings.allSatisfy { block.bool($0) == true } }
    return complete ? [] : ["\(bucket.address) does not block public access"]
  }

  public static let examples: [LintExample] = [
    .passing {
      let bucket = Resource("logs", type: "aws_s3_bucket", ["bucket_prefix": "logs-"])
      Resource(
        "logs-public-access", type: "aws_s3_bucket_public_access_block",
        [
          "bucket": bucket["id"], "block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true,
          "restrict_public_buckets": true,
        ])
    },
    .failing(["aws_s3_bucket.logs does not block public access"]) {
      let bucket = Resource("logs", type: "aws_s3_bucket", ["bucket_prefix": "logs-"])
      Resource("logs-public-access", type: "aws_s3_bucket_public_access_block", ["bucket": bucket["id"], "block_public_acls": true])
    },
  ]
}
