import InfraCore
import InfraKit
import InfraYAML

/// One mapping of a stack file read against the keys the schema allows there. Keys it does not
/// know are reported when it is made (with the closest known key); each accessor returns the
/// value or nil, reporting what is wrong, so reading goes on and the whole file is checked.
/// A key written with an empty value (`key:` or `key: ~`) counts as not written.
struct Fields {
  /// What the mapping describes, for messages: "node pool 'gpu'".
  let subject: String
  let location: SourceLocation
  private let mapping: YAMLMapping
  private let problems: Problems

  /// Reads `node` as a mapping of `keys`; nil, after reporting, when it is not a mapping.
  init?(_ node: YAMLNode, _ subject: String, keys: [String], problems: Problems) {
    guard let mapping = problems.reading(node.mapping) else { return nil }
    self.subject = subject
    self.location = node.location
    self.mapping = mapping
    self.problems = problems
    for entry in mapping.entries where !keys.contains(entry.name) {
      let fix =
        Suggestion.closest(to: entry.name, among: keys).map { "did you mean '\($0)'?" }
        ?? "the keys of \(subject) are: \(keys.joined(separator: ", "))"
      problems.error(.unknownKey, "\(subject) has no setting '\(entry.name)'", fix: fix, at: entry.key.location)
    }
  }

  /// The value of `key`, unless it is missing or null.
  subscript(_ key: String) -> YAMLNode? {
    guard let node = mapping[key], !node.isNull else { return nil }
    return node
  }

  /// The key `key` as written, unless its value is missing or null: where a problem with the
  /// setting itself, rather than its value, is reported.
  func keyNode(_ key: String) -> YAMLNode? {
    self[key] == nil ? nil : mapping.entries.first { $0.name == key }?.key
  }

  /// The value of `key`, or nil after reporting that it is missing.
  func required(_ key: String, example: String) -> YAMLNode? {
    if let node = self[key] { return node }
    problems.error(.missingKey, "\(subject) needs '\(key)'", fix: "add '\(key): \(example)'", at: location)
    return nil
  }

  // MARK: - Scalars

  func string(_ node: YAMLNode?) -> String? {
    node.flatMap { problems.reading($0.string) }
  }

  func string(_ key: String) -> String? { string(self[key]) }

  func int(_ key: String, in range: ClosedRange<Int>) -> Int? {
    guard let node = self[key], let value = problems.reading(node.int) else { return nil }
    guard range.contains(value) else {
      let bound = range.upperBound == Int.max ? "\(range.lowerBound) or more" : "from \(range.lowerBound) to \(range.upperBound)"
      problems.error(.invalidValue, "\(subject): '\(key)' is \(value); it must be \(bound)", fix: "choose a value \(bound)", at: node.location)
      return nil
    }
    return value
  }

  /// A number of days that CloudWatch Logs keeps a log group's events: one of those it offers.
  func logRetention(_ key: String) -> LogRetention? {
    guard let node = self[key], let days = problems.reading(node.int) else { return nil }
    guard let retention = LogRetention(days: days) else {
      problems.error(
        .invalidValue, "\(subject): '\(key)' is \(days), which CloudWatch Logs does not offer",
        fix: "choose one of: \(LogRetention.offeredDays)", at: node.location)
      return nil
    }
    return retention
  }

  func bool(_ key: String) -> Bool? {
    self[key].flatMap { problems.reading($0.bool) }
  }

  /// One of `choices`, by its name in the stack file.
  func choice<T>(_ key: String, _ choices: KeyValuePairs<String, T>) -> T? {
    choice(self[key], named: key, choices)
  }

  func choice<T>(_ node: YAMLNode?, named key: String, _ choices: KeyValuePairs<String, T>) -> T? {
    guard let node, let text = string(node) else { return nil }
    if let match = choices.first(where: { $0.key == text }) { return match.value }
    let names = choices.map(\.key)
    let hint = Suggestion.closest(to: text, among: names).map { "did you mean '\($0)'? " } ?? ""
    problems.error(
      .invalidValue, "\(subject): '\(key)' cannot be '\(text)'", fix: "\(hint)choose one of: \(names.joined(separator: ", "))",
      at: node.location)
    return nil
  }

  // MARK: - Collections

  /// The elements of the sequence at `key`; empty when it is missing.
  func elements(_ key: String) -> [YAMLNode] {
    self[key].flatMap { problems.reading($0.sequence) } ?? []
  }

  /// The strings of the sequence at `key`; nil when it is missing, and without the elements
  /// that are not strings.
  func strings(_ key: String) -> [String]? {
    guard let node = self[key], let elements = problems.reading(node.sequence) else { return nil }
    return elements.compactMap { problems.reading($0.string) }
  }

  /// The string-to-string mapping at `key`; nil when it is missing.
  func stringMap(_ key: String) -> [String: String]? {
    guard let node = self[key], let mapping = problems.reading(node.mapping) else { return nil }
    var result: [String: String] = [:]
    for entry in mapping.entries {
      if let value = problems.reading(entry.value.string) { result[entry.name] = value }
    }
    return result
  }

  /// The entries of the mapping at `key`, in order; empty when it is missing.
  func entries(_ key: String) -> [YAMLMapping.Entry] {
    self[key].flatMap { problems.reading($0.mapping) }?.entries ?? []
  }

  // MARK: - Checked texts

  /// The IPv4 CIDR block at `key`, as written.
  func cidr(_ key: String) -> String? {
    cidr(self[key], named: key)
  }

  /// The IPv4 CIDR blocks of the sequence at `key`, as written.
  func cidrs(_ key: String) -> [String]? {
    guard let node = self[key], let elements = problems.reading(node.sequence) else { return nil }
    return elements.compactMap { cidr($0, named: key) }
  }

  private func cidr(_ node: YAMLNode?, named key: String) -> String? {
    guard let node, let text = string(node) else { return nil }
    if case .failure(let error) = IPv4Block.parse(text) {
      problems.error(.invalidValue, "\(subject): \(error)", fix: "correct '\(key)'", at: node.location)
      return nil
    }
    return text
  }

  func error(_ id: StackFileDiagnosticID, _ message: String, fix: String, at node: YAMLNode? = nil) {
    problems.error(id, "\(subject) \(message)", fix: fix, at: node?.location ?? location)
  }
}
