import InfraCore
import Terraform

/// Every EKS addon that calls AWS APIs runs with an identity of its own.
public enum EKSAddonIdentityRule: ResourceLintRule {
  public static let description = RuleDescription(
    id: "eks-addon-without-identity", title: "EKS addons that call AWS have an identity of their own", severity: .error,
    rationale: """
      Some addons call AWS APIs themselves: the VPC CNI assigns network interfaces and addresses, \
      the EBS and EFS CSI drivers create and attach volumes, the observability agents write \
      metrics and logs. Installed without an IAM role for their service account, they fall back \
      to the node role, which then needs their permissions (and lends them to every pod on the \
      node), or they fail: the first PersistentVolumeClaim of a cluster whose EBS CSI driver has \
      no identity never binds. The rule knows vpc-cni, aws-ebs-csi-driver, aws-efs-csi-driver, \
      aws-mountpoint-s3-csi-driver, amazon-cloudwatch-observability and adot, and the service \
      accounts they run as.
      """,
    fix: """
      give the addon a role: service_account_role_arn (IRSA) or a pod_identity_association block, \
      or an aws_eks_pod_identity_association for its service account
      """)

  public static let resourceTypes: Set<String> = ["aws_eks_addon"]

  /// The addons known to call AWS, with the namespace and service accounts their pods run as.
  static let addons: [String: (namespace: String, serviceAccounts: [String])] = [
    "vpc-cni": ("kube-system", ["aws-node"]),
    "aws-ebs-csi-driver": ("kube-system", ["ebs-csi-controller-sa"]),
    "aws-efs-csi-driver": ("kube-system", ["efs-csi-controller-sa"]),
    "aws-mountpoint-s3-csi-driver": ("kube-system", ["s3-csi-driver-sa"]),
    "amazon-cloudwatch-observability": ("amazon-cloudwatch", ["cloudwatch-agent"]),
    "adot": ("opentelemetry-operator-system", ["adot-col-otlp-ingest", "adot-col-prom-metrics", "adot-col-container-logs"]),
  ]

  public static func problems(with addon: LintedResource, in stack: LintedStack, settings: LintSettings) -> [String] {
    guard let name = addon.string("addon_name"), let known = addons[name] else { return [] }
    if addon.body["service_account_role_arn"] != nil || !addon.body.blocks("pod_identity_association").isEmpty { return [] }
    let associated = stack.resources(ofType: "aws_eks_pod_identity_association").contains {
      $0.string("namespace") == known.namespace && known.serviceAccounts.contains($0.string("service_account") ?? "")
        && $0.body["cluster_name"] == addon.body["cluster_name"]
    }
    guard !associated else { return [] }
    let accounts = known.serviceAccounts.map { "\(known.namespace)/\($0)" }.joined(separator: ", ")
    return [
      "\(addon.address) installs \(name), which calls AWS, with no identity: no service_account_role_arn, pod_identity_association or aws_eks_pod_identity_association for \(accounts)"
    ]
  }

  public static let examples: [LintExample] = [
    .passing {
      let role = Resource("ebs-csi", type: "aws_iam_role", ["assume_role_policy": "{}"])
      Resource(
        "ebs", type: "aws_eks_addon",
        Body([
          "cluster_name": .argument("main"), "addon_name": .argument("aws-ebs-csi-driver"),
          "pod_identity_association": .block(["role_arn": role["arn"], "service_account": "ebs-csi-controller-sa"]),
        ]))
    },
    .passing {
      let role = Resource("cni-role", type: "aws_iam_role", ["assume_role_policy": "{}"])
      Resource("cni", type: "aws_eks_addon", ["cluster_name": "main", "addon_name": "vpc-cni", "service_account_role_arn": role["arn"]])
    },
    .passing {
      let role = Resource("efs-csi", type: "aws_iam_role", ["assume_role_policy": "{}"])
      Resource("efs", type: "aws_eks_addon", ["cluster_name": "main", "addon_name": "aws-efs-csi-driver"])
      Resource(
        "efs-identity", type: "aws_eks_pod_identity_association",
        ["cluster_name": "main", "namespace": "kube-system", "service_account": "efs-csi-controller-sa", "role_arn": role["arn"]])
    },
    .passing {
      Resource("dns", type: "aws_eks_addon", ["cluster_name": "main", "addon_name": "coredns"])
    },
    .failing([
      "aws_eks_addon.ebs installs aws-ebs-csi-driver, which calls AWS, with no identity: no service_account_role_arn, pod_identity_association or aws_eks_pod_identity_association for kube-system/ebs-csi-controller-sa"
    ]) {
      Resource("ebs", type: "aws_eks_addon", ["cluster_name": "main", "addon_name": "aws-ebs-csi-driver"])
    },
    .failing([
      "aws_eks_addon.efs installs aws-efs-csi-driver, which calls AWS, with no identity: no service_account_role_arn, pod_identity_association or aws_eks_pod_identity_association for kube-system/efs-csi-controller-sa"
    ]) {
      let role = Resource("efs-csi", type: "aws_iam_role", ["assume_role_policy": "{}"])
      Resource("efs", type: "aws_eks_addon", ["cluster_name": "main", "addon_name": "aws-efs-csi-driver"])
      Resource(
        "other-identity", type: "aws_eks_pod_identity_association",
        ["cluster_name": "main", "namespace": "default", "service_account": "efs-csi-controller-sa", "role_arn": role["arn"]])
    },
  ]
}
