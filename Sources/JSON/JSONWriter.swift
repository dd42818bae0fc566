/// Writes JSON text into a byte buffer: two-space indentation, one value per line, a trailing
/// newline, and the JSON string escapes (quotes, backslash, control characters). Non-ASCII
/// text is written as UTF-8, unescaped.
///
/// The writer does not sort: callers emit object keys in the order they want them written
/// (Terraform's `ConfigurationRenderer` sorts every object by the UTF-8 bytes of its keys). It also does
/// not check structure beyond what the pretty-printing needs; misuse is a programming error.
public struct JSONWriter {
  /// The JSON text written so far.
  public private(set) var bytes: [UInt8] = []

  /// For every open container, whether it has received an element yet.
  private var containerHasElements: [Bool] = []
  /// Set by ``key(_:)``: the next value follows the key on the same line.
  private var afterKey = false

  public init(reservingCapacity capacity: Int = 0) {
    bytes.reserveCapacity(capacity)
  }

  /// Ends the document with a newline and returns its bytes.
  public mutating func finish() -> [UInt8] {
    precondition(containerHasElements.isEmpty, "JSONWriter.finish() called inside a container")
    bytes.append(UInt8(ascii: "\n"))
    return bytes
  }

  // MARK: - Containers

  public mutating func beginObject() {
    beginValue()
    bytes.append(UInt8(ascii: "{"))
    containerHasElements.append(false)
  }

  public mutating func endObject() {
    endContainer(closing: UInt8(ascii: "}"))
  }

  public mutating func beginArray() {
    beginValue()
    bytes.append(UInt8(ascii: "["))
    containerHasElements.append(false)
  }

  public mutating func endArray() {
    endContainer(closing: UInt8(ascii: "]"))
  }

  /// Writes an object key; the next call writes its value.
  public mutating func key(_ key: String) {
    startElement()
    appendQuoted(key)
    bytes.append(UInt8(ascii: ":"))
    bytes.append(UInt8(ascii: " "))
    afterKey = true
  }

  // MARK: - Scalars

  /// Writes `value` as a JSON string, exactly (no template escaping).
  public mutating func string(_ value: String) {
    beginValue()
    appendQuoted(value)
  }

  public mutating func int(_ value: Int) {
    beginValue()
    appendASCII(String(value))
  }

  /// Writes a finite double in its shortest round-tripping form (`0.5`, `1e-05`, `3.0`).
  public mutating func double(_ value: Double) {
    precondition(value.isFinite, "JSON has no representation for \(value)")
    beginValue()
    appendASCII(value.description)
  }

  public mutating func bool(_ value: Bool) {
    beginValue()
    appendASCII(value ? "true" : "false")
  }

  public mutating func null() {
    beginValue()
    appendASCII("null")
  }

  // MARK: - Internals

  private mutating func beginValue() {
    if afterKey {
      afterKey = false
    } else if !containerHasElements.isEmpty {
      startElement()
    }
  }

  private mutating func startElement() {
    let last = containerHasElements.count - 1
    precondition(last >= 0, "JSONWriter: an element outside any container")
    if containerHasElements[last] {
      bytes.append(UInt8(ascii: ","))
    } else {
      containerHasElements[last] = true
    }
    newline(depth: containerHasElements.count)
  }

  private mutating func endContainer(closing: UInt8) {
    let hadElements = containerHasElements.removeLast()
    if hadElements {
      newline(depth: containerHasElements.count)
    }
    bytes.append(closing)
  }

  private mutating func newline(depth: Int) {
    bytes.append(UInt8(ascii: "\n"))
    for _ in 0..<(depth * 2) {
      bytes.append(UInt8(ascii: " "))
    }
  }

  private mutating func appendASCII(_ text: String) {
    bytes.append(contentsOf: text.utf8)
  }

  private mutating func appendQuoted(_ text: String) {
    bytes.append(UInt8(ascii: "\""))
    appendEscapedContent(text)
    bytes.append(UInt8(ascii: "\""))
  }

  /// Appends `text` JSON-escaped. Runs of bytes that need no escape are copied in one go.
  private mutating func appendEscapedContent(_ text: String) {
    var text = text
    text.withUTF8 { utf8 in
      var runStart = 0
      for index in 0..<utf8.count {
        let byte = utf8[index]
        guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
          continue
        }
        if runStart < index {
          bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
        }
        appendEscape(for: byte)
        runStart = index + 1
      }
      if runStart < utf8.count {
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
      }
    }
  }

  private mutating func appendEscape(for byte: UInt8) {
    bytes.append(UInt8(ascii: "\\"))
    switch byte {
    case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
    case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
    case 0x0A: bytes.append(UInt8(ascii: "n"))
    case 0x0D: bytes.append(UInt8(ascii: "r"))
    case 0x09: bytes.append(UInt8(ascii: "t"))
    case 0x08: bytes.append(UInt8(ascii: "b"))
    case 0x0C: bytes.append(UInt8(ascii: "f"))
    default:
      let hex: [UInt8] = Array("0123456789abcdef".utf8)
      bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
      bytes.append(hex[Int(byte >> 4)])
      bytes.append(hex[Int(byte & 0x0F)])
    }
  }
}
