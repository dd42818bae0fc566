import Foundation
import InfraCLI
import InfraKit
import InfraTestSupport
import Testing

/// README's "Using infra as a library" example, kept compiling and working.
@Suite struct ReadmeExampleTests {
  let stacks: @Sendable () -> [Stack] = {
    [
      Stack("payments-dev", region: .euWest1, defaultTags: ["Team": "payments"]) {
        let vpc = Resource("vpc", type: "aws_vpc", ["cidr_block": "10.40.0.0/16"])
        for zone in ["a", "b"] {
          Resource("private-\(zone)", type: "aws_subnet", [
            "vpc_id": vpc["id"],
            "availability_zone": .string("eu-west-1\(zone)"),
            "cidr_block": .string(zone == "a" ? "10.40.0.0/19" : "10.40.32.0/19"),
          ])
        }
        Output("vpc_id", value: vpc["id"])
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
  }

  @Test func theReadmeShowsThisExample() throws {
    let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../README.md")
    let text = try String(contentsOf: readme, encoding: .utf8)
    #expect(text.contains(#"Stack("payments-dev", region: .euWest1, defaultTags: ["Team": "payments"]) {"#))
    #expect(text.contains(#""cidr_block": .string(zone == "a" ? "10.40.0.0/19" : "10.40.32.0/19"),"#))
  }
}
