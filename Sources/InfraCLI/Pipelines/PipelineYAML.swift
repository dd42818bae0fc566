import Manifests

/// A CI pipeline file's content: mappings in the order written, lists, scalars, and shell
/// scripts, which are written as literal blocks (`run: |`) so that a reviewer reads them as
/// shell, not as one quoted line (a one-line script that needs no quotes stays on its key's line).
indirect enum PipelineYAML: Equatable, Sendable {
  case string(String)
  case bool(Bool)
  case int(Int)
  case script(String)
  case list([PipelineYAML])
  case map([Entry])

  struct Entry: Equatable, Sendable {
    let key: String
    let value: PipelineYAML
  }

  /// A mapping of the entries that are present, in order.
  static func map(_ entries: KeyValuePairs<String, PipelineYAML?>) -> PipelineYAML {
    .map(entries.compactMap { key, value in value.map { Entry(key: key, value: $0) } })
  }

  static func strings(_ values: [String]) -> PipelineYAML { .list(values.map(PipelineYAML.string)) }

  /// The file: `comments` as `#` lines, then the value, which is a mapping.
  func document(comments: [String]) -> String {
    var text = comments.map { $0.isEmpty ? "#\n" : "# \($0)\n" }.joined()
    write(into: &text, indent: 0)
    return text
  }

  fileprivate func write(into text: inout String, indent: Int) {
    switch self {
    case .map(let entries) where !entries.isEmpty:
      for entry in entries {
        text += String(repeating: " ", count: indent)
        entry.write(into: &text, indent: indent)
      }
    case .list(let values) where !values.isEmpty:
      for value in values {
        text += String(repeating: " ", count: indent)
        value.writeElement(into: &text, indent: indent)
      }
    default:
      writeInline(into: &text, indent: indent)
    }
  }

  /// `- value`, the indentation already written; a mapping's first entry shares the dash's line.
  private func writeElement(into text: inout String, indent: Int) {
    text += "- "
    switch self {
    case .map(let entries) where !entries.isEmpty:
      for (index, entry) in entries.enumerated() {
        if index > 0 { text += String(repeating: " ", count: indent + 2) }
        entry.write(into: &text, indent: indent + 2)
      }
    default:
      writeInline(into: &text, indent: indent)
    }
  }

  /// A value on its key's or dash's line (a script starts its block there), and the newline.
  private func writeInline(into text: inout String, indent: Int) {
    switch self {
    case .string(let string): text += Self.scalar(string) + "\n"
    case .bool(let flag): text += flag ? "true\n" : "false\n"
    case .int(let number): text += "\(number)\n"
    case .map: text += "{}\n"
    case .list(let values) where values.isEmpty: text += "[]\n"
    case .list: preconditionFailure("a list is written inline only when empty")
    case .script(let script) where !script.contains("\n") && Self.plainIsSafe(script):
      text += script + "\n"
    case .script(let script):
      text += script.hasSuffix("\n") ? "|\n" : "|-\n"
      for line in script.split(separator: "\n", omittingEmptySubsequences: false).dropLast(script.hasSuffix("\n") ? 1 : 0) {
        text += line.isEmpty ? "\n" : String(repeating: " ", count: indent + 2) + line + "\n"
      }
    }
  }

  /// `string` plain where YAML reads it back as that string in block context, double-quoted
  /// otherwise. GitHub's `${{ … }}` expressions stay plain, as its own documentation writes them.
  static func scalar(_ string: String) -> String {
    plainIsSafe(string) ? string : YAMLWriter.quoted(string)
  }

  private static func plainIsSafe(_ string: String) -> Bool {
    guard let first = string.unicodeScalars.first, let last = string.unicodeScalars.last else { return false }
    if "-?:,[]{}#&*!|>'\"%@` ".unicodeScalars.contains(first) || last == " " || last == ":" { return false }
    if string.contains(": ") || string.contains(" #") { return false }
    if string.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return false }
    let lowered = string.lowercased()
    if ["null", "~", "true", "false", "yes", "no", "on", "off", "y", "n"].contains(lowered) { return false }
    // Numbers, dates and versions YAML could read as floats (`1.11`): quoted.
    let second = string.unicodeScalars.dropFirst().first
    let digits: ClosedRange<Unicode.Scalar> = "0"..."9"
    if digits.contains(first) || (".+".unicodeScalars.contains(first) && second.map(digits.contains) == true) { return false }
    if [".inf", ".nan", "+.inf"].contains(lowered) { return false }
    return true
  }
}

extension PipelineYAML.Entry {
  /// `key: value`, the indentation already written.
  fileprivate func write(into text: inout String, indent: Int) {
    text += key + ":"
    switch value {
    case .map(let entries) where !entries.isEmpty:
      text += "\n"
      value.write(into: &text, indent: indent + 2)
    case .list(let values) where !values.isEmpty:
      text += "\n"
      value.write(into: &text, indent: indent + 2)
    default:
      text += " "
      value.write(into: &text, indent: indent)
    }
  }
}
