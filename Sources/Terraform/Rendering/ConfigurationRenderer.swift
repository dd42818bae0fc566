/// Writes a ``TerraformConfiguration`` as Terraform JSON.
///
/// Every object is written with its keys in ``Ordering/utf8(_:_:)`` order, so the output depends
/// on the configuration's content only, never on dictionary or construction order. Strings in
/// expression positions are escaped as template literals; strings in literal positions (the
/// `terraform` block, variable type/default/description, output description, module
/// source/version, provider alias, meta-argument addresses) are written as they are.
enum ConfigurationRenderer {
  static func render(_ configuration: TerraformConfiguration) -> [UInt8] {
    var writer = JSONWriter(reservingCapacity: 4096 + configuration.resources.count * 640)
    writer.beginObject()
    if let comment = configuration.comment {
      writer.key("//")
      writer.string(comment)
    }
    if !configuration.dataSources.isEmpty {
      writer.key("data")
      let blocks = configuration.dataSources
      writeGrouped(count: blocks.count, type: { blocks[$0].type }, name: { blocks[$0].name }, into: &writer) {
        $1.block(blocks[$0].body, comment: blocks[$0].comment, meta: blocks[$0].meta)
      }
    }
    if !configuration.locals.isEmpty {
      writer.key("locals")
      writer.beginObject()
      for name in configuration.locals.keys.sorted(by: Ordering.utf8) {
        writer.key(name)
        writer.expression(configuration.locals[name]!)
      }
      writer.endObject()
    }
    if !configuration.modules.isEmpty {
      writer.key("module")
      writer.beginObject()
      for module in configuration.modules.sorted(by: { Ordering.utf8($0.name, $1.name) }) {
        writer.key(module.name)
        writer.module(module)
      }
      writer.endObject()
    }
    if !configuration.moved.isEmpty {
      writer.key("moved")
      writer.beginArray()
      for moved in configuration.moved {
        writer.beginObject()
        writer.key("from")
        writer.string(moved.from.traversal)
        writer.key("to")
        writer.string(moved.to.traversal)
        writer.endObject()
      }
      writer.endArray()
    }
    if !configuration.outputs.isEmpty {
      writer.key("output")
      writer.beginObject()
      for output in configuration.outputs.sorted(by: { Ordering.utf8($0.name, $1.name) }) {
        writer.key(output.name)
        writer.output(output)
      }
      writer.endObject()
    }
    if !configuration.providers.isEmpty {
      writer.key("provider")
      writeProviders(configuration.providers, into: &writer)
    }
    if !configuration.resources.isEmpty {
      writer.key("resource")
      let blocks = configuration.resources
      writeGrouped(count: blocks.count, type: { blocks[$0].type }, name: { blocks[$0].name }, into: &writer) {
        $1.block(blocks[$0].body, comment: blocks[$0].comment, meta: blocks[$0].meta)
      }
    }
    if !configuration.terraform.isEmpty {
      writer.key("terraform")
      writer.literal(configuration.terraform.json)
    }
    if !configuration.variables.isEmpty {
      writer.key("variable")
      writer.beginObject()
      for variable in configuration.variables.sorted(by: { Ordering.utf8($0.name, $1.name) }) {
        writer.key(variable.name)
        writer.literal(variable.json)
      }
      writer.endObject()
    }
    writer.endObject()
    return writer.finish()
  }

  /// `{ TYPE: { NAME: {…} } }`, types and names sorted. Sorts indices, not the blocks, so
  /// large blocks are never moved.
  private static func writeGrouped(
    count: Int, type: (Int) -> String, name: (Int) -> String, into writer: inout JSONWriter,
    writeBlock: (Int, inout JSONWriter) -> Void
  ) {
    let order = (0..<count).sorted { lhs, rhs in
      let lhsType = type(lhs)
      let rhsType = type(rhs)
      return lhsType == rhsType ? Ordering.utf8(name(lhs), name(rhs)) : Ordering.utf8(lhsType, rhsType)
    }
    writer.beginObject()
    var position = 0
    while position < order.count {
      let currentType = type(order[position])
      writer.key(currentType)
      writer.beginObject()
      while position < order.count && type(order[position]) == currentType {
        writer.key(name(order[position]))
        writeBlock(order[position], &writer)
        position += 1
      }
      writer.endObject()
    }
    writer.endObject()
  }

  /// `{ NAME: [ {default}, {alias a}, {alias b} ] }`: the default configuration first, then by alias.
  private static func writeProviders(_ providers: [ProviderBlock], into writer: inout JSONWriter) {
    let sorted = providers.sorted { lhs, rhs in
      guard lhs.name == rhs.name else { return Ordering.utf8(lhs.name, rhs.name) }
      // An alias is never empty, so the default configuration ("") sorts first.
      return Ordering.utf8(lhs.alias ?? "", rhs.alias ?? "")
    }
    writer.beginObject()
    var index = 0
    while index < sorted.count {
      let name = sorted[index].name
      writer.key(name)
      writer.beginArray()
      while index < sorted.count && sorted[index].name == name {
        let provider = sorted[index]
        var extra: [String: ExtraValue] = [:]
        if let alias = provider.alias { extra["alias"] = .literal(.string(alias)) }
        writer.body(provider.body, extra: extra)
        index += 1
      }
      writer.endArray()
    }
    writer.endObject()
  }
}

/// A property written next to a body's own entries: a comment, an alias, a meta-argument.
enum ExtraValue {
  /// Written as it is.
  case literal(JSONValue)
  /// Written as an expression: strings escaped as template literals.
  case expression(Expr)
}

extension JSONWriter {
  /// A value in an expression position.
  mutating func expression(_ expression: Expr) {
    switch expression {
    case .string(let value):
      // Terraform reads it as a template in which `value` stands for itself.
      string(TemplateEscaping.escaped(value))
    case .int(let value):
      int(value)
    case .double(let value):
      double(value)
    case .bool(let value):
      bool(value)
    case .null:
      null()
    case .list(let elements):
      beginArray()
      for element in elements { self.expression(element) }
      endArray()
    case .object(let members):
      beginObject()
      // Keys are templates too; sort by the key as the user wrote it.
      for (name, value) in members.sorted(by: { Ordering.utf8($0.key, $1.key) }) {
        key(TemplateEscaping.escaped(name))
        self.expression(value)
      }
      endObject()
    case .template(let parts):
      string(HCLRenderer.templateContent(parts, inQuotes: false))
    case .raw(let hcl):
      string("${" + hcl + "}")
    case .reference, .call:
      string("${" + HCLRenderer.render(expression) + "}")
    }
  }

  /// A block body and, merged into the same object in key order, the extra properties.
  mutating func body(_ body: Body, extra: [String: ExtraValue] = [:]) {
    beginObject()
    // Names and values together, so that writing them needs no lookups by name (hashing the
    // names was a fifth of a large synthesis). An extra wins over a body entry of the same
    // name: the construct layer reports such entries, and the output stays valid JSON either way.
    enum Member {
      case entry(Body.Entry)
      case extra(ExtraValue)
    }
    var members: [(name: String, value: Member)] = []
    members.reserveCapacity(body.entries.count + extra.count)
    // A resource has a handful of extras at most: comparing with each beats hashing every name.
    let extraNames = Array(extra.keys)
    for (name, entry) in body.entries where !extraNames.contains(name) {
      members.append((name, .entry(entry)))
    }
    for (name, value) in extra { members.append((name, .extra(value))) }
    // Sorting positions moves small integers, not names and values.
    let order = members.indices.sorted { Ordering.utf8(members[$0].name, members[$1].name) }
    for position in order {
      let (name, member) = members[position]
      key(name)
      switch member {
      case .extra(.literal(let value)):
        literal(value)
      case .extra(.expression(let value)):
        expression(value)
      case .entry(.argument(let value)):
        expression(value)
      case .entry(.block(let nested)):
        self.body(nested)
      case .entry(.blocks(let nested)):
        beginArray()
        for element in nested { self.body(element) }
        endArray()
      }
    }
    endObject()
  }

  /// A resource's or data source's body with its comment and meta-arguments.
  mutating func block(_ body: Body, comment: String?, meta: MetaArguments) {
    var extra: [String: ExtraValue] = [:]
    if let comment { extra["//"] = .literal(.string(comment)) }
    if let provider = meta.provider { extra["provider"] = .literal(.string(provider.description)) }
    if !meta.dependsOn.isEmpty { extra["depends_on"] = .literal(.addresses(meta.dependsOn)) }
    if let count = meta.count { extra["count"] = .expression(count) }
    if let forEach = meta.forEach { extra["for_each"] = .expression(forEach) }
    if !meta.lifecycle.isEmpty { extra["lifecycle"] = .literal(meta.lifecycle.json) }
    self.body(body, extra: extra)
  }

  mutating func module(_ module: ModuleBlock) {
    var extra: [String: ExtraValue] = ["source": .literal(.string(module.source))]
    if let version = module.version { extra["version"] = .literal(.string(version)) }
    if !module.dependsOn.isEmpty { extra["depends_on"] = .literal(.addresses(module.dependsOn)) }
    if let count = module.count { extra["count"] = .expression(count) }
    if let forEach = module.forEach { extra["for_each"] = .expression(forEach) }
    if !module.providers.isEmpty {
      extra["providers"] = .literal(.object(module.providers.mapValues { .string($0.description) }))
    }
    body(Body(arguments: module.arguments), extra: extra)
  }

  mutating func output(_ output: OutputBlock) {
    var extra: [String: ExtraValue] = ["value": .expression(output.value)]
    if let description = output.description { extra["description"] = .literal(.string(description)) }
    if let sensitive = output.sensitive { extra["sensitive"] = .literal(.bool(sensitive)) }
    if !output.dependsOn.isEmpty { extra["depends_on"] = .literal(.addresses(output.dependsOn)) }
    body(Body(), extra: extra)
  }
}

extension JSONValue {
  /// Whole-object references as `depends_on` and `replace_triggered_by` take them: `aws_vpc.core`.
  static func addresses(_ references: [Reference]) -> JSONValue {
    .array(references.map { .string($0.traversal) })
  }
}

extension VariableBlock {
  /// Every setting is literal.
  var json: JSONValue {
    var members: [String: JSONValue] = [:]
    members["type"] = type.map(JSONValue.string)
    members["default"] = defaultValue
    members["description"] = description.map(JSONValue.string)
    members["sensitive"] = sensitive.map(JSONValue.bool)
    members["nullable"] = nullable.map(JSONValue.bool)
    return .object(members)
  }
}

extension Lifecycle {
  /// Every setting is literal: flags are booleans, the rest attribute paths and addresses.
  var json: JSONValue {
    var members: [String: JSONValue] = [:]
    members["create_before_destroy"] = createBeforeDestroy.map(JSONValue.bool)
    members["prevent_destroy"] = preventDestroy.map(JSONValue.bool)
    switch ignoreChanges {
    case .all?: members["ignore_changes"] = "all"
    case .attributes(let paths)?: members["ignore_changes"] = .array(paths.map(JSONValue.string))
    case nil: break
    }
    if !replaceTriggeredBy.isEmpty { members["replace_triggered_by"] = .addresses(replaceTriggeredBy) }
    return .object(members)
  }
}

extension TerraformBlock {
  /// Every setting is literal, the backend's included.
  var json: JSONValue {
    var members: [String: JSONValue] = [:]
    members["required_version"] = requiredVersion.map(JSONValue.string)
    if !requiredProviders.isEmpty {
      members["required_providers"] = .object(
        requiredProviders.mapValues { requirement in
          var provider: [String: JSONValue] = ["source": .string(requirement.source)]
          provider["version"] = requirement.version.map(JSONValue.string)
          return .object(provider)
        })
    }
    if let backend { members["backend"] = .object([backend.type: .object(backend.settings)]) }
    return .object(members)
  }
}
