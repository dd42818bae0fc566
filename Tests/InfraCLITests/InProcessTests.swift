import Foundation
@testable import InfraCLI
import InfraKit
import InfraTestSupport
import Testing

/// The CLI run in-process over stacks a test defines, as a team's own executable runs it.
@Suite struct InProcessTests {
  @Test func aStackWithAnErrorStopsEverythingAndWritesNothing() throws {
    let directory = try makeTemporaryDirectory()
    let status = Infra.run(["synth", "--out", directory + "/out"]) {
      [
        Stack("fine") { Resource("vpc", type: "aws_vpc") },
        Stack("broken") {
          Resource("vpc", type: "aws_vpc")
          Resource("vpc", type: "aws_vpc")
        },
      ]
    }
    #expect(status == 2)
    #expect(!FileManager.default.fileExists(atPath: directory + "/out"))
  }

  /// The probe of issue 18: a rejected construct whose outputs are read exits 2 with the
  /// construct's own error, and writes nothing; it never traps.
  @Test func aRejectedConstructWhoseOutputsAreReadIsBadInputNotACrash() throws {
    let directory = try makeTemporaryDirectory()
    let status = Infra.run(["synth", "--out", directory + "/out"]) {
      [
        Stack("probe", environment: .production, region: .euWest1) {
          let network = Network("core", cidr: "10.0.0.0/33", zones: ["eu-west-1a", "eu-west-1b"])
          Output("vpc_id", value: network.vpcID)
        }
      ]
    }
    #expect(status == 2)
    #expect(!FileManager.default.fileExists(atPath: directory + "/out"))
  }

  @Test func aTeamsOwnStacksSynthesize() throws {
    let directory = try makeTemporaryDirectory()
    let status = Infra.run(["synth", "--out", directory]) {
      [Stack("team", environment: .production, region: .usEast2) { Resource("bucket", type: "aws_s3_bucket", ["bucket_prefix": "team-"]) }]
    }
    #expect(status == 0)
    let json = try #require(FileManager.default.contents(atPath: directory + "/team/main.tf.json"))
    #expect(String(decoding: json, as: UTF8.self).contains(#""bucket_prefix": "team-""#))
  }

  @Test func countsReadAsEnglish() {
    #expect(1.counted("resource") == "1 resource")
    #expect(0.counted("resource") == "0 resources")
    #expect(23.counted("resource") == "23 resources")

  }
}

/// Bad input to the CLI library: each ends with exit code 2 and writes nothing.
@Suite struct InProcessBadInputTests {
  @Test func stacksWhoseNamesDifferOnlyInCaseAreRejected() throws {
    let directory = try makeTemporaryDirectory()
    let status = Infra.run(["synth", "--out", directory + "/out"]) {
      [Stack("prod") { Resource("a", type: "aws_vpc") }, Stack("Prod") { Resource("b", type: "aws_vpc") }]
    }
    #expect(status == 2)
    #expect(!FileManager.default.fileExists(atPath: directory + "/out"))
  }

  @Test func noStacksAtAllIsBadInput() throws {
    let empty = try makeTemporaryDirectory()
    #expect(Infra.run(["synth", "--stacks", empty, "--out", empty + "/out"]) { [] } == 2)
    #expect(Infra.run(["list", "--stacks", empty]) { [] } == 2)
    #expect(!FileManager.default.fileExists(atPath: empty + "/out"))
  }

  @Test func swiftStacksAndTheStackFilesOfANamedFolderWorkTogether() throws {
    let folder = try makeTemporaryDirectory()
    try writeText("region: eu-west-1\nenvironment: development\n", to: folder + "/edge.yaml")
    let out = folder + "/out"
    #expect(Infra.run(["synth", "--stacks", folder, "--out", out]) { [Stack("core") { Resource("a", type: "aws_vpc") }] } == 0)
    #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["core", "edge"])
  }

  @Test func anEmptyOutputFolderIsRejected() {
    #expect(Infra.run(["synth", "--out", ""]) { [Stack("s") { Resource("a", type: "aws_vpc") }] } == 2)
  }

  @Test func aTerraformPathThatIsNotAnExecutableMeansTheCheckDidNotRun() {
    let status = Infra.run(["validate", "--terraform", "/nonexistent/terraform"]) {
      [Stack("s") { Resource("a", type: "aws_vpc") }]
    }
    #expect(status == 3)
  }
}
