/// Writes manifest values as block-style YAML: two-space indentation, one key per line, lists
/// indented under their key, and every string that YAML could read as anything else (a number,
/// a boolean, null, a date, text with indicator characters) double-quoted. Plain and quoted
/// strings alike read back as the same string under YAML 1.1 and 1.2, which is what kubectl,
/// kustomize, Argo CD and Flux parse with.
public struct YAMLWriter {
  public private(set) var text = ""

  public init() {}

  /// Writes a comment line (`# …`) per line of `comment`.
  public mutating func comment(_ comment: String) {
    for line in comment.split(separator: "\n", omittingEmptySubsequences: false) {
      text += line.isEmpty ? "#\n" : "# \(line)\n"
    }
  }

  /// Writes `value` as a document of its own, after a `---` line.
  public mutating func document(_ value: ManifestValue) {
    text += "---\n"
    write(value, indent: 0)
  }

  /// A mapping or list at `indent`, starting on a new line; a scalar followed by a newline.
  private mutating func write(_ value: ManifestValue, indent: Int) {
    switch value {
    case .map(let entries) where !entries.isEmpty:
      for entry in entries {
        text += Self.spaces(indent)
        writeEntry(entry, indent: indent)
      }
    case .list(let values) where !values.isEmpty:
      for element in values {
        text += Self.spaces(indent)
        writeElement(element, indent: indent)
      }
    default:
      text += Self.inline(value) + "\n"
    }
  }

  /// `key: value`, the line's indentation already written.
  private mutating func writeEntry(_ entry: ManifestValue.Entry, indent: Int) {
    text += Self.scalar(entry.key) + ":"
    switch entry.value {
    case .map(let entries) where !entries.isEmpty:
      text += "\n"
      write(entry.value, indent: indent + 2)
    case .list(let values) where !values.isEmpty:
      text += "\n"
      write(entry.value, indent: indent + 2)
    default:
      text += " " + Self.inline(entry.value) + "\n"
    }
  }

  /// `- element`, the line's indentation already written; a mapping's first entry shares the
  /// dash's line and the rest line up under it.
  private mutating func writeElement(_ element: ManifestValue, indent: Int) {
    text += "- "
    switch element {
    case .map(let entries) where !entries.isEmpty:
      for (index, entry) in entries.enumerated() {
        if index > 0 { text += Self.spaces(indent + 2) }
        writeEntry(entry, indent: indent + 2)
      }
    case .list(let values) where !values.isEmpty:
      for (index, value) in values.enumerated() {
        if index > 0 { text += Self.spaces(indent + 2) }
        writeElement(value, indent: indent + 2)
      }
    default:
      text += Self.inline(element) + "\n"
    }
  }

  private static let indentation = (0..<32).map { String(repeating: " ", count: $0) }

  private static func spaces(_ count: Int) -> String {
    count < indentation.count ? indentation[count] : String(repeating: " ", count: count)
  }

  /// A value written on the line of its key or dash: scalars, `{}` and `[]`.
  private static func inline(_ value: ManifestValue) -> String {
    switch value {
    case .string(let string): scalar(string)
    case .int(let number): String(number)
    case .bool(let flag): flag ? "true" : "false"
    case .fromTerraform(let key): scalar(ManifestValue.placeholder(forKey: key))
    case .map: "{}"
    case .list: "[]"
    }
  }

  // MARK: - Strings

  /// `string` plain when YAML reads it back as that string, double-quoted otherwise.
  static func scalar(_ string: String) -> String {
    needsQuotes(string) ? quoted(string) : string
  }

  /// Words that YAML 1.1 or 1.2 reads as a boolean, null, infinity or not-a-number.
  private static let keywords: Set<String> = [
    "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "+.inf", "-.inf", ".nan",
  ]

  private static func needsQuotes(_ string: String) -> Bool {
    // Read as UTF-8 bytes: manifests hold tens of thousands of short strings, and this runs on
    // every one of them.
    var string = string
    return string.withUTF8 { bytes in
      guard let first = bytes.first, let last = bytes.last else { return true }
      func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
      func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
      // Letters, digits and a few punctuation marks that are never indicators inside a word.
      for byte in bytes where !isLetter(byte) && !isDigit(byte) {
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "/"), UInt8(ascii: ":"),
          UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "@"):
          continue
        default: return true
        }
      }
      guard isLetter(first) || isDigit(first) || first == UInt8(ascii: "/") || first == UInt8(ascii: ".") else { return true }
      // A final colon reads as a key.
      if last == UInt8(ascii: ":") { return true }
      if bytes.count <= 5, keywords.contains(String(decoding: bytes, as: UTF8.self).lowercased()) { return true }
      // Numbers in any base, floats, dates and YAML 1.1's base-60 numbers.
      guard isDigit(first) || first == UInt8(ascii: ".") else { return false }
      return bytes.allSatisfy { byte in
        isDigit(byte) || (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "f")
          || [UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "+"), UInt8(ascii: "-"),
            UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "o"), UInt8(ascii: "O")].contains(byte)
      }
    }
  }

  /// A double-quoted YAML string: JSON's escapes, which YAML's double-quoted style shares.
  static func quoted(_ string: String) -> String {
    var result = "\""
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      case "\r": result += "\\r"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
        || scalar.value == 0xFEFF || scalar.value == 0x2028 || scalar.value == 0x2029:
        let hex = String(scalar.value, radix: 16, uppercase: true)
        result += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
