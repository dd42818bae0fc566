import Diagnostics

/// libyaml's errors as infra reports them: what went wrong in words a stack's author knows,
/// where, and how to fix it. Problems without a better wording keep libyaml's own text.
enum LibYAMLProblem {
  /// An error of libyaml's reader: bytes that are not acceptable UTF-8 text. `offset` is the
  /// offending byte's, `value` the byte or character (or -1).
  static func readerError(
    _ problem: String, offset: Int, value: Int, in bytes: UnsafeBufferPointer<UInt8>, file: String
  ) -> Diagnostic {
    // libyaml points at the byte where decoding failed, which may be a continuation of the
    // character the author wrote; the author needs to find the character's first byte.
    var start = min(offset, bytes.count)
    if problem == "invalid trailing UTF-8 octet" || problem == "invalid length of a UTF-8 sequence" {
      while start > 0, offset - start < 4, bytes[start - 1] >= 0x80 {
        start -= 1
        if bytes[start] >= 0xC0 { break }
      }
    }
    let position = TextPosition.of(byte: start, in: bytes)
    let location = SourceLocation(file: file, line: position.line, column: position.column)
    let legacy = "save the file as UTF-8 (it may be in Latin-1 or another legacy encoding)"
    let message: String
    let fix: String
    switch problem {
    case "control characters are not allowed" where value == 0:
      message = "the text holds a NUL byte (0x00)"
      fix = "remove it; a stack file is UTF-8 text, and NUL bytes suggest a binary or UTF-16 file"
    case "control characters are not allowed":
      message = "the text holds the control character \(unicode(value))"
      fix = "remove it, or write it as an escape inside double quotes (\"\\t\", \"\\u0007\")"
    case "invalid Unicode character":
      message = "the text holds \(unicode(value)), which is not a Unicode character"
      fix = "save the file as UTF-8 text"
    case "invalid leading UTF-8 octet":
      message = "the byte 0x\(byte(value)) cannot appear in UTF-8 text"
      fix = legacy
    default:
      let lead = start < bytes.count ? "the bytes from 0x\(byte(Int(bytes[start]))) on" : "the last bytes"
      message = "\(lead) are not valid UTF-8 (\(problem))"
      fix = legacy
    }
    return .error(YAMLDiagnosticID.encoding, message, fix: fix, at: location)
  }

  /// An error of libyaml's scanner or parser, at `location`, inside the construct that starts
  /// at `contextLocation` (`context` describes it, as in "while parsing a block mapping").
  static func syntaxError(
    _ problem: String, at location: SourceLocation, context: String?, contextLocation: SourceLocation,
    in bytes: UnsafeBufferPointer<UInt8>
  ) -> Diagnostic {
    let position = TextPosition(line: location.line, column: location.column)
    let offset = position.byteOffset(in: bytes)
    let character = offset.map { Character(unicodeAt: $0, in: bytes) }
    let startsLine = offset.map { startsItsLine($0, in: bytes) } ?? false
    let start = "line \(contextLocation.line)"
    let (message, fix): (String, String)
    switch problem {
    case "found character that cannot start any token" where character == "\t",
      "found a tab character that violates indentation",
      "found a tab character where an indentation space is expected":
      (message, fix) = ("a tab indents this line, and YAML indents with spaces only", "replace the tab with spaces")
    case "found character that cannot start any token":
      let shown = character.map { "'\($0)'" } ?? "this character"
      (message, fix) = (
        "\(shown) cannot start a value", "quote the value (\"…\") if the character belongs to it"
      )
    case "mapping values are not allowed in this context":
      message = "': ' (a colon and a space) starts a key here, where no key can start"
      fix =
        location.column > 1024
        ? "keys must be shorter than 1024 characters; shorten the key"
        : "quote the value if the colon belongs to it (\"a: b\"), or correct the indentation"
    case "did not find expected key" where startsLine:
      message = "this line is not indented like the keys of the mapping that starts at \(start)"
      fix = "indent it exactly as far as the keys it belongs with"
    case "did not find expected key":
      let shown = character.map { "'\($0)'" } ?? "text"
      message = "unexpected \(shown) in the mapping that starts at \(start)"
      fix = "remove it, or quote the value it belongs to"
    case "did not find expected '-' indicator" where startsLine:
      message = "this line is not indented like the items of the sequence that starts at \(start)"
      fix = "indent it exactly as far as the '- ' items it belongs with"
    case "did not find expected '-' indicator":
      message = "expected a '- ' item of the sequence that starts at \(start)"
      fix = "start each item with '- ' on a line of its own"
    case "did not find expected ',' or ']'":
      message = "the sequence opened with '[' at \(start) is not closed"
      fix = "add the missing ',' or ']'"
    case "did not find expected ',' or '}'":
      message = "the mapping opened with '{' at \(start) is not closed"
      fix = "add the missing ',' or '}'"
    case "found unexpected end of stream" where context == "while scanning a quoted scalar":
      message = "the quoted string that starts at \(start) is never closed"
      fix = "add the closing quote"
    case "found unknown escape character":
      message = "unknown escape sequence in a double-quoted string"
      fix = "write a backslash as \\\\, or use single quotes, where backslashes are plain text"
    case "did not find expected <document start>":
      message = "text follows the end of the document ('...')"
      fix = "a stack file holds one document: remove the '...' line, or move what follows to a file of its own"
    case "found incompatible YAML document":
      message = "the %YAML directive asks for a YAML version infra does not read"
      fix = "remove the %YAML line"
    case "could not find expected ':'":
      message = "a key at \(start) is not followed by ':'"
      fix = "add ': ' after the key, or quote the text if it is not a key"
    case "did not find expected node content":
      message = "expected a value here"
      fix = "write the missing value, or remove what stands before it"
    case "block sequence entries are not allowed in this context":
      message = "'- ' starts a sequence item where none can start"
      fix = "put the items on lines of their own, indented under their key"
    default:
      message = context.map { "\(problem) (\($0) that starts at \(start))" } ?? problem
      fix = "check the indentation and quoting here"
    }
    return .error(YAMLDiagnosticID.syntax, message, fix: fix, at: location)
  }

  /// Whether only spaces precede the byte at `offset` on its line.
  private static func startsItsLine(_ offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var index = offset - 1
    while index >= 0, bytes[index] == UInt8(ascii: " ") { index -= 1 }
    return index < 0 || bytes[index] == UInt8(ascii: "\n") || bytes[index] == UInt8(ascii: "\r")
  }

  private static func unicode(_ value: Int) -> String {
    let digits = hex(value)
    return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  private static func byte(_ value: Int) -> String {
    let digits = hex(value)
    return digits.count < 2 ? "0" + digits : digits
  }

  private static func hex(_ value: Int) -> String {
    String(value, radix: 16, uppercase: true)
  }
}

extension Character {
  /// The character whose UTF-8 encoding starts at `offset` (U+FFFD when it is not valid UTF-8).
  fileprivate init(unicodeAt offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
    var iterator = bytes[offset...].makeIterator()
    var decoder = UTF8()
    if case .scalarValue(let scalar) = decoder.decode(&iterator) {
      self.init(scalar)
    } else {
      self.init("\u{FFFD}")
    }
  }
}
