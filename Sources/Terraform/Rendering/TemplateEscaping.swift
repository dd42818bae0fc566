/// Terraform reads every string in an expression position as a template: `${…}` interpolates
/// and `%{…}` is a directive. A string that must stand for itself has both sequences doubled
/// (`$${`, `%%{`), which Terraform reads back as the literal `${` and `%{`.
enum TemplateEscaping {
  /// `text` escaped so that Terraform's template parser yields exactly `text`.
  static func escaped(_ text: String) -> String {
    guard needsEscaping(text) else { return text }
    var result: [UInt8] = []
    result.reserveCapacity(text.utf8.count + 8)
    var previous: UInt8 = 0
    for byte in text.utf8 {
      if byte == UInt8(ascii: "{") && isMarker(previous) {
        result.append(previous)
      }
      result.append(byte)
      previous = byte
    }
    return String(decoding: result, as: UTF8.self)
  }

  private static func isMarker(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "$") || byte == UInt8(ascii: "%")
  }

  /// Whether `text` holds a `${` or a `%{`. Byte-wise (Terraform reads the bytes, not
  /// Swift's grapheme clusters), so the common case costs one pass.
  private static func needsEscaping(_ text: String) -> Bool {
    var previous: UInt8 = 0
    for byte in text.utf8 {
      if byte == UInt8(ascii: "{") && isMarker(previous) {
        return true
      }
      previous = byte
    }
    return false
  }
}
