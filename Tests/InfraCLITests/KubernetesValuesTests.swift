import Foundation
import InfraTestSupport
import Testing

/// `infra kubernetes-values`: Terraform's values, after apply, reach the manifests that read them.
@Suite struct KubernetesValuesTests {
  let directory: String

  init() throws {
    directory = try makeTemporaryDirectory()
    try copyShippedStacks(into: directory)
  }

  private func contents(_ path: String) -> String? {
    FileManager.default.contents(atPath: directory + "/" + path).map { String(decoding: $0, as: UTF8.self) }
  }

  /// What `terraform output -json` prints for the dev stack's tenants once applied (the shape of
  /// Terraform's own output; other outputs of the stack are left out).
  private let outputs = """
    {
      "main_charts": {"sensitive": false, "type": "string", "value": "vpc-id=vpc-0abc\\n"},
      "main_kubernetes": {"sensitive": false, "type": "string",
        "value": "web-app-target-group-arn=arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/app-2026/0123456789abcdef\\n"},
      "acme_kubernetes": {"sensitive": false, "type": "string",
        "value": "database-host=tenant-acme.abc123.eu-west-1.rds.amazonaws.com\\npods-security-group-id=sg-0aaa\\n"},
      "globex_kubernetes": {"sensitive": false, "type": "string",
        "value": "database-host=tenant-globex.abc123.eu-west-1.rds.amazonaws.com\\npods-security-group-id=sg-0bbb\\n"},
      "initech_kubernetes": {"sensitive": false, "type": "string",
        "value": "database-host=tenant-initech.abc123.eu-west-1.rds.amazonaws.com\\npods-security-group-id=sg-0ccc\\n"}
    }
    """

  @Test func writesEachFoldersValuesAndKustomizeFillsThemIn() throws {
    _ = try runInfra(["synth", "--stack", "dev"], in: directory)
    try writeText(outputs, to: directory + "/outputs.json")
    let result = try runInfra(["kubernetes-values", "--stack", "dev", "--outputs", "outputs.json"], in: directory)
    #expect(result.status == 0, "\(result.standardError)")
    #expect(
      result.standardOutput == """
        wrote out/dev/kubernetes/clusters/main/terraform-outputs.env
        wrote out/dev/kubernetes/clusters/main/charts/terraform-outputs.env
        wrote out/dev/kubernetes/tenants/acme/terraform-outputs.env
        wrote out/dev/kubernetes/tenants/globex/terraform-outputs.env
        wrote out/dev/kubernetes/tenants/initech/terraform-outputs.env

        """)
    #expect(
      contents("out/dev/kubernetes/tenants/globex/terraform-outputs.env")
        == "database-host=tenant-globex.abc123.eu-west-1.rds.amazonaws.com\npods-security-group-id=sg-0bbb\n")
    guard let kubectl = ["/usr/local/bin/kubectl", "/usr/bin/kubectl"].first(where: FileManager.default.isExecutableFile) else {
      print("SKIPPED: kubectl kustomize of the tenant's folder with Terraform's values: kubectl is not installed")
      return
    }
    let built = try runProcess(kubectl, ["kustomize", directory + "/out/dev/kubernetes/tenants/globex"])
    #expect(built.status == 0, "\(built.standardError)")
    #expect(built.standardOutput.contains("  groupIds:\n    - sg-0bbb\n"))
    #expect(built.standardOutput.contains("  DATABASE_HOST: tenant-globex.abc123.eu-west-1.rds.amazonaws.com\n"))
    #expect(!built.standardOutput.contains("terraform-output"), "no placeholder and no values ConfigMap is applied")
    // Flux's tenants unit builds every tenant folder together, through the kustomization it
    // writes over tenants/: each folder's values ConfigMap has a name of its own.
    try writeText(
      "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [acme, globex, initech]\n",
      to: directory + "/out/dev/kubernetes/tenants/kustomization.yaml")
    let tenants = try runProcess(kubectl, ["kustomize", directory + "/out/dev/kubernetes/tenants"])
    #expect(tenants.status == 0, "\(tenants.standardError)")
    #expect(tenants.standardOutput.components(separatedBy: "\nkind: Namespace\n").count == 4)
    #expect(!tenants.standardOutput.contains("terraform-output"))
    // The load balancer's target group reaches the controller's binding, the VPC its release.
    let cluster = try runProcess(kubectl, ["kustomize", directory + "/out/dev/kubernetes/clusters/main"])
    #expect(cluster.status == 0, "\(cluster.standardError)")
    #expect(cluster.standardOutput.contains("  targetGroupARN: arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/app-2026/0123456789abcdef\n"))
    #expect(!cluster.standardOutput.contains("terraform-output"))
    let charts = try runProcess(kubectl, ["kustomize", directory + "/out/dev/kubernetes/clusters/main/charts"])
    #expect(charts.standardOutput.contains("    vpcId: vpc-0abc\n"), "\(charts.standardError)")
  }

  @Test func anOutputMissingWritesNothingAndSaysToApplyFirst() throws {
    _ = try runInfra(["synth", "--stack", "dev"], in: directory)
    try writeText(#"{"main_charts": {"sensitive": false, "type": "string", "value": "x=y\n"}, "main_kubernetes": {"sensitive": false, "type": "string", "value": "x=y\n"}}"#, to: directory + "/outputs.json")
    let result = try runInfra(["kubernetes-values", "--stack", "dev", "--outputs", "outputs.json"], in: directory)
    #expect(result.status == 2)
    #expect(
      result.standardError
        == "outputs.json: error: there is no output 'acme_kubernetes', which the manifests in kubernetes/tenants/acme read; apply the stack 'dev' with the configuration infra synth wrote, then run terraform output -json again [output-missing]\n"
    )
    #expect(contents("out/dev/kubernetes/clusters/main/terraform-outputs.env") == nil)
  }

  @Test func oneStackMustBeNamed() throws {
    let result = try runInfra(["kubernetes-values"], in: directory)
    #expect(result.status == 2)
    #expect(result.standardError.hasPrefix("Error: name the one stack whose outputs these are with --stack\n"))
  }
}
