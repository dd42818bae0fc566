/// Writes manifest values as block-style YAML: two-space indentation, one key per line, lists
/// indented under their key, and every string that YAML could read as anything else (a number,
/// a boolean, null, a date, text with indicator characters) double-quoted. Plain and quoted
/// strings alike read back as the same string under YAML 1.1 and 1.2, which is what kubectl,
/// kustomize, Argo CD and Flux parse with.
public struct YAMLWriter {
  /// What is written so far, as UTF-8. Manifests are written as bytes, not as a `String` grown
  /// piece by piece: a platform writes tens of thousands of files, and appending to a `String`
  /// costs several times as much.
  public private(set) var bytes: [UInt8] = []

  /// What is written so far.
  public var text: String { String(decoding: bytes, as: UTF8.self) }

  public init() {}

  /// Writes a comment line (`# …`) per line of `comment`.
  public mutating func comment(_ comment: String) {
    // Lines split at newline bytes: splitting a String into Characters costs more than writing
    // the rest of a small manifest.
    var comment = comment
    comment.withUTF8 { utf8 in
      var start = 0
      while true {
        let end = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.count
        if end == start {
          append("#\n")
        } else {
          append("# ")
          bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<end]))
          bytes.append(UInt8(ascii: "\n"))
        }
        guard end < utf8.count else { break }
        start = end + 1
      }
    }
  }

  /// Writes `value` as a document of its own, after a `---` line.
  public mutating func document(_ value: ManifestValue) {
    append("---\n")
    write(value, indent: 0)
  }

  /// Writes `object` as a document of its own, the same bytes as `document(object.value)`
  /// without building that value first.
  public mutating func document(_ object: KubernetesObject) {
    append("---\n")
    append("apiVersion: ")
    inline(.string(object.apiVersion))
    append("kind: ")
    inline(.string(object.kind))
    append("metadata:\n  name: ")
    inline(.string(object.name))
    if let namespace = object.namespace {
      append("  namespace: ")
      inline(.string(namespace))
    }
    if !object.labels.isEmpty {
      append("  labels:\n")
      write(.sorted(object.labels), indent: 4)
    }
    if let annotations = object.annotationsValue {
      append("  annotations:\n")
      write(annotations, indent: 4)
    }
    for entry in object.body { writeEntry(entry, indent: 0) }
  }

  /// A mapping or list at `indent`, starting on a new line; a scalar followed by a newline.
  private mutating func write(_ value: ManifestValue, indent: Int) {
    switch value {
    case .map(let entries) where !entries.isEmpty:
      for entry in entries {
        spaces(indent)
        writeEntry(entry, indent: indent)
      }
    case .list(let values) where !values.isEmpty:
      for element in values {
        spaces(indent)
        writeElement(element, indent: indent)
      }
    default:
      inline(value)
    }
  }

  /// `key: value`, the line's indentation already written.
  private mutating func writeEntry(_ entry: ManifestValue.Entry, indent: Int) {
    scalar(entry.key)
    switch entry.value {
    case .map(let entries) where !entries.isEmpty:
      append(":\n")
      write(entry.value, indent: indent + 2)
    case .list(let values) where !values.isEmpty:
      append(":\n")
      write(entry.value, indent: indent + 2)
    default:
      append(": ")
      inline(entry.value)
    }
  }

  /// `- element`, the line's indentation already written; a mapping's first entry shares the
  /// dash's line and the rest line up under it.
  private mutating func writeElement(_ element: ManifestValue, indent: Int) {
    append("- ")
    switch element {
    case .map(let entries) where !entries.isEmpty:
      for (index, entry) in entries.enumerated() {
        if index > 0 { spaces(indent + 2) }
        writeEntry(entry, indent: indent + 2)
      }
    case .list(let values) where !values.isEmpty:
      for (index, value) in values.enumerated() {
        if index > 0 { spaces(indent + 2) }
        writeElement(value, indent: indent + 2)
      }
    default:
      inline(element)
    }
  }

  private mutating func spaces(_ count: Int) {
    var left = count
    while left > 0 {
      let some = min(left, Self.blanks.utf8CodeUnitCount)
      bytes.append(contentsOf: UnsafeBufferPointer(start: Self.blanks.utf8Start, count: some))
      left -= some
    }
  }

  private static let blanks: StaticString = "                                "

  private mutating func append(_ text: StaticString) {
    bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  /// A value written on the line of its key or dash (scalars, `{}` and `[]`), and the newline.
  private mutating func inline(_ value: ManifestValue) {
    switch value {
    case .string(let string): scalar(string)
    case .int(let number): bytes.append(contentsOf: String(number).utf8)
    case .bool(let flag): flag ? append("true") : append("false")
    case .fromTerraform(let key): scalar(ManifestValue.placeholder(forKey: key))
    case .map: append("{}")
    case .list: append("[]")
    }
    bytes.append(UInt8(ascii: "\n"))
  }

  /// `string` plain when YAML reads it back as that string, double-quoted otherwise.
  private mutating func scalar(_ string: String) {
    var string = string
    let plain = string.withUTF8 { utf8 in
      guard !Self.needsQuotes(utf8) else { return false }
      bytes.append(contentsOf: utf8)
      return true
    }
    if !plain { bytes.append(contentsOf: Self.quoted(string).utf8) }
  }

  // MARK: - Strings

  /// `string` plain when YAML reads it back as that string, double-quoted otherwise.
  static func scalar(_ string: String) -> String {
    var copy = string
    return copy.withUTF8(needsQuotes) ? quoted(string) : string
  }

  /// Words that YAML 1.1 or 1.2 reads as a boolean, null, infinity or not-a-number, lowercase,
  /// each packed into an integer as ``packedLowercase(_:)`` packs a word.
  private static let keywords: Set<UInt64> = Set(
    ["null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "+.inf", "-.inf", ".nan"].map { word in
      var word = word
      return word.withUTF8 { packedLowercase($0) }
    })

  /// The bytes of a word of up to eight bytes, ASCII letters lowercased, in one integer: a
  /// keyword is found without making a `String` of every short word.
  private static func packedLowercase(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var packed: UInt64 = 0
    for byte in bytes {
      let isUpper = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
      packed = packed << 8 | UInt64(isUpper ? byte | 0x20 : byte)
    }
    return packed
  }

  /// Whether the string of these UTF-8 bytes is quoted: manifests hold tens of thousands of
  /// short strings, and this runs on every one of them.
  private static func needsQuotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
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
    if bytes.count <= 5, keywords.contains(packedLowercase(bytes)) { return true }
    // Numbers in any base, floats, dates and YAML 1.1's base-60 numbers.
    guard isDigit(first) || first == UInt8(ascii: ".") else { return false }
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"),
        UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "x"),
        UInt8(ascii: "X"), UInt8(ascii: "o"), UInt8(ascii: "O"):
        continue
      default: return false
      }
    }
    return true
  }

  /// A double-quoted YAML string: JSON's escapes, which YAML's double-quoted style shares (and
  /// PromQL's string literals, which follow Go's).
  public static func quoted(_ string: String) -> String {
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
