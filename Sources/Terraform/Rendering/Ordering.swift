/// The one key order of every JSON object infra writes: by the UTF-8 bytes of the keys, which
/// is also Unicode code point order. Independent of locale, normalization and platform.
public enum Ordering {
  public static func utf8(_ lhs: String, _ rhs: String) -> Bool {
    lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
  }
}
