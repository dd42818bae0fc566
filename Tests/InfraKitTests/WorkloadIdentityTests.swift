import InfraKit
import Testing

/// A workload identity is a role only EKS Pod Identity assumes, with exactly its permissions,
/// handed to one service account: followed here by references from the association to the role
/// and its policies, and the settings it refuses with their messages and lines.
@Suite struct WorkloadIdentityTests {
  private static let file = "Tests/InfraKitTests/WorkloadIdentityTests.swift"

  private func stack(
    addons: [Cluster.Addon] = Cluster.Addon.standard, _ body: @escaping (Cluster) -> Void
  ) -> Stack {
    Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      let cluster = Cluster("main", version: "1.31", network: network, addons: addons)
      body(cluster)
    }
  }

  @Test func theRoleHoldsExactlyItsPermissionsAndOnlyItsServiceAccountGetsIt() throws {
    let configuration = try stack { cluster in
      WorkloadIdentity(
        "billing", cluster: cluster, namespace: "billing", serviceAccount: "api",
        policies: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
        permissions: [
          .allow(
            ["secretsmanager:GetSecretValue"], on: ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:billing-*"],
            when: [.init("StringEquals", "aws:ResourceTag/team", ["billing"])])
        ])
    }.synthesize().configuration
    #expect(resourceJSON(configuration) { $0.name.hasPrefix("billing_") } == """
      {
        "resource": {
          "aws_eks_pod_identity_association": {
            "billing_association": {
              "//": "platform/billing/association",
              "cluster_name": "${aws_eks_cluster.main_cluster.name}",
              "depends_on": [
                "aws_iam_role_policy_attachment.billing_policy_AmazonS3ReadOnlyAccess",
                "aws_iam_role_policy.billing_permissions"
              ],
              "namespace": "billing",
              "role_arn": "${aws_iam_role.billing_role.arn}",
              "service_account": "api",
              "tags": {
                "Name": "platform-billing-association"
              }
            }
          },
          "aws_iam_role": {
            "billing_role": {
              "//": "platform/billing/role",
              "assume_role_policy": "${jsonencode({\\"Statement\\" = [{\\"Action\\" = [\\"sts:AssumeRole\\", \\"sts:TagSession\\"], \\"Effect\\" = \\"Allow\\", \\"Principal\\" = {\\"Service\\" = \\"pods.eks.amazonaws.com\\"}}], \\"Version\\" = \\"2012-10-17\\"})}",
              "description": "Pods of billing/api in EKS cluster platform-main",
              "name_prefix": "platform-billing-",
              "tags": {
                "Name": "platform-billing-role"
              }
            }
          },
          "aws_iam_role_policy": {
            "billing_permissions": {
              "//": "platform/billing/permissions",
              "name": "permissions",
              "policy": "${jsonencode({\\"Statement\\" = [{\\"Action\\" = [\\"secretsmanager:GetSecretValue\\"], \\"Condition\\" = {\\"StringEquals\\" = {\\"aws:ResourceTag/team\\" = [\\"billing\\"]}}, \\"Effect\\" = \\"Allow\\", \\"Resource\\" = [\\"arn:aws:secretsmanager:eu-west-1:111122223333:secret:billing-*\\"]}], \\"Version\\" = \\"2012-10-17\\"})}",
              "role": "${aws_iam_role.billing_role.id}"
            }
          },
          "aws_iam_role_policy_attachment": {
            "billing_policy_AmazonS3ReadOnlyAccess": {
              "//": "platform/billing/policy-AmazonS3ReadOnlyAccess",
              "policy_arn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
              "role": "${aws_iam_role.billing_role.name}"
            }
          }
        }
      }

      """)
  }

  @Test func settingsItRefuses() {
    let line = #line + 2
    let stack = stack { cluster in
      WorkloadIdentity("bad-names", cluster: cluster, namespace: "Billing", serviceAccount: "api_v2", permissions: [.allow(["s3:GetObject"], on: ["*"])])
      WorkloadIdentity("nothing", cluster: cluster, namespace: "billing", serviceAccount: "api")
      WorkloadIdentity("typo", cluster: cluster, namespace: "billing", serviceAccount: "worker", policies: ["AmazonS3ReadOnlyAccess"], permissions: [.allow(["s3 GetObject"], on: [])])
      WorkloadIdentity("first", cluster: cluster, namespace: "billing", serviceAccount: "jobs", permissions: [.allow(["s3:GetObject"], on: ["*"])])
      WorkloadIdentity("second", cluster: cluster, namespace: "billing", serviceAccount: "jobs", permissions: [.allow(["s3:GetObject"], on: ["*"])])
      WorkloadIdentity("driver", cluster: cluster, namespace: "kube-system", serviceAccount: "ebs-csi-controller-sa", permissions: [.allow(["s3:GetObject"], on: ["*"])])
    }
    let at = { (offset: Int) in "\(Self.file):\(line + offset):23: error:" }
    #expect(synthesisErrors(stack) == [
      "\(at(0)) workload identity 'bad-names': 'Billing' is not a Kubernetes namespace name; use at most 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit [invalid-namespace]",
      "\(at(0)) workload identity 'bad-names': 'api_v2' is not a Kubernetes service account name; use at most 253 lowercase letters, digits, hyphens and dots, starting and ending with a letter or digit [invalid-service-account]",
      "\(at(1)) workload identity 'nothing' allows nothing; give it the managed policies or the permissions its pods need [workload-identity-without-permissions]",
      "\(at(2)) workload identity 'typo': 'AmazonS3ReadOnlyAccess' is not the ARN of an IAM policy; write it as arn:aws:iam::aws:policy/NAME [invalid-permission]",
      "\(at(2)) workload identity 'typo' has a permission with no resource; name the actions and the ARNs they apply to [invalid-permission]",
      "\(at(2)) workload identity 'typo' allows 's3 GetObject', which is not an IAM action; write the service prefix and the action, e.g. s3:GetObject [invalid-permission]",
      "\(at(4)) workload identity 'second': service account 'billing/jobs' of cluster 'main' already has an identity (workload identity 'first' at \(Self.file):\(line + 3):23); give each identity its own service account, or merge their permissions into one [duplicate-workload-identity]",
      "\(at(5)) workload identity 'driver': service account 'kube-system/ebs-csi-controller-sa' of cluster 'main' already has an identity (addon 'aws-ebs-csi-driver'); give each identity its own service account, or merge their permissions into one [duplicate-workload-identity]",
    ])
  }

  @Test func podIdentityNeedsTheAgent() {
    let line = #line + 2
    let stack = stack(addons: [Cluster.Addon("vpc-cni"), Cluster.Addon("coredns")]) { cluster in
      WorkloadIdentity("billing", cluster: cluster, namespace: "billing", serviceAccount: "api", permissions: [.allow(["s3:GetObject"], on: ["*"])])
    }
    #expect(synthesisErrors(stack) == [
      "\(Self.file):\(line):23: error: workload identity 'billing' is handed out by EKS Pod Identity, but cluster 'main' has no eks-pod-identity-agent addon; add Cluster.Addon(\"eks-pod-identity-agent\") to the cluster's addons [workload-identity-without-agent]"
    ])
  }

  /// The inline policy of `identity`'s role, as the statements jsonencode is given.
  private func statements(_ configuration: TerraformConfiguration, of identity: String) throws -> [Expr] {
    let policy = try #require(configuration.resources.first { $0.type == "aws_iam_role_policy" && $0.name == "\(identity)_permissions" })
    guard case .call(_, let arguments)? = policy.body["policy"], case .object(let document)? = arguments.first,
      case .list(let statements)? = document["Statement"]
    else { Issue.record("no policy document"); return [] }
    return statements
  }

  @Test func theLoadBalancerControllerRegistersPodsInTheGroupsItIsGivenAndCreatesNothing() throws {
    let configuration = try stack { cluster in
      WorkloadIdentity.loadBalancerController(
        cluster: cluster, targetGroupArns: ["arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/app/0123456789abcdef"])
    }.synthesize().configuration
    let association = try #require(configuration.resources.first { $0.type == "aws_eks_pod_identity_association" })
    #expect(association.body["namespace"] == "kube-system")
    #expect(association.body["service_account"] == "aws-load-balancer-controller")
    let statements = try statements(configuration, of: "aws_load_balancer_controller")
    #expect(statements.count == 2)
    #expect(statements.last == [
      "Effect": "Allow", "Action": ["elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:RegisterTargets"],
      "Resource": ["arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/app/0123456789abcdef"],
    ])
    // Every action on every resource is a read.
    guard case .object(let describe) = statements[0], case .list(let actions)? = describe["Action"] else { return }
    #expect(describe["Resource"] == ["*"])
    #expect(actions.allSatisfy { $0.stringValue?.split(separator: ":").last?.hasPrefix("Describe") == true })
  }

  @Test func certManagerWritesOnlyChallengeRecordsInItsZones() throws {
    let configuration = try stack { cluster in
      WorkloadIdentity.certManager(cluster: cluster, zoneIDs: ["Z0123456789ABCDEFGHIJ"])
      WorkloadIdentity.externalDNS(cluster: cluster, zoneIDs: ["Z0123456789ABCDEFGHIJ"])
    }.synthesize().configuration
    let zone: Expr = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"
    #expect(try statements(configuration, of: "cert_manager") == [
      [
        "Effect": "Allow", "Action": ["route53:ChangeResourceRecordSets"], "Resource": [zone],
        "Condition": [
          "ForAllValues:StringEquals": ["route53:ChangeResourceRecordSetsRecordTypes": ["TXT"]],
          "ForAllValues:StringLike": ["route53:ChangeResourceRecordSetsNormalizedRecordNames": ["_acme-challenge.*"]],
        ],
      ],
      ["Effect": "Allow", "Action": ["route53:ListResourceRecordSets"], "Resource": [zone]],
      ["Effect": "Allow", "Action": ["route53:GetChange"], "Resource": ["arn:aws:route53:::change/*"]],
      ["Effect": "Allow", "Action": ["route53:ListHostedZonesByName"], "Resource": ["*"]],
    ])
    #expect(try statements(configuration, of: "external_dns") == [
      [
        "Effect": "Allow", "Action": ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResource"],
        "Resource": [zone],
      ],
      ["Effect": "Allow", "Action": ["route53:ListHostedZones"], "Resource": ["*"]],
    ])
  }

  @Test func onARejectedClusterItCreatesNothingAndItsOutputsPointBack() {
    let line = #line + 3
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
      let cluster = Cluster("main", version: "v1.31", network: network)
      let identity = WorkloadIdentity("billing", cluster: cluster, namespace: "billing", serviceAccount: "api", permissions: [.allow(["s3:GetObject"], on: ["*"])])
      Output("role", value: identity.roleArn)
    }
    #expect(synthesisErrors(stack) == [
      "\(Self.file):\(line):28: error: cluster 'main': 'v1.31' is not a Kubernetes version as EKS names them; write the major and minor version, e.g. \"1.31\" [invalid-kubernetes-version]",
      "\(Self.file):\(line + 2):13: note: 'platform/role' refers to 'aws_iam_role.billing_role', which 'platform/billing' (at \(Self.file):\(line + 1):38) did not create: its settings, or those of what it builds on, were rejected; fix the errors above [reference-to-rejected-construct]",
    ])
  }
}
