/// An AWS region, e.g. `.euWest1` or `Region("ap-southeast-2")`.
///
/// A code without the shape of a region's is kept as written and reported, at the line of the
/// provider configuration that uses it, when the stack is synthesized.
public struct Region: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
  /// The region's code: `eu-west-1`.
  public let code: String

  public init(_ code: String) {
    self.code = code
  }

  /// Whether the code has the shape of a region code.
  public var isValid: Bool { Self.isValid(code) }

  /// Whether `code` has the shape of a region code: lowercase words and a number joined by
  /// hyphens, `eu-west-1`, `us-gov-west-1`.
  public static func isValid(_ code: String) -> Bool {
    let parts = code.split(separator: "-", omittingEmptySubsequences: false)
    return parts.count >= 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) } }
      && parts.last!.allSatisfy(\.isNumber)
  }

  public init(stringLiteral value: String) { self.init(value) }

  public var description: String { code }

  /// The availability zone `letter` of this region: `eu-west-1a`.
  public func zone(_ letter: Character) -> String { code + String(letter) }

  public static let usEast1 = Region("us-east-1")
  public static let usEast2 = Region("us-east-2")
  public static let usWest2 = Region("us-west-2")
  public static let euWest1 = Region("eu-west-1")
  public static let euWest2 = Region("eu-west-2")
  public static let euCentral1 = Region("eu-central-1")
  public static let euNorth1 = Region("eu-north-1")
  public static let apSoutheast1 = Region("ap-southeast-1")
  public static let apSoutheast2 = Region("ap-southeast-2")
  public static let apNortheast1 = Region("ap-northeast-1")
}
