import Foundation
import InfraKit
import InfraTestSupport
import Testing

/// When Terraform reads `data.aws_eks_addon_version`, proven with Terraform: during apply for a
/// cluster changing version (the addon plans as an update to a version known then), during plan
/// for a cluster that stays as it is, which calls EKS and so fails with mock credentials.
@Suite struct AddonVersionPlanTests {
  /// An EKS cluster at `version` and its vpc-cni addon, whose version is resolved when `resolved`.
  static func stack(version: String, resolved: Bool) -> Stack {
    Stack("addon-version", environment: .development, region: .euWest1) {
      let role = AwsIamRole("role", assumeRolePolicy: "{}", name: "cluster")
      let cluster = AwsEksCluster(
        "cluster", name: "addon-version", roleArn: role.arn, vpcConfig: .init(subnetIds: ["subnet-1", "subnet-2"]),
        version: Value(version))
      let addonVersion = resolved
        ? DataAwsEksAddonVersion("cni-version", addonName: "vpc-cni", kubernetesVersion: cluster.version, mostRecent: false).version
        : nil
      AwsEksAddon("cni", addonName: "vpc-cni", clusterName: cluster.name, addonVersion: addonVersion)
    }
  }

  static let enabled = terraformExecutable != nil && providerMirror != nil && executableOnPath("python3") != nil

  @Test(.enabled(if: enabled, "Terraform, the provider mirror or python3 is missing: SKIPPED planning addon versions against a state"))
  func aClusterChangingVersionReadsTheDefaultVersionDuringApply() throws {
    let result = try planAgainstState(before: Self.stack(version: "1.30", resolved: false), after: Self.stack(version: "1.31", resolved: true))
    try #require(result.status == 0, "\(result.standardOutput)\(result.standardError)")
    let plan = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    #expect(plan["changes"] as? [String: String] == ["aws_eks_cluster.cluster": "update", "aws_eks_addon.cni": "update"])
  }

  @Test(.enabled(if: enabled, "Terraform, the provider mirror or python3 is missing: SKIPPED planning addon versions against a state"))
  func aClusterStayingAsItIsReadsTheDefaultVersionDuringPlanWhichCallsEKS() throws {
    let result = try planAgainstState(before: Self.stack(version: "1.31", resolved: false), after: Self.stack(version: "1.31", resolved: true))
    #expect(result.status == 1)
    #expect(result.standardError.contains("reading EKS Add-On version info (vpc-cni, 1.31): operation error EKS: DescribeAddonVersions"))
  }
}
