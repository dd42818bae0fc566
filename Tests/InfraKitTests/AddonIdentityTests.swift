import InfraKit
import Testing

/// Each addon that calls AWS has an identity of its own, followed here by references: the addon,
/// its pod identity association or service account role, the role, the role's trust and its
/// policies; and the node role keeps none of them.
@Suite struct AddonIdentityTests {
  private func synthesize(
    addons: [Cluster.Addon] = Cluster.Addon.standard, volumeKeyArn: String? = nil, cniPolicyOnNodeRole: Bool = false
  ) throws -> TerraformConfiguration {
    try Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      Cluster(
        "main", version: "1.31", network: network, volumeKeyArn: volumeKeyArn, addons: addons,
        cniPolicyOnNodeRole: cniPolicyOnNodeRole
      ) {
        NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
      }
    }.synthesize().configuration
  }

  private static let oidc = Reference.resource(type: "aws_iam_openid_connect_provider", name: "main_oidc_provider")

  /// The policy ARNs attached to the role at `roleAddress`.
  private func attachedPolicies(_ configuration: TerraformConfiguration, to roleAddress: String) -> [Expr?] {
    configuration.resources.filter {
      $0.type == "aws_iam_role_policy_attachment" && $0.body["role"]?.references.first?.object == roleAddress
    }.map { $0.body["policy_arn"] }
  }

  @Test func theEBSCSIDriverRunsAsARoleOnlyPodIdentityHandsToItsServiceAccount() throws {
    let configuration = try synthesize()
    let addon = try #require(configuration.resource("aws_eks_addon.main_addon_aws_ebs_csi_driver"))
    let association = try #require(addon.body.blocks("pod_identity_association").first)
    #expect(association["service_account"] == "ebs-csi-controller-sa")
    let roleAddress = try #require(association["role_arn"]?.references.first?.object)
    #expect(roleAddress == "aws_iam_role.main_addon_aws_ebs_csi_driver_role")
    let role = try #require(configuration.resource(roleAddress))
    #expect(role.body["assume_role_policy"] == .call("jsonencode", [[
      "Version": "2012-10-17",
      "Statement": [["Effect": "Allow", "Principal": ["Service": "pods.eks.amazonaws.com"], "Action": ["sts:AssumeRole", "sts:TagSession"]]],
    ]]))
    #expect(attachedPolicies(configuration, to: roleAddress) == ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"])
    // No inline policy without a customer key for volumes.
    #expect(!configuration.resources.contains { $0.type == "aws_iam_role_policy" && $0.body["role"]?.references.first?.object == roleAddress })
    // The driver waits for nodes to run on, and for its policy.
    #expect(addon.meta.dependsOn.map(\.object) == [
      "aws_eks_node_group.main_pool_general", "aws_iam_role_policy_attachment.main_addon_aws_ebs_csi_driver_policy",
    ])
    #expect(addon.body["service_account_role_arn"] == nil)
    // Only the EBS CSI driver gets a pod identity association.
    #expect(configuration.resources.filter { $0.type == "aws_eks_addon" && !$0.body.blocks("pod_identity_association").isEmpty }
      .map(\.name) == ["main_addon_aws_ebs_csi_driver"])
  }

  @Test func theVPCCNIRunsAsARoleTheOIDCProviderHandsOnlyToAwsNode() throws {
    let configuration = try synthesize()
    let addon = try #require(configuration.resource("aws_eks_addon.main_addon_vpc_cni"))
    #expect(addon.body.blocks("pod_identity_association").isEmpty)
    let roleAddress = try #require(addon.body["service_account_role_arn"]?.references.first)
    #expect(roleAddress == .resource(type: "aws_iam_role", name: "main_addon_vpc_cni_role").attribute("arn"))
    let role = try #require(configuration.resource(roleAddress.object))
    let issuer = Expr.call("replace", [.reference(Self.oidc.attribute("url")), "https://", ""])
    #expect(role.body["assume_role_policy"] == .call("jsonencode", [[
      "Version": "2012-10-17",
      "Statement": [[
        "Effect": "Allow", "Principal": ["Federated": .reference(Self.oidc.attribute("arn"))],
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": ["StringEquals": .call("zipmap", [
          [.template([issuer, ":sub"]), .template([issuer, ":aud"])],
          ["system:serviceaccount:kube-system:aws-node", "sts.amazonaws.com"],
        ])],
      ]],
    ]]))
    #expect(configuration.resource(Self.oidc.object) != nil)
    #expect(attachedPolicies(configuration, to: roleAddress.object) == ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"])
    #expect(addon.meta.dependsOn.map(\.object) == ["aws_iam_role_policy_attachment.main_addon_vpc_cni_policy"])
    // The node role keeps what the kubelet needs, and no CNI or EBS permission.
    #expect(attachedPolicies(configuration, to: "aws_iam_role.main_node_role") == [
      "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
    ])
  }

  @Test func theNodeRoleKeepsTheCNIPolicyForASelfManagedCNIOrWhenAskedDuringTheUpgrade() throws {
    let withoutAddon = try synthesize(addons: [Cluster.Addon("coredns"), Cluster.Addon("kube-proxy")])
    #expect(attachedPolicies(withoutAddon, to: "aws_iam_role.main_node_role").contains("arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"))
    #expect(withoutAddon.resource("aws_iam_role.main_addon_vpc_cni_role") == nil)
    let upgrading = try synthesize(cniPolicyOnNodeRole: true)
    #expect(attachedPolicies(upgrading, to: "aws_iam_role.main_node_role") == [
      "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
      "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
    ])
    #expect(attachedPolicies(upgrading, to: "aws_iam_role.main_addon_vpc_cni_role") == ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"])
  }

  @Test func aCustomerKeyEncryptsNodeVolumesAndTheEBSCSIDriverMayUseItForVolumesItCreates() throws {
    let key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    let configuration = try synthesize(volumeKeyArn: key)
    let template = try #require(configuration.resource("aws_launch_template.main_pool_general_template"))
    let ebs = try #require(template.body.blocks("block_device_mappings").first?.blocks("ebs").first)
    #expect(ebs["kms_key_id"] == .string(key))
    #expect(ebs["encrypted"] == "true")
    let inline = try #require(configuration.resource("aws_iam_role_policy.main_addon_aws_ebs_csi_driver_volume_key"))
    #expect(inline.body["role"] == .reference(.resource(type: "aws_iam_role", name: "main_addon_aws_ebs_csi_driver_role").attribute("name")))
    #expect(inline.body["policy"] == .call("jsonencode", [[
      "Version": "2012-10-17",
      "Statement": [
        [
          "Effect": "Allow", "Action": ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], "Resource": [.string(key)],
          "Condition": ["Bool": ["kms:GrantIsForAWSResource": "true"]],
        ],
        [
          "Effect": "Allow", "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
          "Resource": [.string(key)],
        ],
      ],
    ]]))
    let addon = try #require(configuration.resource("aws_eks_addon.main_addon_aws_ebs_csi_driver"))
    #expect(addon.meta.dependsOn.map(\.object).contains("aws_iam_role_policy.main_addon_aws_ebs_csi_driver_volume_key"))
  }

  @Test func aVolumeKeyIsAKeysARN() {
    for text in ["alias/volumes", "arn:aws:kms:eu-west-1:111122223333:alias/volumes", "arn:aws:s3:::bucket"] {
      let error = #expect(throws: SynthesisError.self) { try synthesize(volumeKeyArn: text) }
      #expect(error?.diagnostics.map(\.id) == ["invalid-volume-key"])
      #expect(error?.diagnostics.first?.message == "cluster 'main': volume key '\(text)' is not the ARN of a KMS key")
    }
  }

  @Test func anAddonWithAPodIdentityNeedsTheAgent() {
    let error = #expect(throws: SynthesisError.self) {
      try synthesize(addons: [Cluster.Addon("vpc-cni"), Cluster.Addon("aws-ebs-csi-driver")])
    }
    #expect(error?.diagnostics.map(\.id) == ["addon-identity-without-agent"])
    #expect(error?.diagnostics.first?.message == "cluster 'main': addon 'aws-ebs-csi-driver' gets its AWS identity through EKS Pod Identity, but the cluster has no eks-pod-identity-agent addon")
  }
}

extension TerraformConfiguration {
  /// The resource at `address` (`TYPE.NAME`).
  func resource(_ address: String) -> ResourceBlock? {
    resources.first { "\($0.type).\($0.name)" == address }
  }
}
