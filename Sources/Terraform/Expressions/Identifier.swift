/// Terraform identifiers: the names of resources, variables, locals, outputs, modules,
/// attributes. A letter or underscore, then letters, digits, underscores and hyphens.
public enum Identifier {
  public static func isValid(_ name: String) -> Bool {
    var name = name
    return name.withUTF8 { bytes in
      guard let first = bytes.first, isStart(first) else { return false }
      return bytes.dropFirst().allSatisfy { isStart($0) || isDigit($0) || $0 == UInt8(ascii: "-") }
    }
  }

  /// `text` turned into a valid identifier: every other character (hyphens included, so ids
  /// read as snake_case) becomes `_`, and a leading
  /// digit or hyphen gets a `_` in front. Empty text gives `_`.
  public static func sanitized(_ text: String) -> String {
    var utf8 = text
    // Most names are identifiers already (`main`, `aws_subnet`, `tenant_0042`): returned as they are.
    let isIdentifier = utf8.withUTF8 { bytes in
      guard let first = bytes.first, isStart(first) else { return false }
      return bytes.allSatisfy { isStart($0) || isDigit($0) }
    }
    if isIdentifier { return text }
    return utf8.withUTF8 { bytes in
      var result: [UInt8] = []
      result.reserveCapacity(bytes.count + 1)
      for byte in bytes {
        if byte < 0x80 {
          result.append(isStart(byte) || isDigit(byte) ? byte : UInt8(ascii: "_"))
        } else if byte >= 0xC0 {
          // The first byte of a character outside ASCII: the character becomes one `_`;
          // its continuation bytes (0x80–0xBF) are dropped.
          result.append(UInt8(ascii: "_"))
        }
      }
      if let first = result.first, !isStart(first) {
        result.insert(UInt8(ascii: "_"), at: 0)
      }
      return result.isEmpty ? "_" : String(decoding: result, as: UTF8.self)
    }
  }

  private static func isStart(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
      || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
      || byte == UInt8(ascii: "_")
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }
}
