import Diagnostics

/// Typed access to a node's value. Each accessor returns the value, or nil after appending a
/// located diagnostic to `problems`: whoever reads a file asks for everything it needs and
/// reports all the problems of the file in one run.
///
/// Scalars follow the YAML 1.2 core schema: a string accessor rejects `16`, `1.31`, `true` and
/// `null` written without quotes, and only `true` and `false` are booleans (`yes`, `no`, `on`,
/// `off` are strings, and rejected where a boolean belongs).
extension YAMLNode {
  /// The mapping this node is.
  public func mapping(reporting problems: inout [Diagnostic]) -> YAMLMapping? {
    if let mapping = entries { return mapping }
    problems.append(mismatch(expected: "a mapping", fix: "write key: value pairs here"))
    return nil
  }

  /// The elements of the sequence this node is.
  public func sequence(reporting problems: inout [Diagnostic]) -> [YAMLNode]? {
    if let elements { return elements }
    let fix =
      scalar.map { $0.kind == .null ? "write '- item' lines or [item, item]" : "write it as a sequence of one: [\($0.value)]" }
      ?? "write '- item' lines or [item, item]"
    problems.append(mismatch(expected: "a sequence", fix: fix))
    return nil
  }

  /// The string this node is: a quoted or block scalar, or a plain one the core schema does not
  /// read as null, a boolean or a number.
  public func string(reporting problems: inout [Diagnostic]) -> String? {
    guard let scalar else {
      problems.append(mismatch(expected: "a string", fix: "write a single value here"))
      return nil
    }
    if scalar.kind == .string { return scalar.value }
    let fix = scalar.kind == .null ? "write the value" : "quote it (\"\(TreeBuilder.excerpt(scalar.value))\") to make it a string"
    problems.append(mismatch(expected: "a string", fix: fix))
    return nil
  }

  /// The integer this node is (`12`, `-3`, `0x1F`, `0o17`), within `Int`'s range.
  public func int(reporting problems: inout [Diagnostic]) -> Int? {
    guard let scalar else {
      problems.append(mismatch(expected: "an integer", fix: "write a single whole number here"))
      return nil
    }
    if scalar.kind == .integer {
      if let value = scalar.integerValue { return value }
      problems.append(
        .error(
          YAMLDiagnosticID.type, "the integer \(TreeBuilder.excerpt(scalar.value)) is out of range" + aliasNote,
          fix: "use a value between \(Int.min) and \(Int.max)", at: location))
      return nil
    }
    let fix =
      CoreSchema.kind(ofPlain: scalar.value) == .integer ? unquotingFix(scalar) : "write a whole number, such as 3"
    problems.append(mismatch(expected: "an integer", fix: fix))
    return nil
  }

  /// The number this node is: an integer or a float (`1.5`, `2e3`, `.inf`). A number too large
  /// for a `Double` (`1e400`) is out of range, not infinite: only `.inf` means infinity.
  public func number(reporting problems: inout [Diagnostic]) -> Double? {
    if let scalar, let value = scalar.doubleValue {
      if value.isFinite || CoreSchema.isInfinity(scalar.value) { return value }
      problems.append(
        .error(
          YAMLDiagnosticID.type, "the number \(TreeBuilder.excerpt(scalar.value)) is out of range" + aliasNote,
          fix: "use a value between -\(Double.greatestFiniteMagnitude) and \(Double.greatestFiniteMagnitude)",
          at: location))
      return nil
    }
    let fix =
      scalar.map { [.integer, .float].contains(CoreSchema.kind(ofPlain: $0.value)) ? unquotingFix($0) : nil }
      ?? nil
    problems.append(mismatch(expected: "a number", fix: fix ?? "write a number, such as 1.5"))
    return nil
  }

  /// The boolean this node is: `true` or `false` (also `True`, `TRUE`, `False`, `FALSE`).
  public func bool(reporting problems: inout [Diagnostic]) -> Bool? {
    if let value = scalar?.boolValue { return value }
    var fix = "write true or false"
    if let scalar {
      if CoreSchema.kind(ofPlain: scalar.value) == .bool {
        fix = unquotingFix(scalar)
      } else if Self.yaml11Booleans.contains(scalar.value.lowercased()) {
        fix = "write true or false; infra reads YAML 1.2, where '\(scalar.value)' is a string, not a boolean"
      }
    }
    problems.append(mismatch(expected: "true or false", fix: fix))
    return nil
  }

  /// What YAML 1.1 read as booleans and YAML 1.2 reads as strings.
  private static let yaml11Booleans: Set<String> = ["yes", "no", "y", "n", "on", "off"]

  private func mismatch(expected: String, fix: String) -> Diagnostic {
    .error(
      YAMLDiagnosticID.type, "expected \(expected), found \(NodeDescription.of(self))" + aliasNote, fix: fix,
      at: location)
  }

  /// How to make a quoted (or tagged) scalar mean what its text says.
  private func unquotingFix(_ scalar: YAMLScalar) -> String {
    scalar.tag.map { "remove the tag \($0)" } ?? "remove the quotes"
  }

  /// For a node written as an alias, which anchor it repeats.
  private var aliasNote: String {
    alias.map { " (through the alias \($0), anchored at line \($0.anchorLocation.line))" } ?? ""
  }
}

extension YAMLMapping {
  /// The value of the key `name`, or nil after reporting that it is missing.
  public func required(_ name: String, reporting problems: inout [Diagnostic]) -> YAMLNode? {
    if let value = self[name] { return value }
    problems.append(
      .error(
        YAMLDiagnosticID.missingKey, "the mapping has no key '\(name)'", fix: "add '\(name): …'", at: location))
    return nil
  }
}
