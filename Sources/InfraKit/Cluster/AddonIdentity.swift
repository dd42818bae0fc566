/// The AWS identity an addon runs as, when it calls AWS APIs itself: an IAM role that only the
/// addon's service account may assume, with AWS's managed policy for exactly that addon.
///
/// - The VPC CNI (`aws-node`) assigns ENIs and addresses to nodes for pods. It gets its role
///   through IRSA: the node's pod network depends on it, and IRSA needs nothing else in the
///   cluster (the kubelet mounts the token, STS exchanges it), where EKS Pod Identity would make
///   every node's networking wait on the pod identity agent. The node role keeps no CNI
///   permission, so other pods on a node cannot use it.
/// - The EBS CSI driver creates, attaches and deletes volumes for PersistentVolumeClaims; it
///   gets its role through EKS Pod Identity. Without it the first claim never binds.
/// - The CloudWatch Observability addon's agent (`amazon-cloudwatch/cloudwatch-agent`) sends
///   Container Insights' metrics and the containers' logs to CloudWatch, through EKS Pod Identity.
struct AddonIdentity {
  /// How the role reaches the addon's pods.
  enum Mechanism {
    /// EKS Pod Identity: the addon's `pod_identity_association`; the role trusts
    /// `pods.eks.amazonaws.com`, and the `eks-pod-identity-agent` addon serves the credentials.
    case podIdentity
    /// IAM roles for service accounts: the addon's `service_account_role_arn`; the role trusts
    /// the cluster's OIDC provider for one service account.
    case irsa
  }

  let mechanism: Mechanism
  /// The service account the addon's pods run as (in `kube-system`, but for the CloudWatch
  /// agent's, in `amazon-cloudwatch`: pod identity associations name no namespace).
  let serviceAccount: String
  /// AWS's managed policy for the addon.
  let policyArn: String

  /// The identity of the addon `name`, when it calls AWS APIs.
  static func of(_ name: String) -> AddonIdentity? {
    switch name {
    case "vpc-cni":
      AddonIdentity(mechanism: .irsa, serviceAccount: "aws-node", policyArn: cniPolicyArn)
    case "aws-ebs-csi-driver":
      AddonIdentity(
        mechanism: .podIdentity, serviceAccount: "ebs-csi-controller-sa",
        policyArn: "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy")
    case "amazon-cloudwatch-observability":
      AddonIdentity(
        mechanism: .podIdentity, serviceAccount: "cloudwatch-agent",
        policyArn: "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy")
    default: nil
    }
  }

  static let cniPolicyArn = "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"
}

/// An addon's role and what it is given, which the addon waits for.
struct BuiltAddonIdentity {
  let identity: AddonIdentity
  let role: AwsIamRole
  let policies: [Resource]
}

extension Cluster {
  /// The role of `addon`, trusted by EKS Pod Identity or by the cluster's OIDC provider for the
  /// addon's service account alone, and the attachment of its managed policy. With a customer
  /// key for volumes, the EBS CSI driver's role may also use that key.
  func buildIdentity(
    _ identity: AddonIdentity, of addon: Addon, oidcProvider: AwsIamOpenidConnectProvider, volumeKeyArn: Value<String>?
  ) -> BuiltAddonIdentity {
    let trust: Value<String>
    switch identity.mechanism {
    case .podIdentity:
      trust = WorkloadIdentity.podIdentityTrust
    case .irsa:
      // The issuer without its scheme, as STS names the token's claims: `<issuer>:sub`.
      let issuer = Expr.call("replace", [oidcProvider.url.expression, "https://", ""])
      trust = .jsonEncoded([
        "Version": "2012-10-17",
        "Statement": [
          [
            "Effect": "Allow", "Principal": ["Federated": oidcProvider.arn.expression], "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": [
              "StringEquals": .call(
                "zipmap",
                [
                  [.template([issuer, ":sub"]), .template([issuer, ":aud"])],
                  [.string("system:serviceaccount:kube-system:\(identity.serviceAccount)"), "sts.amazonaws.com"],
                ])
            ],
          ]
        ],
      ])
    }
    let role = placed(
      AwsIamRole(
        "addon-\(addon.name)-role", assumeRolePolicy: trust, namePrefix: "eks-addon-",
        tags: tags("addon-\(addon.name)")))
    let attachment = placed(
      AwsIamRolePolicyAttachment("addon-\(addon.name)-policy", policyArn: Value(identity.policyArn), role: role.name))
    var policies: [Resource] = [attachment]
    if addon.name == "aws-ebs-csi-driver", let volumeKeyArn {
      policies.append(
        placed(
          AwsIamRolePolicy("addon-\(addon.name)-volume-key", policy: Self.volumeKeyPolicy(volumeKeyArn), role: role.name)))
    }
    return BuiltAddonIdentity(identity: identity, role: role, policies: policies)
  }

  /// What the EBS CSI driver does with a customer key to encrypt the volumes it creates: grants
  /// for EC2 to use the key on the volume's behalf (only grants for AWS resources), and the data
  /// key operations, on that key alone.
  static func volumeKeyPolicy(_ keyArn: Value<String>) -> Value<String> {
    .jsonEncoded([
      "Version": "2012-10-17",
      "Statement": [
        [
          "Effect": "Allow", "Action": ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], "Resource": [keyArn.expression],
          "Condition": ["Bool": ["kms:GrantIsForAWSResource": "true"]],
        ],
        [
          "Effect": "Allow",
          "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
          "Resource": [keyArn.expression],
        ],
      ],
    ])
  }
}
