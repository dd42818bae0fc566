import InfraKit
import InfraLint
import Testing

/// The look-ups rules follow references with.
@Suite struct LintedStackTests {
  private func linted() throws -> LintedStack {
    let stack = Stack("network", environment: .production, region: .euWest1) {
      let main = Resource("main", type: "aws_vpc", ["cidr_block": "10.0.0.0/16"])
      let other = Resource("other", type: "aws_vpc", ["cidr_block": "10.1.0.0/16"])
      Resource("b", type: "aws_subnet", ["vpc_id": main["id"]])
      Resource("elsewhere", type: "aws_subnet", ["vpc_id": other["id"]])
      // Refers to both, and to `main` twice: listed once under each.
      Resource("a", type: "aws_subnet", ["vpc_id": .list([main["id"], main["arn"], other["id"]])])
      Resource("log", type: "aws_flow_log", ["vpc_id": main["id"]])
    }
    return LintedStack(try stack.synthesize())
  }

  @Test func referrersAreFoundByTypeAndArgumentOnceEachInConfigurationOrder() throws {
    let stack = try linted()
    let main = try #require(stack.resource("aws_vpc.main"))
    let other = try #require(stack.resource("aws_vpc.other"))
    #expect(stack.resources(ofType: "aws_subnet", whose: "vpc_id", refersTo: main).map(\.address) == [
      "aws_subnet.b", "aws_subnet.a",
    ])
    #expect(stack.resources(ofType: "aws_subnet", whose: "vpc_id", refersTo: other).map(\.address) == [
      "aws_subnet.elsewhere", "aws_subnet.a",
    ])
    #expect(stack.resources(ofType: "aws_flow_log", whose: "vpc_id", refersTo: other).isEmpty)
    #expect(stack.resources(ofType: "aws_subnet", whose: "cidr_block", refersTo: main).isEmpty)
  }

  @Test func resourcesOfSeveralTypesComeInConfigurationOrder() throws {
    let stack = try linted()
    #expect(stack.resources(ofTypes: ["aws_flow_log", "aws_vpc"]).map(\.address) == [
      "aws_vpc.main", "aws_vpc.other", "aws_flow_log.log",
    ])
  }
}
