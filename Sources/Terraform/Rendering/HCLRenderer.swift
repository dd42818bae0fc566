/// Renders expressions as HCL native syntax, for the inside of a `${…}` interpolation:
/// function arguments, template parts, references.
enum HCLRenderer {
  /// `expression` as HCL text.
  static func render(_ expression: Expr) -> String {
    var text = ""
    render(expression, into: &text)
    return text
  }

  /// `text` as an HCL quoted string that evaluates to exactly `text`.
  static func quoted(_ text: String) -> String {
    "\"" + quotedContent(TemplateEscaping.escaped(text)) + "\""
  }

  /// The content of a template string (without quotes) whose value is the parts joined:
  /// literal parts escaped, every other part interpolated. `inQuotes` also escapes literal
  /// parts for an HCL quoted string (a JSON string's own escapes are the JSON writer's job).
  static func templateContent(_ parts: [Expr], inQuotes: Bool) -> String {
    var text = ""
    for (index, part) in parts.enumerated() {
      guard case .string(let literal) = part else {
        text += "${" + render(part) + "}"
        continue
      }
      var escaped = TemplateEscaping.escaped(literal)
      var trailingDollars = 0
      if index + 1 < parts.count, parts[index + 1].stringValue == nil {
        // `$` straight before `${` would read as the escape `$${`: interpolate those dollars.
        trailingDollars = escaped.utf8.reversed().prefix { $0 == UInt8(ascii: "$") }.count
        escaped.removeLast(trailingDollars)
      }
      text += inQuotes ? quotedContent(escaped) : escaped
      if trailingDollars > 0 {
        text += "${\"" + String(repeating: "$", count: trailingDollars) + "\"}"
      }
    }
    return text
  }

  private static func render(_ expression: Expr, into text: inout String) {
    switch expression {
    case .string(let value):
      text += quoted(value)
    case .int(let value):
      text += String(value)
    case .double(let value):
      precondition(value.isFinite, "Terraform has no representation for \(value)")
      text += value.description
    case .bool(let value):
      text += value ? "true" : "false"
    case .null:
      text += "null"
    case .list(let elements):
      text += "["
      for (index, element) in elements.enumerated() {
        if index > 0 { text += ", " }
        render(element, into: &text)
      }
      text += "]"
    case .object(let members):
      text += "{"
      for (index, key) in members.keys.sorted(by: Ordering.utf8).enumerated() {
        if index > 0 { text += ", " }
        text += quoted(key) + " = "
        render(members[key]!, into: &text)
      }
      text += "}"
    case .reference(let reference):
      text += reference.traversal
    case .call(let name, let arguments):
      text += name.description + "("
      for (index, argument) in arguments.enumerated() {
        if index > 0 { text += ", " }
        render(argument, into: &text)
      }
      text += ")"
    case .template(let parts):
      text += "\"" + templateContent(parts, inQuotes: true) + "\""
    case .raw(let hcl):
      text += "(" + hcl + ")"
    }
  }

  /// Escapes what an HCL quoted string cannot hold as is: quotes, backslashes, control
  /// characters. Template sequences are already escaped by the caller.
  private static func quotedContent(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
      return text
    }
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case _ where scalar.value < 0x20:
        result += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
