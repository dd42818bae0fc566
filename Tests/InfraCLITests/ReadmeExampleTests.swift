import Foundation
import InfraCLI
import InfraKit
import InfraTestSupport
import Testing

/// README's "Using infra as a library" example, kept compiling and working.
@Suite struct ReadmeExampleTests {
  let stacks: @Sendable () -> [Stack] = {
    [
      Stack("payments-dev", environment: .development, region: .euWest1, account: "444455556666", defaultTags: ["Team": "payments"]) {
        let vpc = AwsVpc("vpc", cidrBlock: "10.40.0.0/16", enableDnsHostnames: true)
        for (zone, cidr) in [("a", "10.40.0.0/19"), ("b", "10.40.32.0/19")] {
          AwsSubnet(
            "private-\(zone)", vpcId: vpc.id, availabilityZone: "eu-west-1\(zone)", cidrBlock: Value(cidr),
            tags: ["Tier": "private"])
        }
        Output("vpc_id", value: vpc.id)
      }
    ]
  }

  @Test func theLibraryExampleSynthesizes() throws {
    let directory = try makeTemporaryDirectory()
    #expect(Infra.run(["synth", "--out", directory], stacks: stacks) == 0)
    let json = try #require(FileManager.default.contents(atPath: directory + "/payments-dev/main.tf.json"))
    let text = String(decoding: json, as: UTF8.self)
    #expect(text.contains(#""vpc_id": "${aws_vpc.vpc.id}""#))
    #expect(text.contains(#""private_b": {"#))
    #expect(text.contains(#""availability_zone": "eu-west-1b""#))
    #expect(text.contains(#""enable_dns_hostnames": true"#))
  }

  @Test func theReadmeShowsThisExample() throws {
    let here = URL(fileURLWithPath: #filePath)
    let readme = try String(
      contentsOf: here.deletingLastPathComponent().appendingPathComponent("../../README.md"), encoding: .utf8)
    let source = try String(contentsOf: here, encoding: .utf8)
    let section = try #require(readme.components(separatedBy: "## Using infra as a library").last)
    let example = try #require(section.components(separatedBy: "```swift\n").dropFirst().first?
      .components(separatedBy: "```").first)
    let lines = example.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty && !$0.hasPrefix("import ") && $0 != "Infra.main(stacks: stacks)" }
    #expect(lines.count > 10)
    for line in lines {
      #expect(source.contains(line), "README line not in this test: \(line)")
    }
  }

  /// README's constructs example is the stack Terraform plans in ConstructPlanTests.
  @Test func theReadmeConstructsExampleIsAPlannedStack() throws {
    let readme = try String(contentsOfFile: repositoryRoot + "/README.md", encoding: .utf8)
    let planned = try String(contentsOfFile: repositoryRoot + "/Tests/InfraCLITests/ConstructPlanTests.swift", encoding: .utf8)
    let section = try #require(readme.components(separatedBy: "production constructs encode").last)
    let example = try #require(section.components(separatedBy: "```swift\n").dropFirst().first?.components(separatedBy: "```").first)
    let lines = example.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    #expect(lines.count == 6)
    for line in lines {
      #expect(planned.contains(line), "README line not in a planned stack: \(line)")
    }
  }
}
