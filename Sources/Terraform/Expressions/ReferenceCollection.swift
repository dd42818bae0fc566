extension Expr {
  /// Every reference this expression makes, in order (raw HCL is not looked into).
  public var references: [Reference] {
    var found: [Reference] = []
    collectReferences(into: &found)
    return found
  }

  func collectReferences(into found: inout [Reference]) {
    switch self {
    case .reference(let reference): found.append(reference)
    case .list(let elements), .call(_, let elements), .template(let elements):
      for element in elements { element.collectReferences(into: &found) }
    case .object(let members):
      for value in members.values { value.collectReferences(into: &found) }
    case .string, .int, .double, .bool, .null, .raw: break
    }
  }
}

extension Body {
  /// Every reference the arguments and nested blocks make.
  public var references: [Reference] {
    var found: [Reference] = []
    for entry in entries.values {
      switch entry {
      case .argument(let value): value.collectReferences(into: &found)
      case .block(let body): found += body.references
      case .blocks(let bodies): for body in bodies { found += body.references }
      }
    }
    return found
  }
}
