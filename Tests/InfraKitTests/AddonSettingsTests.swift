import InfraKit
import Testing

/// Addons' configuration values, versions and the order they are created in around the node
/// groups, read from the synthesized JSON.
@Suite struct AddonSettingsTests {
  private func synthesize(_ addons: [Cluster.Addon]) throws -> TerraformConfiguration {
    try Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      Cluster("main", version: "1.31", network: network, addons: addons) {
        NodePool("general", instanceTypes: ["m6i.large"], size: 3...9)
        NodePool("batch", instanceTypes: ["c6i.large"], size: 0...9)
      }
    }.synthesize().configuration
  }

  private func addon(_ configuration: TerraformConfiguration, _ name: String) throws -> ResourceBlock {
    try #require(configuration.resource("aws_eks_addon.main_addon_\(name)"))
  }

  @Test func typedSettingsAndRawValuesBecomeOneJSONObjectWithSortedKeys() throws {
    let configuration = try synthesize([
      Cluster.Addon(
        "vpc-cni", prefixDelegation: .init(warmPrefixTarget: 2), securityGroupsForPods: true,
        configuration: ["env": ["AWS_VPC_K8S_CNI_EXTERNALSNAT": "true"], "enableNetworkPolicy": "true"]),
      Cluster.Addon("coredns", replicas: 3),
      Cluster.Addon("kube-proxy"), Cluster.Addon("eks-pod-identity-agent"),
    ])
    let cni = try addon(configuration, "vpc_cni")
    #expect(cni.body["configuration_values"] == .call("jsonencode", [[
      "enableNetworkPolicy": "true",
      "env": [
        "AWS_VPC_K8S_CNI_EXTERNALSNAT": "true", "ENABLE_POD_ENI": "true", "ENABLE_PREFIX_DELEGATION": "true",
        "POD_SECURITY_GROUP_ENFORCING_MODE": "standard", "WARM_PREFIX_TARGET": "2",
      ],
      "init": ["env": ["DISABLE_TCP_EARLY_DEMUX": "true"]],
    ]]))
    let json = String(decoding: configuration.json(), as: UTF8.self)
    #expect(json.contains(#""configuration_values": "${jsonencode({\"enableNetworkPolicy\" = \"true\", \"env\" = {\"AWS_VPC_K8S_CNI_EXTERNALSNAT\" = \"true\", \"ENABLE_POD_ENI\" = \"true\", \"ENABLE_PREFIX_DELEGATION\" = \"true\", \"POD_SECURITY_GROUP_ENFORCING_MODE\" = \"standard\", \"WARM_PREFIX_TARGET\" = \"2\"}, \"init\" = {\"env\" = {\"DISABLE_TCP_EARLY_DEMUX\" = \"true\"}}})}""#))
    #expect(try addon(configuration, "coredns").body["configuration_values"] == .call("jsonencode", [["replicaCount": 3]]))
    #expect(try addon(configuration, "kube_proxy").body["configuration_values"] == nil)
    // Security groups for pods: the cluster role may hand pods their interfaces, before the CNI asks.
    let controller = try #require(configuration.resource("aws_iam_role_policy_attachment.main_cluster_role_vpc_resource_controller"))
    #expect(controller.body["policy_arn"] == "arn:aws:iam::aws:policy/AmazonEKSVPCResourceController")
    #expect(controller.body["role"] == .reference(.resource(type: "aws_iam_role", name: "main_cluster_role").attribute("name")))
    #expect(cni.meta.dependsOn.map(\.object) == [
      "aws_iam_role_policy_attachment.main_addon_vpc_cni_policy", "aws_iam_role_policy_attachment.main_cluster_role_vpc_resource_controller",
    ])
  }

  /// Network policies are enforced by default; pods share the node's security groups unless asked.
  @Test func securityGroupsForPodsIsOffAndNetworkPoliciesOnByDefault() throws {
    let configuration = try synthesize(Cluster.Addon.standard)
    #expect(try addon(configuration, "vpc_cni").body["configuration_values"] == .call("jsonencode", [["enableNetworkPolicy": "true"]]))
    #expect(configuration.resource("aws_iam_role_policy_attachment.main_cluster_role_vpc_resource_controller") == nil)
  }

  /// Turned off, or set through the configuration, the default gives way without a conflict.
  @Test(arguments: [
    (Cluster.Addon("vpc-cni", networkPolicies: false), nil),
    (Cluster.Addon("vpc-cni", configuration: ["enableNetworkPolicy": "false"]), ["enableNetworkPolicy": "false"] as Expr?),
  ])
  func networkPoliciesCanBeTurnedOff(_ cni: Cluster.Addon, _ expected: Expr?) throws {
    let configuration = try synthesize([cni, .init("kube-proxy"), .init("eks-pod-identity-agent")])
    #expect(try addon(configuration, "vpc_cni").body["configuration_values"] == expected.map { .call("jsonencode", [$0]) })
  }

  @Test func podSecurityGroupsOnTheClusterConfigureTheCNIAsTheAddonsSettingDoes() throws {
    var viaAddon: Cluster?
    let fromCluster = try Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      Cluster("main", version: "1.31", network: network, podSecurityGroups: true)
    }.synthesize().configuration
    let fromAddon = try Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      viaAddon = Cluster(
        "main", version: "1.31", network: network,
        addons: [.init("vpc-cni", securityGroupsForPods: true), .init("kube-proxy"), .init("eks-pod-identity-agent")])
    }.synthesize().configuration
    #expect(viaAddon?.podSecurityGroups == true)
    for configuration in [fromCluster, fromAddon] {
      #expect(try addon(configuration, "vpc_cni").body["configuration_values"] == .call("jsonencode", [[
        "enableNetworkPolicy": "true",
        "env": ["ENABLE_POD_ENI": "true", "POD_SECURITY_GROUP_ENFORCING_MODE": "standard"],
        "init": ["env": ["DISABLE_TCP_EARLY_DEMUX": "true"]],
      ]]))
      #expect(configuration.resources.filter { $0.body["policy_arn"] == "arn:aws:iam::aws:policy/AmazonEKSVPCResourceController" }
        .map(\.name) == ["main_cluster_role_vpc_resource_controller"])
    }
  }

  @Test func nodeGroupsWaitForTheAddonsANodeNeedsAndDeploymentsWaitForNodeGroups() throws {
    let configuration = try synthesize(Cluster.Addon.standard)
    for group in ["main_pool_general", "main_pool_batch"] {
      let nodeGroup = try #require(configuration.resource("aws_eks_node_group.\(group)"))
      #expect(nodeGroup.meta.dependsOn.map(\.object) == [
        "aws_iam_role_policy_attachment.main_node_role_AmazonEKSWorkerNodePolicy",
        "aws_iam_role_policy_attachment.main_node_role_AmazonEC2ContainerRegistryPullOnly",
        "aws_eks_addon.main_addon_vpc_cni", "aws_eks_addon.main_addon_kube_proxy", "aws_eks_addon.main_addon_eks_pod_identity_agent",
      ])
    }
    #expect(try addon(configuration, "coredns").meta.dependsOn.map(\.object) == [
      "aws_eks_node_group.main_pool_general", "aws_eks_node_group.main_pool_batch",
    ])
    // Addons a node needs wait for nothing of the nodes': no cycle.
    #expect(try addon(configuration, "kube_proxy").meta.dependsOn.isEmpty)
    #expect(try addon(configuration, "eks_pod_identity_agent").meta.dependsOn.isEmpty)
  }

  @Test func anUnpinnedAddonRunsTheDefaultVersionForTheClustersKubernetesVersion() throws {
    let configuration = try synthesize([
      Cluster.Addon("vpc-cni"), Cluster.Addon("coredns", version: "v1.11.3-eksbuild.2"),
    ])
    let resolved = try #require(configuration.dataSources.first { $0.name == "main_addon_vpc_cni_version" })
    #expect(resolved.type == "aws_eks_addon_version")
    #expect(resolved.body["addon_name"] == "vpc-cni")
    #expect(resolved.body["kubernetes_version"] == .reference(.resource(type: "aws_eks_cluster", name: "main_cluster").attribute("version")))
    #expect(resolved.body["most_recent"] == false)
    #expect(try addon(configuration, "vpc_cni").body["addon_version"]
      == .reference(.dataSource(type: "aws_eks_addon_version", name: "main_addon_vpc_cni_version").attribute("version")))
    // A pinned version is written as given, with nothing to read.
    #expect(try addon(configuration, "coredns").body["addon_version"] == "v1.11.3-eksbuild.2")
    #expect(configuration.dataSources.map(\.name) == ["main_addon_vpc_cni_version"])
  }

  @Test func settingsThatDoNotFitTheirAddonAreErrorsAtTheAddon() {
    let line = #line + 2
    let addons = [
      Cluster.Addon("coredns", prefixDelegation: .init(), replicas: 0),
      Cluster.Addon("vpc-cni", securityGroupsForPods: true, configuration: ["env": ["ENABLE_POD_ENI": "false"]]),
      Cluster.Addon("kube-proxy"), Cluster.Addon("kube-proxy"),
    ]
    let error = #expect(throws: SynthesisError.self) { try synthesize(addons) }
    #expect(error?.diagnostics.map(\.id) == [
      "addon-setting-not-applicable", "invalid-addon-setting", "addon-configuration-conflict", "duplicate-addon",
    ])
    #expect(error?.diagnostics.map(\.message) == [
      "cluster 'main': addon 'coredns' has the setting 'prefixDelegation', which only the vpc-cni addon takes",
      "cluster 'main': addon 'coredns' asks for 0 replicas",
      "cluster 'main': addon 'vpc-cni' sets 'env.ENABLE_POD_ENI' both through a typed setting and in its configuration",
      "cluster 'main' installs the addon 'kube-proxy' twice",
    ])
    #expect(error?.diagnostics.map { $0.location?.line } == [line, line, line + 1, line + 2])
  }
}
