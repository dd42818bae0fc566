import InfraCore
import Terraform

/// Kubernetes secrets are encrypted with a KMS key.
public enum EKSSecretsEncryptionRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "eks-secrets-encryption", title: "Kubernetes secrets are encrypted with KMS", severity: .error,
    rationale: """
      Without envelope encryption, Kubernetes secrets sit in etcd encrypted only by the disk \
      underneath; anyone who reads an etcd backup or snapshot reads every secret. With a KMS key, \
      reading them also takes the key, whose use is logged.
      """,
    fix: "add an encryption_config block with resources = [\"secrets\"] and provider { key_arn = a KMS key with rotation }")

  public static let resourceTypes: Set<String> = ["aws_eks_cluster"]

  public static func problems(with cluster: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    let encrypted = cluster.body.blocks("encryption_config").contains { config in
      config.strings("resources")?.contains("secrets") ?? (config["resources"] != nil)
    }
    return encrypted ? [] : ["\(cluster.address) keeps Kubernetes secrets without KMS encryption"]
  }

  public static let examples: [LintExample] = [
    .passing {
      let key = Resource("secrets", type: "aws_kms_key", ["enable_key_rotation": true])
      Resource(
        "cluster", type: "aws_eks_cluster",
        Body(["encryption_config": .block(Body(["resources": .argument(["secrets"]), "provider": .block(["key_arn": key["arn"]])]))]))
    },
    .failing(["aws_eks_cluster.cluster keeps Kubernetes secrets without KMS encryption"]) {
      Resource("cluster", type: "aws_eks_cluster", ["name": "main"])
    },
  ]
}
