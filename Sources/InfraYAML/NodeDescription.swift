/// How a node is named in a message: "a sequence", "the integer 16", "the string 'abc'".
enum NodeDescription {
  static func of(_ node: YAMLNode) -> String {
    switch node.content {
    case .mapping: return "a mapping"
    case .sequence: return "a sequence"
    case .scalar(let scalar): return of(scalar)
    }
  }

  static func of(_ scalar: YAMLScalar) -> String {
    switch scalar.kind {
    case .null: return scalar.value.isEmpty ? "an empty value" : "null"
    case .bool: return "the boolean \(scalar.value)"
    case .integer: return "the integer \(TreeBuilder.excerpt(scalar.value))"
    case .float: return "the number \(TreeBuilder.excerpt(scalar.value))"
    case .string: return "the string '\(TreeBuilder.excerpt(scalar.value))'"
    }
  }
}
