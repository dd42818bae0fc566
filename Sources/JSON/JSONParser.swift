/// Parses JSON text (RFC 8259) from bytes in one pass, without Foundation: plans run to tens
/// of megabytes, and checking one should cost little more than reading it. An object with the
/// same key twice is an error, located at the second.
public struct JSONParser {
  /// Why and where the text is not JSON.
  public struct SyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public let line: Int
    public let column: Int
    /// Whether the text simply stopped: a truncated file.
    public let atEnd: Bool

    public var description: String { "\(line):\(column): \(message)" }
  }

  /// Nesting deeper than this is rejected rather than risking the stack.
  public static let maximumDepth = 512

  private let bytes: UnsafeBufferPointer<UInt8>
  private var position = 0
  private var depth = 0
  /// Where each value starts, by path, when the caller asked for locations.
  private var offsets: [String: Int]? = nil
  /// The path of the value being read, while recording offsets: `["approvals", "[0]", "reason"]`.
  private var path: [String] = []

  private init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  /// The document `bytes` holds.
  public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSON {
    try parse(bytes, recordingLocations: false).document
  }

  /// The document `bytes` holds, and where each of its values starts: for small files whose
  /// errors name a line and column (plans are read without, for speed).
  public static func parseWithLocations(_ bytes: [UInt8]) throws(SyntaxError) -> (document: JSON, locations: Locations) {
    let (document, locations) = try parse(bytes, recordingLocations: true)
    return (document, locations!)
  }

  private static func parse(_ bytes: [UInt8], recordingLocations: Bool) throws(SyntaxError) -> (document: JSON, locations: Locations?) {
    let result: Result<(JSON, Locations?), SyntaxError> = bytes.withUnsafeBufferPointer { buffer in
      var parser = JSONParser(buffer)
      if recordingLocations { parser.offsets = [:] }
      do throws(SyntaxError) {
        parser.skipByteOrderMark()
        parser.skipWhitespace()
        let value = try parser.value()
        parser.skipWhitespace()
        if parser.position < buffer.count { throw parser.error("unexpected text after the JSON value") }
        return .success((value, parser.offsets.map { Locations(bytes: bytes, offsets: $0) }))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  /// Where the values of a document start, by path: `approvals[0].reason`, `""` for the root.
  public struct Locations: Sendable {
    let offsets: [String: Int]
    /// The offset of each line's first byte, so a location costs a binary search, not a scan of
    /// the text before it.
    let lineStarts: [Int]

    init(bytes: [UInt8], offsets: [String: Int]) {
      self.offsets = offsets
      var starts = [0]
      for (index, byte) in bytes.enumerated() where byte == 0x0A { starts.append(index + 1) }
      lineStarts = starts
    }

    /// The line and column (both from 1) where the value at `path` starts.
    public subscript(path: String) -> (line: Int, column: Int)? {
      guard let offset = offsets[path] else { return nil }
      // The last line that starts at or before the offset.
      var low = 0
      var high = lineStarts.count - 1
      while low < high {
        let middle = (low + high + 1) / 2
        if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
      }
      return (low + 1, offset - lineStarts[low] + 1)
    }
  }

  // MARK: - Values

  private mutating func value() throws(SyntaxError) -> JSON {
    guard position < bytes.count else { throw error("the text ends where a value should start") }
    if offsets != nil {
      let key = path.joined()
      offsets![key.hasPrefix(".") ? String(key.dropFirst()) : key] = position
    }
    switch bytes[position] {
    case UInt8(ascii: "{"): return try object()
    case UInt8(ascii: "["): return try array()
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): try literal("true"); return .bool(true)
    case UInt8(ascii: "f"): try literal("false"); return .bool(false)
    case UInt8(ascii: "n"): try literal("null"); return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
    default: throw error("unexpected character '\(Self.printable(bytes[position]))' where a value should start")
    }
  }

  private mutating func object() throws(SyntaxError) -> JSON {
    try enter()
    position += 1
    var members: [String: JSON] = [:]
    skipWhitespace()
    if try peek("}") {
      position += 1
      depth -= 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard try peek("\"") else { throw error("expected a quoted key") }
      let keyStart = position
      let key = try string()
      skipWhitespace()
      guard try peek(":") else { throw error("expected ':' after the key") }
      position += 1
      skipWhitespace()
      if offsets != nil { path.append("." + key) }
      // Readers disagree on which of two equal keys wins (the first, the last, an error), so a
      // document with both means different things to Terraform and to infra: rejected, at the second.
      if members.updateValue(try value(), forKey: key) != nil {
        position = keyStart
        throw error("the key \"\(key)\" appears twice in this object")
      }
      if offsets != nil { path.removeLast() }
      skipWhitespace()
      if try peek(",") {
        position += 1
        continue
      }
      guard try peek("}") else { throw error("expected ',' or '}' in an object") }
      position += 1
      depth -= 1
      return .object(members)
    }
  }

  private mutating func array() throws(SyntaxError) -> JSON {
    try enter()
    position += 1
    var elements: [JSON] = []
    skipWhitespace()
    if try peek("]") {
      position += 1
      depth -= 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      if offsets != nil { path.append("[\(elements.count)]") }
      elements.append(try value())
      if offsets != nil { path.removeLast() }
      skipWhitespace()
      if try peek(",") {
        position += 1
        continue
      }
      guard try peek("]") else { throw error("expected ',' or ']' in an array") }
      position += 1
      depth -= 1
      return .array(elements)
    }
  }

  private mutating func enter() throws(SyntaxError) {
    depth += 1
    if depth > Self.maximumDepth { throw error("nesting deeper than \(Self.maximumDepth) levels") }
  }

  private mutating func literal(_ word: StaticString) throws(SyntaxError) {
    let count = word.utf8CodeUnitCount
    let matches = position + count <= bytes.count
      && (0..<count).allSatisfy { bytes[position + $0] == word.utf8Start[$0] }
    guard matches else {
      if position + count > bytes.count { throw error("the text ends inside '\(word)'", atEnd: true) }
      throw error("unexpected character '\(Self.printable(bytes[position]))' where a value should start")
    }
    position += count
  }

  private mutating func number() throws(SyntaxError) -> Double {
    let start = position
    if bytes[position] == UInt8(ascii: "-") { position += 1 }
    guard position < bytes.count, isDigit(bytes[position]) else { throw error("a number needs digits") }
    if bytes[position] == UInt8(ascii: "0") {
      position += 1
    } else {
      while position < bytes.count && isDigit(bytes[position]) { position += 1 }
    }
    if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
      position += 1
      guard position < bytes.count, isDigit(bytes[position]) else { throw error("a number needs digits after '.'") }
      while position < bytes.count && isDigit(bytes[position]) { position += 1 }
    }
    if position < bytes.count && (bytes[position] | 0x20) == UInt8(ascii: "e") {
      position += 1
      if position < bytes.count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) {
        position += 1
      }
      guard position < bytes.count, isDigit(bytes[position]) else { throw error("a number needs digits in its exponent") }
      while position < bytes.count && isDigit(bytes[position]) { position += 1 }
    }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    guard let value = Double(text) else { throw error("'\(text)' is not a number") }
    return value
  }

  private mutating func string() throws(SyntaxError) -> String {
    position += 1
    let start = position
    // Fast path: no escapes, the bytes are the string.
    while position < bytes.count {
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        position += 1
        return text
      }
      if byte == UInt8(ascii: "\\") { break }
      if byte < 0x20 { throw error("a control character must be escaped inside a string") }
      position += 1
    }
    var scalars = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
    while position < bytes.count {
      let byte = bytes[position]
      switch byte {
      case UInt8(ascii: "\""):
        position += 1
        return String(decoding: scalars, as: UTF8.self)
      case UInt8(ascii: "\\"):
        position += 1
        guard position < bytes.count else { break }
        try escape(into: &scalars)
      case 0..<0x20:
        throw error("a control character must be escaped inside a string")
      default:
        scalars.append(byte)
        position += 1
      }
    }
    throw error("the text ends inside a string", atEnd: true)
  }

  private mutating func escape(into output: inout [UInt8]) throws(SyntaxError) {
    let byte = bytes[position]
    position += 1
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(byte)
    case UInt8(ascii: "b"): output.append(0x08)
    case UInt8(ascii: "f"): output.append(0x0C)
    case UInt8(ascii: "n"): output.append(0x0A)
    case UInt8(ascii: "r"): output.append(0x0D)
    case UInt8(ascii: "t"): output.append(0x09)
    case UInt8(ascii: "u"):
      var scalar = try hex4()
      if (0xD800..<0xDC00).contains(scalar) {
        // A high surrogate must be followed by an escaped low one.
        if position + 6 <= bytes.count && bytes[position] == UInt8(ascii: "\\") && bytes[position + 1] == UInt8(ascii: "u") {
          position += 2
          let low = try hex4()
          guard (0xDC00..<0xE000).contains(low) else { throw error("an unpaired surrogate in a \\u escape") }
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else {
          throw error("an unpaired surrogate in a \\u escape")
        }
      } else if (0xDC00..<0xE000).contains(scalar) {
        throw error("an unpaired surrogate in a \\u escape")
      }
      output.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
    default:
      position -= 1
      throw error("'\\\(Self.printable(byte))' is not a JSON escape")
    }
  }

  private mutating func hex4() throws(SyntaxError) -> UInt32 {
    guard position + 4 <= bytes.count else { throw error("the text ends inside a \\u escape", atEnd: true) }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[position]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: throw error("'\(Self.printable(byte))' is not a hex digit in a \\u escape")
      }
      value = value << 4 | UInt32(digit)
      position += 1
    }
    return value
  }

  // MARK: - Helpers

  /// Whether the next byte is `character`; the end of the text is an error.
  private func peek(_ character: Unicode.Scalar) throws(SyntaxError) -> Bool {
    guard position < bytes.count else { throw error("the text ends inside a value", atEnd: true) }
    return bytes[position] == UInt8(ascii: character)
  }

  private mutating func skipWhitespace() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x0A, 0x0D, 0x09: position += 1
      default: return
      }
    }
  }

  private mutating func skipByteOrderMark() {
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
  }

  private func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  private static func printable(_ byte: UInt8) -> String {
    byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\u{\(String(byte, radix: 16))}"
  }

  /// An error at the current position, with the line and column counted only now.
  private func error(_ message: String, atEnd: Bool? = nil) -> SyntaxError {
    let (line, column) = Self.lineAndColumn(of: min(position, bytes.count), in: bytes)
    return SyntaxError(message: message, line: line, column: column, atEnd: atEnd ?? (position >= bytes.count))
  }

  /// The line and column (both from 1, the column in bytes) of the byte at `offset`.
  static func lineAndColumn<Bytes: RandomAccessCollection<UInt8>>(of offset: Int, in bytes: Bytes) -> (line: Int, column: Int)
  where Bytes.Index == Int {
    var line = 1
    var lineStart = 0
    for index in 0..<offset where bytes[index] == 0x0A {
      line += 1
      lineStart = index + 1
    }
    return (line, offset - lineStart + 1)
  }
}
