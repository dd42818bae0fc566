/// Recognizes text that is UTF-16 or UTF-32 rather than UTF-8, from its first bytes (a byte
/// order mark, or the zero bytes of an ASCII first character), as the YAML specification does.
enum Encoding {
  static func hasUTF8ByteOrderMark(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
  }

  /// The encoding's name when `bytes` start like UTF-16 or UTF-32 text, nil otherwise.
  static func utf16or32(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    let first = Array(bytes.prefix(4)) + Array(repeating: 0xAA, count: max(0, 4 - bytes.count))
    switch (first[0], first[1], first[2], first[3]) {
    case (0, 0, 0xFE, 0xFF): return "UTF-32 (big-endian)"
    case (0, 0, 0, let byte) where byte != 0 && bytes.count >= 4: return "UTF-32 (big-endian)"
    case (0xFF, 0xFE, 0, 0) where bytes.count >= 4: return "UTF-32 (little-endian)"
    case (let byte, 0, 0, 0) where byte != 0 && bytes.count >= 4: return "UTF-32 (little-endian)"
    case (0xFE, 0xFF, _, _): return "UTF-16 (big-endian)"
    case (0xFF, 0xFE, _, _): return "UTF-16 (little-endian)"
    case (0, let byte, _, _) where byte != 0 && bytes.count >= 2: return "UTF-16 (big-endian)"
    case (let byte, 0, _, _) where byte != 0 && bytes.count >= 2: return "UTF-16 (little-endian)"
    default: return nil
    }
  }
}
