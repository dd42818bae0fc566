import CYAML
import Diagnostics

/// libyaml's event parser over a buffer of UTF-8 bytes, with each event turned into Swift values
/// once (strings built straight from the event's bytes) and each libyaml error into a
/// located diagnostic.
struct EventReader: ~Copyable {
  enum Event {
    case documentStart(SourceLocation)
    case scalar(YAMLScalar, anchor: String?, SourceLocation)
    case collectionStart(isMapping: Bool, anchor: String?, tag: String?, SourceLocation)
    case collectionEnd
    case alias(String, SourceLocation)
    case streamEnd
  }

  private let bytes: UnsafeBufferPointer<UInt8>
  private let file: String
  /// On the heap: libyaml's parser points at itself while reading a string.
  private let parser: UnsafeMutablePointer<yaml_parser_t>
  /// What libyaml reads for an empty file: it needs a pointer even to no bytes.
  nonisolated(unsafe) private static let emptyInput: UnsafeMutablePointer<UInt8> = {
    let byte = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    byte.initialize(to: 0)
    return byte
  }()

  /// `bytes` must stay valid while the reader is used.
  init(bytes: UnsafeBufferPointer<UInt8>, file: String) {
    self.bytes = bytes
    self.file = file
    parser = .allocate(capacity: 1)
    guard yaml_parser_initialize(parser) == 1 else { fatalError("libyaml could not allocate its parser") }
    yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
    let input = bytes.count > 0 ? bytes.baseAddress : UnsafePointer(Self.emptyInput)
    yaml_parser_set_input_string(parser, input, bytes.count)
  }

  deinit {
    yaml_parser_delete(parser)
    parser.deallocate()
  }

  /// The next event that matters to the tree.
  mutating func next() throws(FatalProblem) -> Event {
    var event = yaml_event_t()
    while true {
      guard yaml_parser_parse(parser, &event) == 1 else { throw FatalProblem(syntaxError()) }
      defer { yaml_event_delete(&event) }
      let location = location(of: event.start_mark)
      switch event.type {
      case YAML_DOCUMENT_START_EVENT:
        return .documentStart(location)
      case YAML_SCALAR_EVENT:
        let data = event.data.scalar
        let value = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
        let scalar = YAMLScalar(value, style: Self.style(data.style), tag: Self.tag(data.tag))
        return .scalar(scalar, anchor: Self.string(data.anchor), location)
      case YAML_SEQUENCE_START_EVENT:
        let data = event.data.sequence_start
        return .collectionStart(isMapping: false, anchor: Self.string(data.anchor), tag: Self.tag(data.tag), location)
      case YAML_MAPPING_START_EVENT:
        let data = event.data.mapping_start
        return .collectionStart(isMapping: true, anchor: Self.string(data.anchor), tag: Self.tag(data.tag), location)
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        return .collectionEnd
      case YAML_ALIAS_EVENT:
        return .alias(Self.string(event.data.alias.anchor) ?? "", location)
      case YAML_STREAM_END_EVENT:
        return .streamEnd
      default:
        continue  // stream start, document end
      }
    }
  }

  private func location(of mark: yaml_mark_t) -> SourceLocation {
    SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
  }

  private func syntaxError() -> Diagnostic {
    let state = parser.pointee
    let problem = state.problem.map { String(cString: $0) } ?? "the YAML parser failed"
    if state.error == YAML_READER_ERROR {
      return LibYAMLProblem.readerError(
        problem, offset: Int(state.problem_offset), value: Int(state.problem_value), in: bytes, file: file)
    }
    if state.error == YAML_MEMORY_ERROR {
      return .error(
        YAMLDiagnosticID.limit, "the YAML parser ran out of memory", fix: "split the file",
        at: SourceLocation(file: file, line: 1, column: 1))
    }
    return LibYAMLProblem.syntaxError(
      problem, at: location(of: state.problem_mark), context: state.context.map { String(cString: $0) },
      contextLocation: location(of: state.context_mark), in: bytes)
  }

  private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    pointer.map { String(cString: $0) }
  }

  /// `tag:yaml.org,2002:int` as it is written, `!!int`; other tags as they are.
  private static func tag(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    guard let tag = string(pointer) else { return nil }
    let standard = "tag:yaml.org,2002:"
    return tag.hasPrefix(standard) ? "!!" + tag.dropFirst(standard.count) : tag
  }

  private static func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
    switch style {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
    case YAML_LITERAL_SCALAR_STYLE: return .literal
    case YAML_FOLDED_SCALAR_STYLE: return .folded
    default: return .plain
    }
  }
}
