import Foundation

/// The Swift for one resource or data source type: a class named after the type, and one nested
/// type per distinct block or object shape, shared wherever the same shape recurs.
struct TypeBindings {
  let terraformType: String
  let isDataSource: Bool
  let schema: SchemaBlock
  let header: String
  let imports: [String]

  var className: String { (isDataSource ? "Data" : "") + SwiftNames.type(terraformType) }

  /// Framework names a nested type must not shadow inside the class.
  private static let reservedTypeNames: Set<String> = [
    "Any", "Array", "Body", "Bool", "BlockCount", "BlockValue", "Construct", "DataSource", "Diagnostic", "Dictionary",
    "Double", "Dynamic", "Error", "Expr", "Int", "Never", "Number", "Optional", "Protocol", "Provider", "Reference",
    "Resource", "Self", "Sendable", "Set", "SourceLocation", "String", "Type", "Value",
  ]
  /// Members of a resource or data source that an attribute's property must not replace.
  private static let reservedElementMembers: Set<String> = [
    "body", "dependsOn", "count", "forEach", "lifecycle", "logicalID", "node", "provider", "reference",
    "references", "render", "terraformType", "validate", "within", "sensitiveArguments",
    "blockCountProblems", "in", "file", "line", "column", "self", "terraformAddress",
  ]
  /// Members of `Value` and of a block value that a nested attribute's property must not replace.
  private static let reservedValueMembers: Set<String> = ["expression", "member", "body", "blockCountProblems", "self"]

  // MARK: - Shapes

  private enum Shape {
    case block(SchemaBlock)
    case object([String: AttributeType])
  }

  private struct NamedShape {
    let name: String
    let shape: Shape
    var settable: Bool
  }

  private final class Namer {
    var shapes: [NamedShape] = []
    var indexByKey: [String: Int] = [:]
    var used: Set<String>

    init(owner: String) { used = TypeBindings.reservedTypeNames.union([owner]) }

    func name(for shape: Shape, key: String, terraformName: String, settable: Bool) -> (name: String, isNew: Bool) {
      if let index = indexByKey[key] {
        if settable { shapes[index].settable = true }
        return (shapes[index].name, false)
      }
      var base = SwiftNames.type(terraformName)
      if TypeBindings.reservedTypeNames.contains(base) {
        if case .block = shape { base += "Block" } else { base += "Object" }
      }
      var name = base
      var suffix = 2
      while used.contains(name) {
        name = "\(base)\(suffix)"
        suffix += 1
      }
      used.insert(name)
      indexByKey[key] = shapes.count
      shapes.append(NamedShape(name: name, shape: shape, settable: settable))
      return (name, true)
    }
  }

  private static func key(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
  }

  /// Names every nested shape reachable from `block`, depth first in name order.
  private func collect(_ block: SchemaBlock, into namer: Namer) {
    for (name, attribute) in (block.attributes ?? [:]).sorted(by: { $0.key < $1.key }) {
      collect(attribute.valueType, terraformName: name, settable: attribute.isSettable, into: namer)
    }
    for (name, nested) in (block.blockTypes ?? [:]).sorted(by: { $0.key < $1.key }) {
      let result = namer.name(
        for: .block(nested.block), key: "block:\(name):" + Self.key(nested.block), terraformName: name, settable: true)
      if result.isNew { collect(nested.block, into: namer) }
    }
  }

  private func collect(_ type: AttributeType, terraformName: String, settable: Bool, into namer: Namer) {
    switch type {
    case .list(let element), .set(let element), .map(let element):
      collect(element, terraformName: terraformName, settable: settable, into: namer)
    case .object(let members):
      _ = namer.name(for: .object(members), key: "object:\(terraformName):" + Self.key(type), terraformName: terraformName, settable: settable)
      for (name, member) in members.sorted(by: { $0.key < $1.key }) {
        collect(member, terraformName: name, settable: settable, into: namer)
      }
    default:
      break
    }
  }

  private func shapeName(_ terraformName: String, _ block: SchemaBlock, in namer: Namer) -> String {
    className + "." + namer.shapes[namer.indexByKey["block:\(terraformName):" + Self.key(block)]!].name
  }

  private func kind(_ type: AttributeType, name: String, in namer: Namer) -> String {
    switch type {
    case .string: "String"
    case .number: "Number"
    case .bool: "Bool"
    case .dynamic, .tuple: "Dynamic"
    case .list(let element): "[\(kind(element, name: name, in: namer))]"
    case .set(let element): "SetOf<\(kind(element, name: name, in: namer))>"
    case .map(let element): "[String: \(kind(element, name: name, in: namer))]"
    case .object: className + "." + namer.shapes[namer.indexByKey["object:\(name):" + Self.key(type)]!].name
    }
  }

  // MARK: - Fields

  /// An argument or nested block as a Swift parameter, and how the body gets it.
  private struct Parameter {
    let terraformName: String
    let swiftName: String
    let type: String
    let defaultValue: String?
    let assignment: [String]
    let documentation: String
    /// For an attribute, its Terraform type constraint: `list(string)`.
    var constraint: String? = nil
    /// For repeated blocks, how many the schema requires at least.
    var minimumBlocks = 0
  }

  private func parameters(of block: SchemaBlock, isRoot: Bool, in namer: Namer) -> [Parameter] {
    var result: [Parameter] = []
    for (name, attribute) in block.attributes ?? [:] where attribute.isSettable && !(isRoot && !isDataSource && name == "id") {
      let swiftName = memberName(name, reserved: isRoot ? Self.reservedElementMembers : Self.reservedValueMembers)
      let required = attribute.required == true
      let type = "Value<\(kind(attribute.valueType, name: name, in: namer))>"
      var notes: [String] = [required ? "Required." : "Optional."]
      if attribute.computed == true { notes.append("Computed by the provider when not set.") }
      if attribute.sensitive == true { notes.append("Sensitive: pass a reference, never a literal secret.") }
      if attribute.writeOnly == true { notes.append("Write-only: sent to the provider, never stored in state.") }
      if attribute.deprecated == true { notes.append("Deprecated by the provider.") }
      result.append(
        Parameter(
          terraformName: name, swiftName: swiftName, type: required ? type : type + "?",
          defaultValue: required ? nil : "nil",
          // An argument left out costs nothing: no hashing of its name to remove what is not there.
          assignment: [
            required
              ? "_body[\(quoted(name))] = \(local(swiftName)).expression"
              : "if let \(local(swiftName)) { _body[\(quoted(name))] = \(local(swiftName)).expression }"
          ],
          documentation: documentation(name, attribute.description, notes),
          constraint: Self.constraint(attribute.valueType)))
    }
    for (name, nested) in block.blockTypes ?? [:] {
      let swiftName = memberName(name, reserved: isRoot ? Self.reservedElementMembers : Self.reservedValueMembers)
      let declared = local(swiftName)
      let typeName = shapeName(name, nested.block, in: namer)
      let minimum = nested.minItems ?? 0
      let maximum = nested.maxItems
      var lines: [String] = []
      let parameterType: String
      var defaultValue: String?
      switch nested.nestingMode {
      case "map":
        parameterType = "[String: \(typeName)]"
        defaultValue = "[:]"
        lines.append("_body.setLabelledBlocks(\(quoted(name)), \(declared).mapValues(\\.body))")
      case "single", "group":
        parameterType = typeName + "?"
        defaultValue = "nil"
        lines.append("_body.setBlock(\(quoted(name)), \(declared)?.body)")
      default:
        if maximum == 1 {
          if minimum >= 1 {
            parameterType = typeName
            lines.append("_body.setBlock(\(quoted(name)), \(declared).body)")
          } else {
            parameterType = typeName + "?"
            defaultValue = "nil"
            lines.append("_body.setBlock(\(quoted(name)), \(declared)?.body)")
          }
        } else {
          parameterType = "[\(typeName)]"
          if minimum == 0 { defaultValue = "[]" }
          lines.append("_body.setBlocks(\(quoted(name)), \(declared).map(\\.body))")
          if minimum > 0 || maximum != nil {
            lines.append(
              "_problems += BlockCount.check(\(quoted(name)), count: \(declared).count, min: \(minimum > 0 ? String(minimum) : "nil"), max: \(maximum.map(String.init) ?? "nil"))"
            )
          }
        }
      }
      lines.append("_problems += BlockCount.nested(\(quoted(name)), \(declared))")
      var limits: [String] = []
      if minimum > 0 { limits.append("at least \(minimum)") }
      if let maximum { limits.append("at most \(maximum)") }
      let note: String
      switch (nested.nestingMode, maximum) {
      case ("map", _): note = "Blocks by label."
      case ("single", _), ("group", _): note = "Optional block."
      case (_, 1): note = minimum > 0 ? "Required block." : "Optional block."
      default: note = "Blocks" + (limits.isEmpty ? "." : ": " + limits.joined(separator: ", ") + ".")
      }
      result.append(
        Parameter(
          terraformName: name, swiftName: swiftName, type: parameterType, defaultValue: defaultValue, assignment: lines,
          documentation: documentation(name, nested.block.description, [note]), minimumBlocks: minimum))
    }
    // Required first, then optional; each in Terraform's name order, so regenerating is stable.
    return result.sorted { ($0.defaultValue != nil ? 1 : 0, $0.terraformName) < ($1.defaultValue != nil ? 1 : 0, $1.terraformName) }
  }

  /// A parameter as declared: a keyword gets a plain local name (`protocol protocolValue:`),
  /// since `self` in backticks would hide the instance.
  private func declaration(_ swiftName: String) -> String {
    SwiftNames.keywords.contains(swiftName) ? "\(swiftName) \(swiftName)Value" : swiftName
  }

  /// A parameter's local name in the initializer's body.
  private func local(_ swiftName: String) -> String {
    SwiftNames.keywords.contains(swiftName) ? "\(swiftName)Value" : swiftName
  }

  private func memberName(_ terraformName: String, reserved: Set<String>) -> String {
    let name = SwiftNames.member(terraformName)
    return reserved.contains(name) ? name + "Attribute" : name
  }

  /// Every attribute and block of `block`, as `(terraform name, swift name, value kind)`.
  private func readableMembers(of block: SchemaBlock, reserved: Set<String>, in namer: Namer) -> [(String, String, String)] {
    var members: [(String, String, String)] = []
    // A write-only argument is never stored, so there is nothing to refer to.
    for (name, attribute) in block.attributes ?? [:] where attribute.writeOnly != true {
      members.append((name, memberName(name, reserved: reserved), kind(attribute.valueType, name: name, in: namer)))
    }
    for (name, nested) in block.blockTypes ?? [:] {
      let shape = shapeName(name, nested.block, in: namer)
      let kind: String =
        switch nested.nestingMode {
        case "single", "group": shape
        case "map": "[String: \(shape)]"
        case "set": "SetOf<\(shape)>"
        default: "[\(shape)]"
        }
      members.append((name, memberName(name, reserved: reserved), kind))
    }
    return members.sorted { $0.0 < $1.0 }
  }

  // MARK: - Emitting

  func source() -> String {
    let namer = Namer(owner: className)
    collect(schema, into: namer)
    var out = header
    out += imports.map { "import \($0)\n" }.joined() + "\n"

    let superclass = isDataSource ? "DataSource" : "Resource"
    let kindName = isDataSource ? "data source" : "resource"
    out += documentationLines("`\(isDataSource ? "data." : "")\(terraformType)`, a \(kindName) of the provider.", schema.description, indent: "")
    out += "public final class \(className): \(superclass) {\n"
    let sensitive = argumentPaths(schema, prefix: "") { $0.sensitive == true }
    let writeOnly = argumentPaths(schema, prefix: "") { $0.writeOnly == true }
    out += "  /// The arguments the provider marks sensitive, by path; values for them belong in a secret\n"
    out += "  /// store, never in the configuration.\n"
    out += "  public static let sensitiveArguments: [String] = [\(sensitive.map(quoted).joined(separator: ", "))]\n"
    out += "  /// The write-only arguments, by path: sent to the provider, never stored in state.\n"
    out += "  public static let writeOnlyArguments: [String] = [\(writeOnly.map(quoted).joined(separator: ", "))]\n\n"
    out += "  private let blockCountProblems: [String]\n\n"

    let parameters = parameters(of: schema, isRoot: true, in: namer)
    out += "  /// Creates the \(kindName) with construct id `id` in `scope`, or in the construct whose body is being built.\n"
    out += parameterDocumentation(parameters, indent: "  ")
    out += "  public init(\n    _ _id: String,\n"
    for parameter in parameters {
      out += "    \(declaration(parameter.swiftName)): \(parameter.type)\(parameter.defaultValue.map { " = \($0)" } ?? ""),\n"
    }
    out += "    in _scope: Construct? = nil, logicalID _logicalID: String? = nil,\n"
    out += "    file _file: String = #filePath, line _line: Int = #line, column _column: Int = #column\n  ) {\n"
    out += assignments(parameters, indent: "    ", problemsTo: "self.blockCountProblems")
    out += "    super.init(\n      _id, type: \(quoted(terraformType)), in: _scope, logicalID: _logicalID, _body, file: _file, line: _line,\n      column: _column)\n"
    out += "  }\n\n"
    out += "  public override func validate() -> [Diagnostic] {\n"
    out += "    super.validate() + BlockCount.diagnostics(blockCountProblems, of: self)\n  }\n"
    for (terraformName, swiftName, kind) in readableMembers(of: schema, reserved: Self.reservedElementMembers, in: namer) {
      out += "\n  /// `\(terraformName)`, as a reference.\n"
      out += "  public var \(SwiftNames.declared(swiftName)): Value<\(kind)> { Value(reference.attribute(\(quoted(terraformName)))) }\n"
    }
    out += "}\n"

    for named in namer.shapes {
      out += "\n"
      switch named.shape {
      case .block(let block): out += blockSource(named.name, block, in: namer)
      case .object(let members): out += objectSource(named.name, members, settable: named.settable, in: namer)
      }
    }
    return out
  }

  /// The statements that build the body and the block count problems, then store them.
  private func assignments(_ parameters: [Parameter], indent: String, bodyTo: String? = nil, problemsTo: String) -> String {
    let lines = parameters.flatMap(\.assignment)
    let setsBody = lines.contains { $0.contains("_body") }
    let findsProblems = lines.contains { $0.hasPrefix("_problems") }
    var out = "\(indent)\(setsBody ? "var" : "let") _body = Body()\n"
    if findsProblems { out += "\(indent)var _problems: [String] = []\n" }
    out += lines.map { indent + $0 + "\n" }.joined()
    if let bodyTo { out += "\(indent)\(bodyTo) = _body\n" }
    out += "\(indent)\(problemsTo) = \(findsProblems ? "_problems" : "[]")\n"
    return out
  }

  private func blockSource(_ name: String, _ block: SchemaBlock, in namer: Namer) -> String {
    let parameters = parameters(of: block, isRoot: false, in: namer)
    var out = "extension \(className) {\n"
    out += documentationLines("A nested block of `\(terraformType)`.", block.description, indent: "  ")
    out += "  public struct \(name): BlockValue {\n"
    out += "    public let body: Body\n    public let blockCountProblems: [String]\n\n"
    out += parameterDocumentation(parameters, indent: "    ")
    if parameters.isEmpty {
      out += "    public init() {\n"
    } else {
      out += "    public init(\n"
      for (index, parameter) in parameters.enumerated() {
        out += "      \(declaration(parameter.swiftName)): \(parameter.type)\(parameter.defaultValue.map { " = \($0)" } ?? "")\(index + 1 < parameters.count ? "," : "")\n"
      }
      out += "    ) {\n"
    }
    out += assignments(parameters, indent: "      ", bodyTo: "self.body", problemsTo: "self.blockCountProblems")
    out += "    }\n  }\n}\n"
    out += membersExtension(name, readableMembers(of: block, reserved: Self.reservedValueMembers, in: namer))
    return out
  }

  private func objectSource(_ name: String, _ members: [String: AttributeType], settable: Bool, in namer: Namer) -> String {
    var out = "extension \(className) {\n"
    out += "  /// An object value of `\(terraformType)`\(settable ? "; build one with `.init(…)` where a value of it is taken" : "").\n"
    out += "  public enum \(name) {}\n}\n"
    let sorted = members.sorted { $0.key < $1.key }
    let readable = sorted.map { ($0.key, memberName($0.key, reserved: Self.reservedValueMembers), kind($0.value, name: $0.key, in: namer)) }
    out += membersExtension(name, readable, initializer: settable ? readable : nil)
    return out
  }

  private func membersExtension(_ name: String, _ members: [(String, String, String)], initializer: [(String, String, String)]? = nil) -> String {
    guard !members.isEmpty || initializer != nil else { return "" }
    // Inside an extension of Value, `Value` alone can name a literal protocol's associated type.
    var out = "\nextension Value where Kind == \(className).\(name) {\n"
    if let initializer {
      out += "  /// The object, with every member not given written as null.\n"
      out += "  public init(\n"
      for (index, member) in initializer.enumerated() {
        out += "    \(declaration(member.1)): Terraform.Value<\(member.2)>? = nil\(index + 1 < initializer.count ? "," : "")\n"
      }
      out += "  ) {\n    var _members: [String: Expr] = [:]\n"
      for member in initializer {
        out += "    _members[\(quoted(member.0))] = \(local(member.1))?.expression ?? .null\n"
      }
      out += "    self.init(expression: .object(_members))\n  }\n"
    }
    for (index, (terraformName, swiftName, kind)) in members.enumerated() {
      if index > 0 || initializer != nil { out += "\n" }
      out += "  /// `\(terraformName)`\n"
      out += "  public var \(SwiftNames.declared(swiftName)): Terraform.Value<\(kind)> { member(\(quoted(terraformName))) }\n"
    }
    out += "}\n"
    return out
  }

  // MARK: - Exercise

  /// Test code that creates this type twice, with only its required arguments and with every
  /// argument and block, each value an unknown variable of its type: the statements for each, and
  /// the extensions that give every nested block type both forms.
  func exercise() -> (requiredOnly: String, everyArgument: String, extensions: String) {
    let namer = Namer(owner: className)
    collect(schema, into: namer)
    let root = parameters(of: schema, isRoot: true, in: namer)
    func creation(_ parameters: [Parameter], every: Bool) -> String {
      let arguments = parameters.filter { every || $0.defaultValue == nil }.map { "\($0.swiftName): \(exampleValue($0, every: every))" }
      return "    _ = \(className)(\(([quoted((isDataSource ? "data." : "") + terraformType)] + arguments + ["in: scope"]).joined(separator: ", ")))\n"
    }
    var extensions = ""
    for named in namer.shapes {
      guard case .block(let block) = named.shape else { continue }
      let parameters = parameters(of: block, isRoot: false, in: namer)
      func value(every: Bool) -> String {
        let arguments = parameters.filter { every || $0.defaultValue == nil }.map { "\($0.swiftName): \(exampleValue($0, every: every))" }
        return ".init(\(arguments.joined(separator: ", ")))"
      }
      extensions += "\nextension \(className).\(named.name) {\n"
      extensions += "  static var requiredOnly: Self { \(value(every: false)) }\n"
      extensions += "  static var everyArgument: Self { \(value(every: true)) }\n}\n"
    }
    return (creation(root, every: false), creation(root, every: true), extensions)
  }

  private func exampleValue(_ parameter: Parameter, every: Bool) -> String {
    let form = every ? ".everyArgument" : ".requiredOnly"
    if let constraint = parameter.constraint { return "unknown(\(quoted(constraint)))" }
    if parameter.type.hasPrefix("[String: ") { return "[\"key\": \(form)]" }
    if parameter.type.hasPrefix("[") {
      let count = max(1, parameter.minimumBlocks)
      return "[" + Array(repeating: form, count: count).joined(separator: ", ") + "]"
    }
    return form
  }

  // MARK: - Helpers

  /// The Terraform type constraint of `type`, for a variable of that type; objects and tuples
  /// are `any`.
  static func constraint(_ type: AttributeType) -> String {
    switch type {
    case .string: "string"
    case .number: "number"
    case .bool: "bool"
    case .dynamic, .object, .tuple: "any"
    case .list(let element): "list(\(constraint(element)))"
    case .set(let element): "set(\(constraint(element)))"
    case .map(let element): "map(\(constraint(element)))"
    }
  }

  /// Every type constraint the exercise's values take.
  func exerciseConstraints() -> Set<String> {
    var result: Set<String> = []
    func visit(_ block: SchemaBlock, isRoot: Bool) {
      for (name, attribute) in block.attributes ?? [:] where attribute.isSettable && !(isRoot && !isDataSource && name == "id") {
        result.insert(Self.constraint(attribute.valueType))
      }
      for nested in (block.blockTypes ?? [:]).values { visit(nested.block, isRoot: false) }
    }
    visit(schema, isRoot: true)
    return result
  }

  /// The settable arguments, at every depth, that `matches` picks, by path.
  private func argumentPaths(_ block: SchemaBlock, prefix: String, _ matches: (SchemaAttribute) -> Bool) -> [String] {
    var paths: [String] = []
    for (name, attribute) in block.attributes ?? [:] where attribute.isSettable && matches(attribute) {
      paths.append(prefix + name)
    }
    for (name, nested) in block.blockTypes ?? [:] {
      paths += argumentPaths(nested.block, prefix: prefix + name + ".", matches)
    }
    return paths.sorted()
  }

  private func documentation(_ name: String, _ description: String?, _ notes: [String]) -> String {
    var text = "`\(name)`. " + notes.joined(separator: " ")
    if let description = description?.trimmingCharacters(in: .whitespacesAndNewlines), !description.isEmpty {
      text += " " + description.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
    return text
  }

  /// The `- Parameters:` list of an initializer's documentation.
  private func parameterDocumentation(_ parameters: [Parameter], indent: String) -> String {
    guard !parameters.isEmpty else { return "" }
    return "\(indent)/// - Parameters:\n"
      + parameters.map { "\(indent)///   - \($0.swiftName): \($0.documentation)\n" }.joined()
  }

  private func documentationLines(_ summary: String, _ description: String?, indent: String) -> String {
    var out = "\(indent)/// \(summary)\n"
    if let description = description?.trimmingCharacters(in: .whitespacesAndNewlines), !description.isEmpty {
      out += "\(indent)///\n"
      out += description.split(separator: "\n", omittingEmptySubsequences: false).map { "\(indent)/// \($0)\n" }.joined()
    }
    return out
  }
}

/// `text` as a Swift string literal.
func quoted(_ text: String) -> String {
  var out = "\""
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\r": out += "\\r"
    case "\t": out += "\\t"
    default:
      if scalar.value < 0x20 {
        out += "\\u{\(String(scalar.value, radix: 16))}"
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
  }
  return out + "\""
}
