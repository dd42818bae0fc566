import InfraCore
import Terraform

/// Symmetric KMS keys rotate their material yearly.
public enum KMSKeyRotationRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "kms-key-rotation", title: "KMS keys rotate", severity: .error,
    rationale: """
      Rotation limits how much data one key version protects and how long a leaked version \
      stays useful, and most compliance regimes require it. KMS rotates symmetric keys itself, \
      keeping old versions for decryption, but only when asked.
      """,
    fix: "set enable_key_rotation = true")

  public static let resourceTypes: Set<String> = ["aws_kms_key"]

  public static func problems(with key: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    let spec = key.string("customer_master_key_spec") ?? "SYMMETRIC_DEFAULT"
    guard spec == "SYMMETRIC_DEFAULT", key.bool("enable_key_rotation") != true else { return [] }
    return ["\(key.address) does not rotate (enable_key_rotation is not true)"]
  }

  public static let examples: [LintExample] = [
    .passing {
      Resource("key", type: "aws_kms_key", ["enable_key_rotation": true])
    },
    .passing {
      Resource("signing", type: "aws_kms_key", ["customer_master_key_spec": "ECC_NIST_P256", "key_usage": "SIGN_VERIFY"])
    },
    .failing(["aws_kms_key.key does not rotate (enable_key_rotation is not true)"]) {
      Resource("key", type: "aws_kms_key", ["description": "Orders"])
    },
  ]
}
