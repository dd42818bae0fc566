import Foundation
import InfraAWS
import InfraCore
import InfraTestSupport
import Terraform
import Testing

/// The example at the top of docs/bindings.md, kept compiling and writing what it says.
@Suite struct DocumentationExampleTests {
  @Test func theBindingsPageExampleSynthesizes() throws {
    let stack = Stack("docs") {}
    var issuerValue: Value<String>?
    stack.within {
      let role = AwsIamRole("cluster", assumeRolePolicy: "{}")
      let key = AwsKmsKey("secrets", enableKeyRotation: true)
      let subnetA = AwsSubnet("a", vpcId: "vpc-1", cidrBlock: "10.0.0.0/24")
      let subnetB = AwsSubnet("b", vpcId: "vpc-1", cidrBlock: "10.0.1.0/24")
      // From docs/bindings.md:
      let cluster = AwsEksCluster(
        "main", name: "platform-prod", roleArn: role.arn,
        vpcConfig: .init(subnetIds: [subnetA.id, subnetB.id], endpointPrivateAccess: true, endpointPublicAccess: false),
        enabledClusterLogTypes: ["api", "audit", "authenticator"],
        encryptionConfig: .init(provider: .init(keyArn: key.arn), resources: ["secrets"]))
      let issuer = cluster.identity[0].oidc[0].issuer        // Value<String>
      issuerValue = issuer
    }
    #expect(issuerValue?.expression == .reference(.resource(type: "aws_eks_cluster", name: "main").attribute("identity")[0].attribute("oidc")[0].attribute("issuer")))
    let json = String(decoding: try stack.synthesize().configuration.json(), as: UTF8.self)
    #expect(json.contains(#""role_arn": "${aws_iam_role.cluster.arn}""#))
    #expect(json.contains(#""key_arn": "${aws_kms_key.secrets.arn}""#))
    #expect(json.contains(#""endpoint_public_access": false"#))

    let page = try String(contentsOfFile: repositoryRoot + "/docs/bindings.md", encoding: .utf8)
    let source = try String(contentsOfFile: #filePath, encoding: .utf8)
    let example = try #require(page.components(separatedBy: "```swift\n").dropFirst().first?.components(separatedBy: "```").first)
    for line in example.split(separator: "\n") {
      #expect(source.contains(line.trimmingCharacters(in: .whitespaces)), "docs/bindings.md line not in this test: \(line)")
    }
  }
}
