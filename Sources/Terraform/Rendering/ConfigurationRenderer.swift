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
        writer.string(moved.from.description)
        writer.key("to")
        writer.string(moved.to.description)
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
      writer.terraform(configuration.terraform)
    }
    if !configuration.variables.isEmpty {
      writer.key("variable")
      writer.beginObject()
      for variable in configuration.variables.sorted(by: { Ordering.utf8($0.name, $1.name) }) {
        writer.key(variable.name)
        writer.variable(variable)
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
        if let alias = provider.alias { extra["alias"] = .literal(alias) }
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
  /// A string written as it is.
  case literal(String)
  case bool(Bool)
  /// Strings written as they are.
  case literals([String])
  /// An object of strings written as they are.
  case literalMap([String: String])
  case expression(Expr)
  case lifecycle(Lifecycle)
}

extension JSONWriter {
  /// A value in an expression position.
  mutating func expression(_ expression: Expr) {
    switch expression {
    case .string(let value):
      templateLiteral(value)
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
      for name in members.keys.sorted(by: Ordering.utf8) {
        key(TemplateEscaping.escaped(name))
        self.expression(members[name]!)
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

  /// A value in a literal position.
  mutating func literal(_ value: JSONValue) {
    switch value {
    case .string(let text): string(text)
    case .int(let number): int(number)
    case .double(let number): double(number)
    case .bool(let flag): bool(flag)
    case .null: null()
    case .array(let elements):
      beginArray()
      for element in elements { literal(element) }
      endArray()
    case .object(let members):
      beginObject()
      for name in members.keys.sorted(by: Ordering.utf8) {
        key(name)
        literal(members[name]!)
      }
      endObject()
    }
  }

  /// A block body and, merged into the same object in key order, the extra properties.
  mutating func body(_ body: Body, extra: [String: ExtraValue] = [:]) {
    beginObject()
    var names = Array(body.entries.keys)
    names.append(contentsOf: extra.keys)
    names.sort(by: Ordering.utf8)
    for name in names {
      key(name)
      if let value = extra[name] {
        self.extra(value)
        continue
      }
      switch body.entries[name]! {
      case .argument(let value):
        expression(value)
      case .block(let nested):
        self.body(nested)
      case .blocks(let nested):
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
    if let comment { extra["//"] = .literal(comment) }
    if let provider = meta.provider { extra["provider"] = .literal(provider.description) }
    if !meta.dependsOn.isEmpty { extra["depends_on"] = .literals(meta.dependsOn.map(\.description)) }
    if let count = meta.count { extra["count"] = .expression(count) }
    if let forEach = meta.forEach { extra["for_each"] = .expression(forEach) }
    if !meta.lifecycle.isEmpty { extra["lifecycle"] = .lifecycle(meta.lifecycle) }
    self.body(body, extra: extra)
  }

  mutating func module(_ module: ModuleBlock) {
    var extra: [String: ExtraValue] = ["source": .literal(module.source)]
    if let version = module.version { extra["version"] = .literal(version) }
    if !module.dependsOn.isEmpty { extra["depends_on"] = .literals(module.dependsOn.map(\.description)) }
    if let count = module.count { extra["count"] = .expression(count) }
    if let forEach = module.forEach { extra["for_each"] = .expression(forEach) }
    if !module.providers.isEmpty { extra["providers"] = .literalMap(module.providers.mapValues(\.description)) }
    body(Body(arguments: module.arguments), extra: extra)
  }

  mutating func output(_ output: OutputBlock) {
    var extra: [String: ExtraValue] = ["value": .expression(output.value)]
    if let description = output.description { extra["description"] = .literal(description) }
    if let sensitive = output.sensitive { extra["sensitive"] = .bool(sensitive) }
    if !output.dependsOn.isEmpty { extra["depends_on"] = .literals(output.dependsOn.map(\.description)) }
    body(Body(), extra: extra)
  }

  mutating func variable(_ variable: VariableBlock) {
    beginObject()
    if let value = variable.defaultValue {
      key("default")
      literal(value)
    }
    if let description = variable.description {
      key("description")
      string(description)
    }
    if let nullable = variable.nullable {
      key("nullable")
      bool(nullable)
    }
    if let sensitive = variable.sensitive {
      key("sensitive")
      bool(sensitive)
    }
    if let type = variable.type {
      key("type")
      string(type)
    }
    endObject()
  }

  mutating func terraform(_ settings: TerraformBlock) {
    beginObject()
    if let backend = settings.backend {
      key("backend")
      beginObject()
      key(backend.type)
      literal(.object(backend.settings))
      endObject()
    }
    if !settings.requiredProviders.isEmpty {
      key("required_providers")
      beginObject()
      for name in settings.requiredProviders.keys.sorted(by: Ordering.utf8) {
        let requirement = settings.requiredProviders[name]!
        key(name)
        beginObject()
        key("source")
        string(requirement.source)
        if let version = requirement.version {
          key("version")
          string(version)
        }
        endObject()
      }
      endObject()
    }
    if let version = settings.requiredVersion {
      key("required_version")
      string(version)
    }
    endObject()
  }

  private mutating func extra(_ value: ExtraValue) {
    switch value {
    case .literal(let text):
      string(text)
    case .bool(let flag):
      bool(flag)
    case .literals(let texts):
      beginArray()
      for text in texts { string(text) }
      endArray()
    case .literalMap(let members):
      literal(.object(members.mapValues(JSONValue.string)))
    case .expression(let expression):
      self.expression(expression)
    case .lifecycle(let lifecycle):
      beginObject()
      if let flag = lifecycle.createBeforeDestroy {
        key("create_before_destroy")
        bool(flag)
      }
      switch lifecycle.ignoreChanges {
      case .all?:
        key("ignore_changes")
        string("all")
      case .attributes(let names)?:
        key("ignore_changes")
        beginArray()
        for name in names { string(name) }
        endArray()
      case nil:
        break
      }
      if let flag = lifecycle.preventDestroy {
        key("prevent_destroy")
        bool(flag)
      }
      if !lifecycle.replaceTriggeredBy.isEmpty {
        key("replace_triggered_by")
        beginArray()
        for reference in lifecycle.replaceTriggeredBy { string(reference.description) }
        endArray()
      }
      endObject()
    }
  }
}
