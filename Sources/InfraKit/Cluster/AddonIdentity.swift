/// The AWS identity an addon runs as, when it calls AWS APIs itself: an IAM role that only EKS
/// Pod Identity may hand to the addon's service account, with AWS's managed policy for exactly
/// that addon.
///
/// The EBS CSI driver creates, attaches and deletes volumes for PersistentVolumeClaims; without
/// an identity of its own the first claim never binds (the node role has no EBS permissions, on
/// purpose). Volumes are encrypted with the account's EBS key, which the managed policy covers.
struct AddonIdentity {
  /// The service account in `kube-system` the addon's controller runs as.
  let serviceAccount: String
  /// AWS's managed policy for the addon.
  let policyArn: String

  /// The identity of the addon `name`, when it calls AWS APIs and EKS Pod Identity serves it.
  static func of(_ name: String) -> AddonIdentity? {
    switch name {
    case "aws-ebs-csi-driver":
      AddonIdentity(
        serviceAccount: "ebs-csi-controller-sa", policyArn: "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy")
    default: nil
    }
  }
}

extension Cluster {
  /// The role of `addon`, trusted by EKS Pod Identity alone, and the attachment of its policy,
  /// which the addon waits for.
  func buildIdentity(_ identity: AddonIdentity, of addon: Addon) -> (role: AwsIamRole, policy: AwsIamRolePolicyAttachment) {
    let trust: Expr = [
      "Version": "2012-10-17",
      "Statement": [
        ["Effect": "Allow", "Principal": ["Service": "pods.eks.amazonaws.com"], "Action": ["sts:AssumeRole", "sts:TagSession"]]
      ],
    ]
    let role = placed(
      AwsIamRole(
        "addon-\(addon.name)-role", assumeRolePolicy: .jsonEncoded(trust), namePrefix: "eks-addon-",
        tags: tags("addon-\(addon.name)")))
    let policy = placed(
      AwsIamRolePolicyAttachment("addon-\(addon.name)-policy", policyArn: Value(identity.policyArn), role: role.name))
    return (role, policy)
  }
}
