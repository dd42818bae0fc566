import Diagnostics
import InfraYAML

/// The tree of `text`, read as the file `stack.yaml`.
func load(_ text: String, limits: YAMLLimits = .default) throws -> YAMLNode {
  try YAMLLoader.load(Array(text.utf8), file: "stack.yaml", limits: limits)
}

/// The problems reading `bytes` reports, each as it is printed; empty when it reads.
func problems(_ bytes: [UInt8], limits: YAMLLimits = .default) -> [String] {
  do {
    _ = try YAMLLoader.load(bytes, file: "stack.yaml", limits: limits)
    return []
  } catch {
    return error.diagnostics.map(\.description)
  }
}

func problems(_ text: String, limits: YAMLLimits = .default) -> [String] {
  problems(Array(text.utf8), limits: limits)
}

/// A compact rendering of a tree: `{key: [plain, 'single', "double", |literal, >folded]}`,
/// tags before their node, aliases as `*name=` before the node they repeat.
func render(_ node: YAMLNode) -> String {
  let alias = node.alias.map { "*\($0.name)=" } ?? ""
  switch node.content {
  case .scalar(let scalar):
    let tag = scalar.tag.map { $0 + " " } ?? ""
    switch scalar.style {
    case .plain: return alias + tag + scalar.value
    case .singleQuoted: return alias + tag + "'\(scalar.value)'"
    case .doubleQuoted: return alias + tag + "\"\(scalar.value)\""
    case .literal: return alias + tag + "|" + scalar.value
    case .folded: return alias + tag + ">" + scalar.value
    }
  case .sequence(let elements):
    return alias + "[" + elements.map(render).joined(separator: ", ") + "]"
  case .mapping(let mapping):
    return alias + "{" + mapping.entries.map { "\(render($0.key)): \(render($0.value))" }.joined(separator: ", ") + "}"
  }
}

/// `line:column` of a node.
func place(_ node: YAMLNode?) -> String? {
  node.map { "\($0.location.line):\($0.location.column)" }
}
