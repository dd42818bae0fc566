/// Reads the strings of a Terraform JSON file as Terraform does: a string is a template, whose
/// `${…}` parts are expressions (`"${aws_vpc.core.id}"`, `"${aws_s3_bucket.logs.arn}/*"`), and
/// `$${` and `%%{` are the literal `${` and `%{`.
///
/// Literals, references, function calls, tuples and objects become the matching ``Expr`` cases,
/// so rules can follow the references. What this reader does not take apart (operators,
/// conditionals, `for` expressions, template directives, splats past their object) is kept as
/// ``Expr/raw(_:)``, whose references are not followed.
public enum ExpressionReader {
  /// The expression a Terraform JSON string stands for.
  public static func expression(fromTemplate text: String) -> Expr {
    expression(fromTemplate: text, depth: 0)
  }

  static func expression(fromTemplate text: String, depth: Int) -> Expr {
    // Most strings are plain text: no `$` or `%` at all.
    if !text.utf8.contains(where: { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "%") }) { return .string(text) }
    var reader = TemplateScanner(Array(text.utf8), depth: depth)
    return reader.template() ?? .raw(quoted(text))
  }

  /// The expression `text` (HCL expression syntax, as between `${` and `}`), or nil when it is
  /// not one this reader takes apart.
  public static func expression(_ text: String) -> Expr? {
    expression(text, depth: 0)
  }

  static func expression(_ text: String, depth: Int) -> Expr? {
    var parser = ExpressionParser(Array(text.utf8))
    parser.depth = depth
    return parser.whole()
  }

  /// The reference `text` names (`aws_vpc.core`, `${aws_vpc.core}`), as `depends_on` and
  /// `replace_triggered_by` list them; nil when it is not one.
  public static func reference(_ text: String) -> Reference? {
    var body = Substring(text)
    if body.hasPrefix("${") && body.hasSuffix("}") { body = body.dropFirst(2).dropLast() }
    guard case .reference(let reference)? = expression(String(body)) else { return nil }
    return reference
  }

  /// `text` as an HCL quoted string.
  static func quoted(_ text: String) -> String {
    var result = "\""
    for character in text {
      if character == "\\" || character == "\"" { result.append("\\") }
      result.append(character)
    }
    return result + "\""
  }
}

/// Splits a template into literal text and interpolations.
private struct TemplateScanner {
  let bytes: [UInt8]
  var position = 0
  /// How deep the template is inside other expressions.
  let depth: Int

  init(_ bytes: [UInt8], depth: Int) {
    self.bytes = bytes
    self.depth = depth
  }

  /// The template's expression; nil when it holds a directive or an interpolation that does not end.
  mutating func template() -> Expr? {
    var parts: [Expr] = []
    var literal: [UInt8] = []
    func flush() {
      if !literal.isEmpty { parts.append(.string(String(decoding: literal, as: UTF8.self))) }
      literal = []
    }
    while position < bytes.count {
      let byte = bytes[position]
      if (byte == UInt8(ascii: "$") || byte == UInt8(ascii: "%")) && next(is: byte, at: 1) && next(is: UInt8(ascii: "{"), at: 2) {
        literal += [byte, UInt8(ascii: "{")]
        position += 3
      } else if byte == UInt8(ascii: "%") && next(is: UInt8(ascii: "{"), at: 1) {
        return nil
      } else if byte == UInt8(ascii: "$") && next(is: UInt8(ascii: "{"), at: 1) {
        guard let end = Self.interpolationEnd(bytes, from: position + 2) else { return nil }
        var inner = bytes[(position + 2)..<end]
        if inner.first == UInt8(ascii: "~") { inner = inner.dropFirst() }
        if inner.last == UInt8(ascii: "~") { inner = inner.dropLast() }
        let text = String(decoding: inner, as: UTF8.self)
        flush()
        parts.append(ExpressionReader.expression(text, depth: depth + 1) ?? .raw(text.trimmingSpaces))
        position = end + 1
      } else {
        literal.append(byte)
        position += 1
      }
    }
    flush()
    switch parts.count {
    case 0: return .string("")
    case 1: return parts[0]
    default: return .template(parts)
    }
  }

  private func next(is byte: UInt8, at offset: Int) -> Bool {
    position + offset < bytes.count && bytes[position + offset] == byte
  }

  /// The index of the `}` that closes an interpolation whose expression starts at `start`:
  /// braces nest, and quoted strings inside are skipped whole.
  static func interpolationEnd(_ bytes: [UInt8], from start: Int) -> Int? {
    var depth = 0
    var index = start
    while index < bytes.count {
      switch bytes[index] {
      case UInt8(ascii: "{"): depth += 1
      case UInt8(ascii: "}"):
        if depth == 0 { return index }
        depth -= 1
      case UInt8(ascii: "\""):
        guard let close = quoteEnd(bytes, from: index + 1) else { return nil }
        index = close
      default: break
      }
      index += 1
    }
    return nil
  }

  /// The index of the `"` that ends a quoted string whose text starts at `start`.
  static func quoteEnd(_ bytes: [UInt8], from start: Int) -> Int? {
    var index = start
    while index < bytes.count {
      switch bytes[index] {
      case UInt8(ascii: "\\"): index += 1
      case UInt8(ascii: "\""): return index
      case UInt8(ascii: "$") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "{"):
        guard let end = interpolationEnd(bytes, from: index + 2) else { return nil }
        index = end
      default: break
      }
      index += 1
    }
    return nil
  }
}

/// A recursive-descent reader of the HCL expressions ``ExpressionReader`` takes apart.
private struct ExpressionParser {
  let bytes: [UInt8]
  var position = 0
  /// How deep tuples, objects, calls, parentheses and quoted templates nest; deeper than
  /// ``maximumDepth`` is kept raw rather than risking the stack.
  var depth = 0
  static let maximumDepth = 128

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  /// The expression the whole text is, or nil.
  mutating func whole() -> Expr? {
    guard let expression = expression() else { return nil }
    skipSpace()
    guard position == bytes.count else { return nil }
    return expression
  }

  private mutating func expression() -> Expr? {
    skipSpace()
    guard position < bytes.count, depth < Self.maximumDepth else { return nil }
    depth += 1
    defer { depth -= 1 }
    let byte = bytes[position]
    switch byte {
    case UInt8(ascii: "\""): return quoted()
    case UInt8(ascii: "["): return tuple()
    case UInt8(ascii: "{"): return object()
    case UInt8(ascii: "("):
      position += 1
      guard let inner = expression() else { return nil }
      skipSpace()
      guard take(UInt8(ascii: ")")) else { return nil }
      return inner
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
    default:
      guard Self.isIdentifierStart(byte) else { return nil }
      return named()
    }
  }

  private mutating func number() -> Expr? {
    let start = position
    if bytes[position] == UInt8(ascii: "-") { position += 1 }
    while position < bytes.count, Self.isNumberByte(bytes[position]) { position += 1 }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    if let whole = Int(text) { return .int(whole) }
    if let fraction = Double(text), fraction.isFinite { return .double(fraction) }
    return nil
  }

  private mutating func quoted() -> Expr? {
    guard let close = TemplateScanner.quoteEnd(bytes, from: position + 1) else { return nil }
    let content = Self.unescaped(bytes[(position + 1)..<close])
    position = close + 1
    return content.flatMap { ExpressionReader.expression(fromTemplate: $0, depth: depth) }
  }

  private mutating func tuple() -> Expr? {
    position += 1
    if word() == "for" { return nil }
    var elements: [Expr] = []
    while true {
      skipSpace()
      if take(UInt8(ascii: "]")) { return .list(elements) }
      guard let element = expression() else { return nil }
      elements.append(element)
      skipSpace()
      if take(UInt8(ascii: ",")) { continue }
      guard take(UInt8(ascii: "]")) else { return nil }
      return .list(elements)
    }
  }

  private mutating func object() -> Expr? {
    position += 1
    if word() == "for" { return nil }
    var members: [String: Expr] = [:]
    while true {
      skipSpace()
      if take(UInt8(ascii: "}")) { return .object(members) }
      let key: String
      if position < bytes.count && bytes[position] == UInt8(ascii: "\"") {
        guard case .string(let text)? = quoted() else { return nil }
        key = text
      } else {
        guard let name = identifier() else { return nil }
        key = name
      }
      skipSpace()
      guard take(UInt8(ascii: "=")) || take(UInt8(ascii: ":")), let value = expression() else { return nil }
      members[key] = value
      skipSpace()
      _ = take(UInt8(ascii: ","))
    }
  }

  /// A keyword, a function call or a reference.
  private mutating func named() -> Expr? {
    guard var name = identifier() else { return nil }
    switch name {
    case "true": return .bool(true)
    case "false": return .bool(false)
    case "null": return .null
    default: break
    }
    // `provider::aws::arn_parse(…)`
    while position + 1 < bytes.count && bytes[position] == UInt8(ascii: ":") && bytes[position + 1] == UInt8(ascii: ":") {
      position += 2
      guard let part = identifier() else { return nil }
      name += "::" + part
    }
    skipSpace()
    if take(UInt8(ascii: "(")) { return call(name) }
    // `provider::aws::x` names a function; without a call it is nothing this reader takes apart.
    guard !name.contains("::") else { return nil }
    return traversal(from: name)
  }

  private mutating func call(_ name: String) -> Expr? {
    var arguments: [Expr] = []
    while true {
      skipSpace()
      if take(UInt8(ascii: ")")) { return .call(FunctionName(name), arguments) }
      guard let argument = expression() else { return nil }
      arguments.append(argument)
      skipSpace()
      if take(UInt8(ascii: ",")) { continue }
      guard take(UInt8(ascii: ")")) else { return nil }
      return .call(FunctionName(name), arguments)
    }
  }

  private enum Step {
    case attribute(String)
    case index(Int)
    case key(String)
  }

  /// `aws_vpc.core.id`, `var.region`, `aws_subnet.private[0].id`; a splat (`[*]`, `.*`) ends
  /// the path at the object before it.
  private mutating func traversal(from root: String) -> Expr? {
    var steps: [Step] = []
    var splatted = false
    while position < bytes.count {
      if take(UInt8(ascii: ".")) {
        if take(UInt8(ascii: "*")) {
          splatted = true
        } else if let name = identifier() {
          if !splatted { steps.append(.attribute(name)) }
        } else if let index = digits() {
          // The legacy index form: `aws_subnet.a.0.id`.
          if !splatted { steps.append(.index(index)) }
        } else {
          return nil
        }
      } else if take(UInt8(ascii: "[")) {
        skipSpace()
        if take(UInt8(ascii: "*")) {
          splatted = true
        } else {
          switch expression() {
          case .int(let index)? where !splatted && index >= 0: steps.append(.index(index))
          case .string(let key)? where !splatted: steps.append(.key(key))
          case nil: return nil
          // An index known only when Terraform evaluates it (`[count.index]`, `[each.key]`)
          // ends the path at the object, as a splat does.
          default: splatted = true
          }
        }
        skipSpace()
        guard take(UInt8(ascii: "]")) else { return nil }
      } else {
        break
      }
    }
    return Self.reference(root, steps).map(Expr.reference)
  }

  private static func reference(_ root: String, _ steps: [Step]) -> Reference? {
    var names: [String] = []
    for step in steps {
      guard case .attribute(let name) = step else { break }
      names.append(name)
    }
    let base: Reference
    let used: Int
    switch root {
    case "var" where names.count >= 1: (base, used) = (.variable(names[0]), 1)
    case "local" where names.count >= 1: (base, used) = (.local(names[0]), 1)
    case "module" where names.count >= 1: (base, used) = (.module(names[0]), 1)
    case "data" where names.count >= 2: (base, used) = (.dataSource(type: names[0], name: names[1]), 2)
    case "count" where names.first == "index": (base, used) = (.countIndex, 1)
    case "each" where names.first == "key": (base, used) = (.eachKey, 1)
    case "each" where names.first == "value": (base, used) = (.eachValue, 1)
    case "var", "local", "module", "data", "count", "each", "path", "terraform", "self": return nil
    default:
      guard names.count >= 1 else { return nil }
      (base, used) = (.resource(type: root, name: names[0]), 1)
    }
    return steps.dropFirst(used).reduce(base) { reference, step in
      switch step {
      case .attribute(let name): reference.attribute(name)
      case .index(let index): reference[index]
      case .key(let key): reference[key]
      }
    }
  }

  /// A whole number of decimal digits.
  private mutating func digits() -> Int? {
    let start = position
    while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
    guard position > start else { return nil }
    return Int(String(decoding: bytes[start..<position], as: UTF8.self))
  }

  private mutating func identifier() -> String? {
    guard position < bytes.count, Self.isIdentifierStart(bytes[position]) else { return nil }
    let start = position
    position += 1
    while position < bytes.count,
      Self.isIdentifierStart(bytes[position]) || Self.isDigit(bytes[position]) || bytes[position] == UInt8(ascii: "-")
    {
      position += 1
    }
    return String(decoding: bytes[start..<position], as: UTF8.self)
  }

  /// The identifier ahead, without moving past it.
  private mutating func word() -> String? {
    skipSpace()
    let start = position
    defer { position = start }
    return identifier()
  }

  private mutating func take(_ byte: UInt8) -> Bool {
    guard position < bytes.count, bytes[position] == byte else { return false }
    position += 1
    return true
  }

  private mutating func skipSpace() {
    while position < bytes.count,
      [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[position])
    {
      position += 1
    }
  }

  private static func isIdentifierStart(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
      || byte == UInt8(ascii: "_")
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

  private static func isNumberByte(_ byte: UInt8) -> Bool {
    isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
      || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
  }

  /// The text of an HCL quoted string with its escapes (`\"`, `\\`, `\n`, `\t`, `\r`,
  /// `\uNNNN`) resolved; nil for an escape HCL does not have.
  private static func unescaped(_ bytes: ArraySlice<UInt8>) -> String? {
    var result: [UInt8] = []
    var index = bytes.startIndex
    while index < bytes.endIndex {
      let byte = bytes[index]
      guard byte == UInt8(ascii: "\\") else {
        result.append(byte)
        index += 1
        continue
      }
      guard index + 1 < bytes.endIndex else { return nil }
      switch bytes[index + 1] {
      case UInt8(ascii: "n"): result.append(UInt8(ascii: "\n"))
      case UInt8(ascii: "t"): result.append(UInt8(ascii: "\t"))
      case UInt8(ascii: "r"): result.append(UInt8(ascii: "\r"))
      case UInt8(ascii: "\""): result.append(UInt8(ascii: "\""))
      case UInt8(ascii: "\\"): result.append(UInt8(ascii: "\\"))
      case UInt8(ascii: "u"):
        guard index + 5 < bytes.endIndex,
          let value = UInt32(String(decoding: bytes[(index + 2)...(index + 5)], as: UTF8.self), radix: 16),
          let scalar = Unicode.Scalar(value)
        else { return nil }
        result += Array(String(Character(scalar)).utf8)
        index += 4
      default: return nil
      }
      index += 2
    }
    return String(decoding: result, as: UTF8.self)
  }
}

extension String {
  fileprivate var trimmingSpaces: String {
    var text = Substring(self)
    while let first = text.first, first.isWhitespace { text = text.dropFirst() }
    while let last = text.last, last.isWhitespace { text = text.dropLast() }
    return String(text)
  }
}
