/// Words for lists of things in messages.
enum Prose {
  /// `a`, `a and b`, `a, b and c`; or `a, b or c`.
  static func list(_ items: [String], conjunction: String = "and") -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
  }

  /// `` `a` ``, `` `a` and `b` ``, `` `a`, `b` and `c` ``.
  static func codeList(_ names: [String]) -> String {
    list(names.map { "`\($0)`" })
  }
}
