import Foundation
import InfraCore
import InfraKit
import Testing

/// `cluster.addons` in a stack file: versions, typed settings and raw configuration become the
/// same addons as in Swift, and each mistake is an error at its line.
@Suite struct AddonStackFileTests {
  private static func stack(_ cluster: String) -> String {
    minimalStack + "cluster:\n  version: \"1.31\"\n" + cluster
      + "  nodePools:\n    - {name: general, instanceTypes: [m6i.large], minSize: 3, maxSize: 9}\n"
  }

  private func configuration(_ cluster: String) throws -> TerraformConfiguration {
    let folder = try StackFolder(["stack.yaml": Self.stack(cluster)])
    return try #require(try folder.stacks().first).synthesize().configuration
  }

  private func addon(_ configuration: TerraformConfiguration, _ name: String) -> ResourceBlock? {
    configuration.resources.first { $0.type == "aws_eks_addon" && $0.name == "main_addon_\(name)" }
  }

  @Test func addonsTakeVersionsTypedSettingsAndConfiguration() throws {
    let configuration = try configuration("""
        volumeKeyArn: arn:aws:kms:eu-west-1:111122223333:key/volumes
        addons:
          vpc-cni:
            prefixDelegation: {warmPrefixTarget: 2}
            securityGroupsForPods: true
          coredns: {version: v1.11.3-eksbuild.2, replicas: 3}
          kube-proxy: v1.31.2-eksbuild.3
          eks-pod-identity-agent: ~
          aws-ebs-csi-driver:
            configuration:
              controller: {replicaCount: 3, extraVolumeTags: {team: platform}, enableMetrics: true, name: "3"}

      """)
    #expect(addon(configuration, "vpc_cni")?.body["configuration_values"] == .call("jsonencode", [[
      "enableNetworkPolicy": "true",
      "env": [
        "ENABLE_POD_ENI": "true", "ENABLE_PREFIX_DELEGATION": "true", "POD_SECURITY_GROUP_ENFORCING_MODE": "standard",
        "WARM_PREFIX_TARGET": "2",
      ],
      "init": ["env": ["DISABLE_TCP_EARLY_DEMUX": "true"]],
    ]]))
    #expect(addon(configuration, "coredns")?.body["addon_version"] == "v1.11.3-eksbuild.2")
    #expect(addon(configuration, "coredns")?.body["configuration_values"] == .call("jsonencode", [["replicaCount": 3]]))
    #expect(addon(configuration, "kube_proxy")?.body["addon_version"] == "v1.31.2-eksbuild.3")
    #expect(addon(configuration, "eks_pod_identity_agent")?.body["addon_version"]
      == .reference(.dataSource(type: "aws_eks_addon_version", name: "main_addon_eks_pod_identity_agent_version").attribute("version")))
    #expect(addon(configuration, "aws_ebs_csi_driver")?.body["configuration_values"] == .call("jsonencode", [[
      "controller": ["enableMetrics": true, "extraVolumeTags": ["team": "platform"], "name": "3", "replicaCount": 3]
    ]]))
    #expect(configuration.resources.contains { $0.type == "aws_iam_role_policy" && $0.name == "main_addon_aws_ebs_csi_driver_volume_key" })
    #expect(!configuration.resources.contains { $0.type == "aws_iam_role_policy_attachment" && $0.name == "main_node_role_AmazonEKS_CNI_Policy" })
  }

  @Test func cniPolicyOnNodeRoleKeepsItForTheUpgrade() throws {
    let configuration = try configuration("  cniPolicyOnNodeRole: true\n")
    #expect(configuration.resources.contains { $0.type == "aws_iam_role_policy_attachment" && $0.name == "main_node_role_AmazonEKS_CNI_Policy" })
  }

  @Test func eachMistakeIsAnErrorAtItsLine() throws {
    let folder = try StackFolder(["stack.yaml": Self.stack("""
        addons:
          vpc-cni: {prefixDelegation: {warmPrefixTarget: 40}, securityGroup: true}
          coredns: {replicas: 3, securityGroupsForPods: true, configuration: [replicaCount]}
          kube-proxy: {prefixDelegation: maybe}
          eks-pod-identity-agent: ~

      """)])
    #expect(folder.problems() == [
      "stack.yaml:9:57: error: addon 'vpc-cni' has no setting 'securityGroup'; the keys of addon 'vpc-cni' are: version, prefixDelegation, securityGroupsForPods, networkPolicies, replicas, configuration [stack-unknown-key]",
      "stack.yaml:9:52: error: the prefix delegation of addon 'vpc-cni': 'warmPrefixTarget' is 40; it must be from 1 to 16; choose a value from 1 to 16 [stack-invalid-value]",
      "stack.yaml:10:72: error: addon 'coredns' has a configuration that is not a mapping; write the addon's configuration values as a mapping, e.g. 'configuration: {replicaCount: 3}' [stack-invalid-value]",
      "stack.yaml:11:36: error: addon 'kube-proxy' has prefixDelegation 'maybe', which is neither true, false nor a mapping; write 'prefixDelegation: true' or 'prefixDelegation: {warmPrefixTarget: 1}' [stack-invalid-value]",
    ])
  }

  @Test func aTypedSettingOnAnotherAddonIsAnErrorAtThatAddon() throws {
    let folder = try StackFolder(["stack.yaml": Self.stack("""
        addons:
          vpc-cni: ~
          coredns: {replicas: 3, securityGroupsForPods: true}
          kube-proxy: {configuration: {replicaCount: 2}}

      """)])
    let stack = try #require(try folder.stacks().first)
    let error = #expect(throws: SynthesisError.self) { try stack.synthesize() }
    #expect(error?.diagnostics.map { $0.description.replacingOccurrences(of: folder.path + "/", with: "") } == [
      "stack.yaml:10:5: error: cluster 'main': addon 'coredns' has the setting 'securityGroupsForPods', which only the vpc-cni addon takes; move 'securityGroupsForPods' to the vpc-cni addon, or give 'coredns' its values through configuration [addon-setting-not-applicable]"
    ])
  }
}
