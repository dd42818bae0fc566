import InfraKit
import Testing

@Suite struct IPv4BlockTests {
  private func block(_ text: String) throws -> IPv4Block { try IPv4Block.parse(text).get() }

  @Test func parsesAndPrintsBlocks() throws {
    #expect(try block("10.0.0.0/16").description == "10.0.0.0/16")
    #expect(try block("0.0.0.0/0").size == 1 << 32)
    #expect(try block("192.168.1.7/32").description == "192.168.1.7/32")
  }

  @Test(arguments: [
    ("10.0.0.0", "'10.0.0.0' is not an IPv4 CIDR block such as 10.0.0.0/16"),
    ("10.0.0.0/33", "'10.0.0.0/33' is not an IPv4 CIDR block such as 10.0.0.0/16"),
    ("10.0.256.0/24", "'10.0.256.0/24' is not an IPv4 CIDR block such as 10.0.0.0/16"),
    ("10.0.01.0/24", "'10.0.01.0/24' is not an IPv4 CIDR block such as 10.0.0.0/16"),
    ("10.0.0/24", "'10.0.0/24' is not an IPv4 CIDR block such as 10.0.0.0/16"),
    (" 10.0.0.0/24", "' 10.0.0.0/24' is not an IPv4 CIDR block such as 10.0.0.0/16"),
    ("10.0.1.0/16", "'10.0.1.0/16' has bits set after its /16 prefix; the block is 10.0.0.0/16"),
  ])
  func rejectsWhatIsNotABlock(text: String, message: String) {
    #expect(throws: IPv4Block.ParseError(message)) { try IPv4Block.parse(text).get() }
  }

  @Test func containmentAndOverlap() throws {
    let vpc = try block("10.0.0.0/16")
    #expect(vpc.contains(try block("10.0.255.0/24")))
    #expect(!vpc.contains(try block("10.1.0.0/24")))
    #expect(!vpc.contains(try block("10.0.0.0/8")))
    #expect(try block("10.0.0.0/8").overlaps(vpc))
    #expect(!(try block("10.0.0.0/24")).overlaps(try block("10.0.1.0/24")))
  }

  @Test func carvesSubnetsInOrder() throws {
    let vpc = try block("10.0.0.0/16")
    #expect(vpc.subnet(prefixLength: 19, index: 0)?.description == "10.0.0.0/19")
    #expect(vpc.subnet(prefixLength: 19, index: 7)?.description == "10.0.224.0/19")
    #expect(vpc.subnet(prefixLength: 19, index: 8) == nil)
    #expect(vpc.subnet(prefixLength: 15, index: 0) == nil)
  }
}
