import Foundation
@testable import InfraCLI
import InfraKit
import InfraTestSupport
import Testing

/// `infra graph`: each resource and referenced variable once, grouped by the construct that
/// made it, an arrow for each reference and `depends_on`, and output Graphviz draws.
@Suite struct StackGraphTests {
  /// A network of one subnet in a construct, a bucket that waits for it, and a variable.
  private static func stack() throws -> SynthesizedStack {
    try Stack("shop", environment: .development) {
      let name = Variable("bucket_name", type: "string")
      let core = Construct("core")
      let vpc = Resource("vpc", type: "aws_vpc", in: core, ["cidr_block": "10.0.0.0/16"])
      Resource("subnet", type: "aws_subnet", in: core, ["vpc_id": vpc["id"], "cidr_block": "10.0.1.0/24"])
      let bucket = Resource("bucket", type: "aws_s3_bucket", ["bucket": name.value])
      bucket.dependsOn = [vpc]
    }.synthesize()
  }

  @Test func dotGroupsByConstructAndDrawsEachReferenceOnce() throws {
    #expect(
      StackGraph(try Self.stack()).dot == """
        digraph "shop" {
          rankdir=LR;
          node [shape=box, fontname="Helvetica", fontsize=10];
          n0 [label="aws_s3_bucket.bucket"];
          n3 [label="var.bucket_name"];
          subgraph cluster_1 {
            label="core";
            n1 [label="aws_subnet.core_subnet"];
            n2 [label="aws_vpc.core_vpc"];
          }
          n0 -> n2;
          n0 -> n3;
          n1 -> n2;
        }

        """)
  }

  @Test func mermaidIsTheSameGraph() throws {
    #expect(
      StackGraph(try Self.stack()).mermaid == """
        flowchart LR
          n0["aws_s3_bucket.bucket"]
          n3["var.bucket_name"]
          subgraph g1["core"]
            n1["aws_subnet.core_subnet"]
            n2["aws_vpc.core_vpc"]
          end
          n0 --> n2
          n0 --> n3
          n1 --> n2

        """)
  }

  @Test(arguments: ["dev", "staging", "prod-eu-west-1", "prod-us-east-1"])
  func eachShippedStackRendersWithGraphviz(stack: String) throws {
    let result = try runInfra(["graph", "--stack", stack], in: repositoryRoot)
    #expect(result.status == 0, "\(result.standardError)")
    guard let dot = executableOnPath("dot") else {
      print("SKIPPED: infra graph of \(stack) rendered with Graphviz: dot is not installed (Debian's graphviz)")
      return
    }
    let directory = try makeTemporaryDirectory()
    try writeText(result.standardOutput, to: "\(directory)/\(stack).dot")
    let rendered = try runProcess(dot, ["-Tsvg", "-o", "\(directory)/\(stack).svg", "\(directory)/\(stack).dot"])
    #expect(rendered.status == 0, "\(rendered.standardError)")
    #expect(rendered.standardError == "")
  }

  /// docs/graphs holds the DOT of two shipped stacks and its SVG: the DOT is what `infra graph`
  /// draws now, and the SVG has a label for each of its boxes and groups, so it was rendered from
  /// it (`RECORD_SNAPSHOTS=1` renders it again with dot).
  @Test(arguments: ["dev", "prod-eu-west-1"])
  func theDocumentedPicturesAreOfTheStacksAsTheyAre(stack: String) throws {
    let result = try runInfra(["graph", "--stack", stack], in: repositoryRoot)
    #expect(result.status == 0, "\(result.standardError)")
    assertSnapshot(Array(result.standardOutput.utf8), named: "graphs/\(stack).dot", in: "docs")
    let svgPath = "\(repositoryRoot)/docs/graphs/\(stack).svg"
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1", let dot = executableOnPath("dot") {
      let rendered = try runProcess(dot, ["-Tsvg", "-o", svgPath, "\(repositoryRoot)/docs/graphs/\(stack).dot"])
      #expect(rendered.status == 0, "\(rendered.standardError)")
    }
    let svg = try String(contentsOfFile: svgPath, encoding: .utf8)
    #expect(Self.labels(inSVG: svg) == Self.labels(inDOT: result.standardOutput))
  }

  /// Every `label="…"` of a DOT graph (boxes and groups), sorted.
  private static func labels(inDOT dot: String) -> [String] {
    dot.split(separator: "\n").compactMap { line -> String? in
      guard let start = line.range(of: "label=\"") else { return nil }
      let rest = line[start.upperBound...]
      return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }.sorted()
  }

  /// Every text of an SVG, entities decoded, sorted.
  private static func labels(inSVG svg: String) -> [String] {
    svg.split(separator: "<text").dropFirst().compactMap { element -> String? in
      guard let open = element.firstIndex(of: ">"), let close = element.range(of: "</text>") else { return nil }
      return String(element[element.index(after: open)..<close.lowerBound])
        .replacingOccurrences(of: "&#45;", with: "-").replacingOccurrences(of: "&lt;", with: "<")
        .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
        .replacingOccurrences(of: "&amp;", with: "&")
    }.sorted()
  }

  @Test func moreThanOneStackIsBadInput() throws {
    let result = try runInfra(["graph"], in: repositoryRoot)
    #expect(result.status == 2)
    #expect(
      result.standardError
        == "infra: error: graph draws one stack, and 4 were chosen (dev, prod-eu-west-1, prod-us-east-1, staging); name one with --stack or as an argument [graph-one-stack]\n"
    )
  }
}
