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
        text += String(repeating: " ", count: indent)
        writeEntry(entry, indent: indent)
      }
    case .list(let values) where !values.isEmpty:
      for element in values {
        text += String(repeating: " ", count: indent)
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
        if index > 0 { text += String(repeating: " ", count: indent + 2) }
        writeEntry(entry, indent: indent + 2)
      }
    case .list(let values) where !values.isEmpty:
      for (index, value) in values.enumerated() {
        if index > 0 { text += String(repeating: " ", count: indent + 2) }
        writeElement(value, indent: indent + 2)
      }
    default:
      text += Self.inline(element) + "\n"
    }
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
    guard let first = string.unicodeScalars.first, let last = string.unicodeScalars.last else { return true }
    if keywords.contains(string.lowercased()) { return true }
    // Letters, digits and a few punctuation marks that are never indicators inside a word.
    let allowed = string.unicodeScalars.allSatisfy { scalar in
      (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
        || "-._/:=+@".unicodeScalars.contains(scalar)
    }
    guard allowed, first.properties.isAlphabetic || ("0"..."9").contains(first) || first == "/" || first == "." else {
      return true
    }
    // `key:` at the end, and `: ` never occurs without a space, but a final colon reads as a key.
    if last == ":" { return true }
    // Numbers in any base, floats, dates and YAML 1.1's base-60 numbers.
    let numeric = string.unicodeScalars.allSatisfy { "0123456789._:+-eExXoOabcdefABCDEF".unicodeScalars.contains($0) }
    return numeric && (("0"..."9").contains(first) || first == ".")
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
