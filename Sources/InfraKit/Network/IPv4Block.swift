/// An IPv4 address block in CIDR notation: `10.0.0.0/16`.
///
/// Parsed strictly, so a typo is an error rather than a different network: four decimal octets
/// without leading zeros, a prefix length from 0 to 32, and no host bits set (`10.0.1.0/16` is
/// rejected, naming `10.0.0.0/16`).
public struct IPv4Block: Hashable, Sendable, CustomStringConvertible, Comparable {
  /// The first address, as a 32-bit number.
  public let address: UInt32
  public let prefixLength: Int

  public init(address: UInt32, prefixLength: Int) {
    precondition((0...32).contains(prefixLength), "prefix length \(prefixLength) is not between 0 and 32")
    self.address = address & Self.mask(prefixLength)
    self.prefixLength = prefixLength
  }

  /// Parses `text`, or says what is wrong with it.
  public static func parse(_ text: String) -> Result<IPv4Block, ParseError> {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let prefix = decimal(parts[1]), prefix <= 32 else {
      return .failure(ParseError("'\(text)' is not an IPv4 CIDR block such as 10.0.0.0/16"))
    }
    let octets = parts[0].split(separator: ".", omittingEmptySubsequences: false)
    guard octets.count == 4 else {
      return .failure(ParseError("'\(text)' is not an IPv4 CIDR block such as 10.0.0.0/16"))
    }
    var address: UInt32 = 0
    for octet in octets {
      guard let value = decimal(octet), value <= 255 else {
        return .failure(ParseError("'\(text)' is not an IPv4 CIDR block such as 10.0.0.0/16"))
      }
      address = address << 8 | UInt32(value)
    }
    let block = IPv4Block(address: address, prefixLength: prefix)
    guard block.address == address else {
      return .failure(ParseError("'\(text)' has bits set after its /\(prefix) prefix; the block is \(block)"))
    }
    return .success(block)
  }

  /// The number of addresses in the block.
  public var size: UInt64 { UInt64(1) << UInt64(32 - prefixLength) }

  /// The last address of the block.
  public var lastAddress: UInt32 { address | ~Self.mask(prefixLength) }

  /// Whether `other` lies wholly inside this block.
  public func contains(_ other: IPv4Block) -> Bool {
    other.prefixLength >= prefixLength && other.address & Self.mask(prefixLength) == address
  }

  /// Whether the two blocks share any address.
  public func overlaps(_ other: IPv4Block) -> Bool {
    contains(other) || other.contains(self)
  }

  /// The `index`th block of length `prefixLength` inside this one, or nil when it does not fit.
  public func subnet(prefixLength newLength: Int, index: Int) -> IPv4Block? {
    guard newLength >= prefixLength, newLength <= 32, index >= 0 else { return nil }
    let count = UInt64(1) << UInt64(newLength - prefixLength)
    guard UInt64(index) < count else { return nil }
    let step = UInt64(1) << UInt64(32 - newLength)
    return IPv4Block(address: address + UInt32(UInt64(index) * step), prefixLength: newLength)
  }

  public var description: String {
    let octets = (0..<4).map { String((address >> UInt32(24 - 8 * $0)) & 0xFF) }
    return octets.joined(separator: ".") + "/\(prefixLength)"
  }

  public static func < (lhs: IPv4Block, rhs: IPv4Block) -> Bool {
    (lhs.address, lhs.prefixLength) < (rhs.address, rhs.prefixLength)
  }

  /// Why a text is not a CIDR block.
  public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
  }

  private static func mask(_ prefixLength: Int) -> UInt32 {
    prefixLength == 0 ? 0 : UInt32.max << UInt32(32 - prefixLength)
  }

  /// A decimal number without a sign or leading zeros (`0` itself is fine), up to 3 digits.
  private static func decimal(_ text: Substring) -> Int? {
    guard !text.isEmpty, text.count <= 3, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    if text.count > 1 && text.first == "0" { return nil }
    return Int(text)
  }
}
