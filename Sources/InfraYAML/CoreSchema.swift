/// The YAML 1.2 core schema's rules for plain scalars, matched on UTF-8 bytes.
enum CoreSchema {
  static func kind(ofPlain text: String) -> YAMLScalar.Kind {
    switch text {
    case "", "~", "null", "Null", "NULL": return .null
    case "true", "True", "TRUE", "false", "False", "FALSE": return .bool
    case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN":
      return .float
    default: break
    }
    let bytes = Array(text.utf8.prefix(2))
    if bytes.count == 2, bytes[0] == UInt8(ascii: "0") {
      if bytes[1] == UInt8(ascii: "o") {
        return isDigits(text.utf8.dropFirst(2), radix: 8) ? .integer : .string
      }
      if bytes[1] == UInt8(ascii: "x") {
        return isDigits(text.utf8.dropFirst(2), radix: 16) ? .integer : .string
      }
    }
    return decimalKind(text.utf8)
  }

  /// `[-+]?[0-9]+` is an integer; `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` a float.
  private static func decimalKind(_ utf8: String.UTF8View) -> YAMLScalar.Kind {
    var index = utf8.startIndex
    if index < utf8.endIndex, utf8[index] == UInt8(ascii: "-") || utf8[index] == UInt8(ascii: "+") {
      index = utf8.index(after: index)
    }
    var integerDigits = 0
    while index < utf8.endIndex, isDecimal(utf8[index]) {
      integerDigits += 1
      index = utf8.index(after: index)
    }
    if index == utf8.endIndex { return integerDigits > 0 ? .integer : .string }
    var fractionDigits = 0
    if utf8[index] == UInt8(ascii: ".") {
      index = utf8.index(after: index)
      while index < utf8.endIndex, isDecimal(utf8[index]) {
        fractionDigits += 1
        index = utf8.index(after: index)
      }
      // `1.` is a float; `.` alone is not.
      if integerDigits == 0 && fractionDigits == 0 { return .string }
    } else if integerDigits == 0 {
      return .string
    }
    if index == utf8.endIndex { return .float }
    guard utf8[index] == UInt8(ascii: "e") || utf8[index] == UInt8(ascii: "E") else { return .string }
    index = utf8.index(after: index)
    if index < utf8.endIndex, utf8[index] == UInt8(ascii: "-") || utf8[index] == UInt8(ascii: "+") {
      index = utf8.index(after: index)
    }
    var exponentDigits = 0
    while index < utf8.endIndex, isDecimal(utf8[index]) {
      exponentDigits += 1
      index = utf8.index(after: index)
    }
    return index == utf8.endIndex && exponentDigits > 0 ? .float : .string
  }

  /// The value of an integer in any of the core schema's forms, or nil when it is not one or
  /// does not fit in an `Int`.
  static func integer(_ text: String) -> Int? {
    if text.hasPrefix("0o") { return Int(text.dropFirst(2), radix: 8) }
    if text.hasPrefix("0x") { return Int(text.dropFirst(2), radix: 16) }
    return Int(text)
  }

  /// Whether `text` is one of the core schema's spellings of infinity (`.inf`, `-.Inf`, …).
  static func isInfinity(_ text: String) -> Bool {
    switch text {
    case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF": return true
    default: return false
    }
  }

  /// The value of a float (or integer) in the core schema's forms.
  static func float(_ text: String) -> Double? {
    switch text {
    case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
    case "-.inf", "-.Inf", "-.INF": return -.infinity
    case ".nan", ".NaN", ".NAN": return .nan
    default: break
    }
    return Double(text)
  }

  private static func isDecimal(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  private static func isDigits(_ bytes: Substring.UTF8View, radix: Int) -> Bool {
    guard !bytes.isEmpty else { return false }
    return bytes.allSatisfy { byte in
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "7"): return true
      case UInt8(ascii: "8"), UInt8(ascii: "9"): return radix >= 10
      case UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): return radix == 16
      default: return false
      }
    }
  }
}
