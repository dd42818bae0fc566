import InfraKit
import Testing

/// Each addon that calls AWS has an identity of its own, followed here by references: the addon,
/// its pod identity association, the role, the role's trust and its policy.
@Suite struct AddonIdentityTests {
  private func synthesize(addons: [Cluster.Addon] = Cluster.Addon.standard) throws -> TerraformConfiguration {
    try Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      Cluster("main", version: "1.31", network: network, addons: addons) {
        NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
      }
    }.synthesize().configuration
  }

  @Test func theEBSCSIDriverRunsAsARoleOnlyPodIdentityHandsToItsServiceAccount() throws {
    let configuration = try synthesize()
    func resource(_ address: String) -> ResourceBlock? {
      configuration.resources.first { "\($0.type).\($0.name)" == address }
    }
    let addon = try #require(resource("aws_eks_addon.main_addon_aws_ebs_csi_driver"))
    let association = try #require(addon.body.blocks("pod_identity_association").first)
    #expect(association["service_account"] == "ebs-csi-controller-sa")
    let roleAddress = try #require(association["role_arn"]?.references.first?.object)
    #expect(roleAddress == "aws_iam_role.main_addon_aws_ebs_csi_driver_role")
    let role = try #require(resource(roleAddress))
    #expect(role.body["assume_role_policy"] == .call("jsonencode", [[
      "Version": "2012-10-17",
      "Statement": [["Effect": "Allow", "Principal": ["Service": "pods.eks.amazonaws.com"], "Action": ["sts:AssumeRole", "sts:TagSession"]]],
    ]]))
    let attachments = configuration.resources.filter {
      $0.type == "aws_iam_role_policy_attachment" && $0.body["role"]?.references.first?.object == roleAddress
    }
    #expect(attachments.map { $0.body["policy_arn"] } == ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"])
    // The driver waits for its policy (and for nodes to run on).
    #expect(addon.meta.dependsOn.map(\.object).contains("aws_iam_role_policy_attachment.\(attachments[0].name)"))
    // Only the addons that call AWS get an identity; the node role keeps no EBS permission.
    #expect(configuration.resources.filter { $0.type == "aws_eks_addon" && !$0.body.blocks("pod_identity_association").isEmpty }
      .map(\.name) == ["main_addon_aws_ebs_csi_driver"])
    #expect(!configuration.resources.contains { $0.type == "aws_iam_role_policy_attachment" && $0.body["policy_arn"] == "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy" && $0.body["role"]?.references.first?.object == "aws_iam_role.main_node_role" })
  }

  @Test func anAddonWithAPodIdentityNeedsTheAgent() {
    let error = #expect(throws: SynthesisError.self) {
      try synthesize(addons: [Cluster.Addon("vpc-cni"), Cluster.Addon("aws-ebs-csi-driver")])
    }
    #expect(error?.diagnostics.map(\.id) == ["addon-identity-without-agent"])
    #expect(error?.diagnostics.first?.message == "cluster 'main': addon 'aws-ebs-csi-driver' gets its AWS identity through EKS Pod Identity, but the cluster has no eks-pod-identity-agent addon")
  }
}
