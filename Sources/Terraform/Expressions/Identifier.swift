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
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      let keep = scalar.isASCII && (isStart(UInt8(scalar.value)) || isDigit(UInt8(scalar.value)))
      result.append(keep ? scalar : "_")
    }
    if let first = result.first, !(first.isASCII && isStart(UInt8(first.value))) {
      result.insert("_", at: result.startIndex)
    }
    return result.isEmpty ? "_" : String(result)
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
