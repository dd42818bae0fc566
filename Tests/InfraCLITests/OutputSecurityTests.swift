import InfraAWS
import InfraKit
import InfraTestSupport
import ReferenceStacks
import Testing

/// No secret and no all-powerful IAM policy in what infra writes: every shipped stack's output is
/// scanned, and the scan is shown to catch each thing it looks for.
@Suite struct OutputSecurityTests {
  private func scan(_ stack: Stack) throws -> OutputSecurityScan {
    try OutputSecurityScan(try stack.synthesize().json(), sensitiveArguments: AWSCatalog.sensitiveArguments)
  }

  @Test(arguments: shippedStackNames)
  func aShippedStackHoldsNoSecretAndNoWildcardPolicy(stack name: String) throws {
    let result = try scan(try ShippedStackTests.stack(name))
    #expect(result.findings == [])
    #expect(result.policiesRead >= 5, "the scan read the policies")
  }

  /// The network written with the typed L1 resources (ReferenceStacks).
  @Test(arguments: ReferenceStacks.all().map(\.name))
  func theL1NetworkHoldsNoSecretAndNoWildcardPolicy(stack name: String) throws {
    let stack = try #require(ReferenceStacks.all().first { $0.name == name })
    let result = try scan(stack)
    #expect(result.findings == [])
    // The flow-logs role's trust policy, its write policy and its key's policy, per network.
    #expect(result.policiesRead == (name == "network-prod" ? 6 : 3), "the scan read the policies")
  }

  /// The production constructs' stacks (the ones Terraform plans in ConstructPlanTests): no
  /// secret, no wildcard policy, and every policy they write could be read.
  @Test(arguments: ConstructPlanTests.names)
  func aConstructStackHoldsNoSecretAndNoWildcardPolicy(stack name: String) throws {
    let result = try scan(ConstructPlanTests.stacks[name]!())
    #expect(result.findings == [])
    #expect(result.policiesRead >= 2, "the scan read the policies")
  }

  @Test func theScanFindsLiteralSecretsAndWildcardPolicies() throws {
    let everything: Expr = ["Version": "2012-10-17", "Statement": [["Effect": "Allow", "Action": "*", "Resource": "*"]]]
    let scoped: Expr = ["Statement": [["Effect": "Allow", "Action": ["s3:*"], "Resource": "*"]]]
    let denied: Expr = ["Statement": [["Effect": "Deny", "Action": "*", "Resource": "*"]]]
    let stack = Stack("planted") {
      let secret = Resource("secret", type: "aws_secretsmanager_secret_version", ["secret_string": "hunter2"])
      Resource("db", type: "aws_db_instance", ["password": "hunter2", "manage_master_user_password": .bool(false)])
      Resource("managed", type: "aws_db_instance", ["password": .reference(secret.reference.attribute("secret_string"))])
      Resource("admin", type: "aws_iam_policy", ["policy": .call("jsonencode", [everything])])
      Resource("legacy", type: "aws_iam_role_policy", ["policy": #"{"Statement": {"Effect": "Allow", "Action": "*:*", "Resource": ["*"]}}"#])
      Resource("s3", type: "aws_iam_policy", ["policy": .call("jsonencode", [scoped])])
      Resource("deny", type: "aws_iam_policy", ["policy": .call("jsonencode", [denied])])
      Resource("odd", type: "aws_iam_policy", ["policy": "not a policy"])
      // Expressions (a reference, a call) are read as opaque values: the literal `*`s still count.
      let federated: Expr = [
        "Statement": [[
          "Effect": "Allow", "Action": "*", "Resource": "*", "Principal": ["Federated": .reference(secret.reference.attribute("arn"))],
          "Condition": ["StringEquals": .call("zipmap", [[.template([.call("replace", [.reference(secret.reference.attribute("id")), "https://", ""]), ":sub"])], ["system:serviceaccount:kube-system:aws-node"]])],
        ]]
      ]
      Resource("federated", type: "aws_iam_policy", ["policy": .call("jsonencode", [federated])])
      // A reference beside `*` is read through: the statement still allows everything.
      let mixed: Expr = ["Statement": [["Effect": "Allow", "Action": "*", "Resource": [.reference(secret.reference.attribute("arn")), "*"]]]]
      Resource("mixed", type: "aws_iam_policy", ["policy": .call("jsonencode", [mixed])])
      let named: Expr = [
        "Statement": [["Effect": "Allow", "Action": "*", "Resource": [.reference(secret.reference.attribute("arn")), "\(Expr.call("split", [":", .reference(secret.reference.attribute("arn"))]))/*"]]]
      ]
      Resource("named", type: "aws_iam_policy", ["policy": .call("jsonencode", [named])])
      Resource("key", type: "tls_private_key", ["private_key_pem": "-----BEGIN", "rsa_bits": 4096])
      // A write on every resource passes only under a condition; a read passes without one.
      let tagged: Expr = [
        "Statement": [
          ["Effect": "Allow", "Action": ["autoscaling:SetDesiredCapacity"], "Resource": "*", "Condition": ["StringEquals": ["aws:ResourceTag/team": "x"]]],
          ["Effect": "Allow", "Action": ["ec2:DescribeSubnets", "route53:ListHostedZones", "pricing:GetProducts"], "Resource": ["*"]],
        ]
      ]
      Resource("tagged", type: "aws_iam_policy", ["policy": .call("jsonencode", [tagged])])
      let untagged: Expr = ["Statement": [["Effect": "Allow", "Action": ["ec2:TerminateInstances", "ec2:Get*"], "Resource": ["*"]]]]
      Resource("untagged", type: "aws_iam_policy", ["policy": .call("jsonencode", [untagged])])
      // A key's own policy is about the key: who may use it matters, not `Resource: "*"`.
      let ownKey: Expr = ["Statement": [["Effect": "Allow", "Principal": ["AWS": "arn:aws:iam::111122223333:root"], "Action": "kms:*", "Resource": "*"]]]
      Resource("own", type: "aws_kms_key_policy", ["key_id": "k", "policy": .call("jsonencode", [ownKey])])
      let openKey: Expr = ["Statement": [["Effect": "Allow", "Principal": ["AWS": "*"], "Action": "kms:Decrypt", "Resource": "*"]]]
      Resource("open", type: "aws_kms_key_policy", ["key_id": "k", "policy": .call("jsonencode", [openKey])])
      Resource(
        "pager", type: "aws_sns_topic_subscription",
        ["protocol": "https", "topic_arn": "t", "endpoint": "https://events.pagerduty.com/integration/0123abcd/enqueue"])
      let pagerURL = Variable("pagerduty_url", type: "string", sensitive: true)
      Resource("pagerFromVariable", type: "aws_sns_topic_subscription", ["protocol": "https", "topic_arn": "t", "endpoint": pagerURL.value])
      DataSource(
        "document", type: "aws_iam_policy_document",
        ["statement": [["effect": "Allow", "actions": ["iam:PassRole"], "resources": ["*"]]]])
    }
    let result = try scan(stack)
    #expect(
      result.findings.sorted() == [
        "aws_db_instance.db: the sensitive argument password holds a literal value",
        "aws_iam_policy.admin policy: allows every action (*) on every resource (*)",
        "aws_iam_policy.federated policy: allows every action (*) on every resource (*)",
        "aws_iam_policy.mixed policy: allows every action (*) on every resource (*)",
        "aws_iam_policy.odd policy: the policy cannot be read by this scan; teach it this form",
        "aws_iam_policy.s3 policy: allows s3:* on every resource (*) without a condition",
        "aws_iam_policy.untagged policy: allows ec2:Get* on every resource (*) without a condition",
        "aws_iam_policy.untagged policy: allows ec2:TerminateInstances on every resource (*) without a condition",
        "aws_iam_role_policy.legacy policy: allows every action (*) on every resource (*)",
        "aws_kms_key_policy.open policy: lets every principal (*) use the key without a condition",
        "aws_secretsmanager_secret_version.secret: the sensitive argument secret_string holds a literal value",
        "aws_sns_topic_subscription.pager: endpoint is a PagerDuty integration URL written as a literal, with its key",
        "data.aws_iam_policy_document.document: allows iam:PassRole on every resource (*) without a condition",
        "tls_private_key.key: private_key_pem holds a literal value",
      ])
    #expect(result.sensitiveArgumentsSeen == 3)
  }
}
