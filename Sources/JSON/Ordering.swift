#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one key order of every JSON object infra writes: by the UTF-8 bytes of the keys, which
/// is also Unicode code point order. Independent of locale, normalization and platform.
public enum Ordering {
  public static func utf8(_ lhs: String, _ rhs: String) -> Bool {
    var lhs = lhs
    var rhs = rhs
    // Native strings are contiguous UTF-8, so this is one memcmp.
    return lhs.withUTF8 { left in
      rhs.withUTF8 { right in
        let common = min(left.count, right.count)
        let order = common == 0 ? 0 : memcmp(left.baseAddress!, right.baseAddress!, common)
        return order != 0 ? order < 0 : left.count < right.count
      }
    }
  }
}
