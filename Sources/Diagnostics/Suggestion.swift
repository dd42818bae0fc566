/// "Did you mean …?" for mistyped names: stack names, stack file keys, rule ids, settings.
public enum Suggestion {
  /// The candidate closest to `name` in edit distance, when it is close enough to be a typo.
  public static func closest(to name: String, among candidates: [String]) -> String? {
    let scored = candidates.map { ($0, distance(Array(name), Array($0))) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    return best.1 <= max(2, name.count / 3) ? best.0 : nil
  }

  /// Levenshtein distance.
  private static func distance(_ a: [Character], _ b: [Character]) -> Int {
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
      var current = [i + 1]
      for (j, y) in b.enumerated() {
        current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
      }
      previous = current
    }
    return previous[b.count]
  }
}
