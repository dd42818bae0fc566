/// Lines and columns in UTF-8 text, counted the way libyaml counts them: lines break at `\n`,
/// `\r\n`, `\r`, U+0085, U+2028 and U+2029, and columns count characters (Unicode scalars), not
/// bytes. Used only to locate errors, so it favours simplicity over speed.
struct TextPosition: Equatable {
  /// 1-based.
  var line: Int
  /// 1-based.
  var column: Int

  /// The position of the byte at `offset`.
  static func of(byte offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> TextPosition {
    var position = TextPosition(line: 1, column: 1)
    var index = 0
    let end = min(offset, bytes.count)
    while index < end {
      let breakLength = lineBreakLength(at: index, in: bytes)
      if breakLength > 0 {
        position.line += 1
        position.column = 1
        index += breakLength
      } else {
        position.column += 1
        index = nextCharacter(after: index, in: bytes)
      }
    }
    return position
  }

  /// The offset of the first byte of the character at `position`, or nil past the text's end.
  func byteOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var index = 0
    var line = 1
    while line < self.line {
      guard index < bytes.count else { return nil }
      let breakLength = Self.lineBreakLength(at: index, in: bytes)
      if breakLength > 0 {
        line += 1
        index += breakLength
      } else {
        index = Self.nextCharacter(after: index, in: bytes)
      }
    }
    for _ in 1..<column {
      guard index < bytes.count, Self.lineBreakLength(at: index, in: bytes) == 0 else { return nil }
      index = Self.nextCharacter(after: index, in: bytes)
    }
    return index < bytes.count ? index : nil
  }

  private static func lineBreakLength(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    switch bytes[index] {
    case UInt8(ascii: "\n"): return 1
    case UInt8(ascii: "\r"): return index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n") ? 2 : 1
    case 0xC2: return index + 1 < bytes.count && bytes[index + 1] == 0x85 ? 2 : 0
    case 0xE2:
      guard index + 2 < bytes.count, bytes[index + 1] == 0x80 else { return 0 }
      return bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 ? 3 : 0
    default: return 0
    }
  }

  /// Where the character after the one starting at `index` starts: past the continuation bytes
  /// (0x80 to 0xBF) that follow, so that even a broken sequence counts as one column.
  private static func nextCharacter(after index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var next = index + 1
    while next < bytes.count, next - index < 4, bytes[next] & 0xC0 == 0x80 { next += 1 }
    return next
  }
}
