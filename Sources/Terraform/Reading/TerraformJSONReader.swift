import JSON

/// Reads a `*.tf.json` file written by anything (infra, CDK for Terraform, a script, a person)
/// into the configuration model, with where each block starts, so rules written for infra's
/// own output read any Terraform JSON alike.
///
/// It reads what rules look at: providers, managed resources and data sources, with their
/// meta-arguments. Variables, locals, outputs, module calls and the `terraform` block are
/// not read. JSON cannot tell a nested block from an object argument without the provider's
/// schema, so both read as arguments, and ``Body/blocks(_:)`` reads an object argument as a
/// block. `"//"` properties are comments: a resource's, when it is text or CDK for Terraform's
/// `metadata.path`, is kept as the block's comment.
public enum TerraformJSONReader {
  /// A file's configuration, and the line and column where each block's body starts.
  public struct Document: Sendable {
    public var configuration: TerraformConfiguration
    /// By address: `aws_vpc.core`, `data.aws_region.current`, `provider.aws`, `provider.aws.euc1`.
    public var positions: [String: Position]
  }

  /// A line and column in the file, both from 1 (the column in bytes).
  public struct Position: Hashable, Sendable {
    public let line: Int
    public let column: Int
  }

  /// Why the file is not a Terraform JSON configuration, and where.
  public struct ReadError: Error, Hashable, Sendable {
    public let message: String
    public let position: Position
  }

  /// The configuration `bytes` holds.
  public static func read(_ bytes: [UInt8]) throws(ReadError) -> Document {
    let document: JSON
    let locations: JSONParser.Locations
    do {
      (document, locations) = try JSONParser.parseWithLocations(bytes)
    } catch {
      throw ReadError(message: "not JSON: \(error.message)", position: Position(line: error.line, column: error.column))
    }
    var reader = Reader(locations: locations)
    try reader.read(document)
    return Document(configuration: reader.configuration, positions: reader.positions)
  }

  private struct Reader {
    let locations: JSONParser.Locations
    var configuration = TerraformConfiguration()
    var positions: [String: Position] = [:]

    func position(_ path: String) -> Position {
      let found = locations[path] ?? (1, 1)
      return Position(line: found.line, column: found.column)
    }

    mutating func read(_ document: JSON) throws(ReadError) {
      guard case .object(let members) = document else {
        throw ReadError(message: "a Terraform JSON file holds one object", position: position(""))
      }
      if case .string(let comment)? = members["//"] { configuration.comment = comment }
      for (kind, value) in members.sorted(by: { $0.key < $1.key }) {
        switch kind {
        case "resource", "data":
          try eachLabelled(value, at: kind, depth: 2) { labels, body, path throws(ReadError) in
            try add(kind == "data" ? .data : .resource, type: labels[0], name: labels[1], body: body, at: path)
          }
        case "provider":
          try eachLabelled(value, at: kind, depth: 1) { labels, body, path throws(ReadError) in
            try addProvider(labels[0], body: body, at: path)
          }
        default: break
        }
      }
    }

    /// Calls `visit` with the labels and body of each block under `value`, `depth` labels deep:
    /// `{"aws_vpc": {"core": {…}}}`. Terraform accepts an array of objects at any level.
    func eachLabelled(
      _ value: JSON, at path: String, depth: Int, labels: [String] = [],
      _ visit: ([String], [String: JSON], String) throws(ReadError) -> Void
    ) throws(ReadError) {
      switch value {
      case .array(let elements):
        for (index, element) in elements.enumerated() {
          try eachLabelled(element, at: "\(path)[\(index)]", depth: depth, labels: labels, visit)
        }
      case .object(let members) where labels.count == depth:
        try visit(labels, members, path)
      case .object(let members):
        for (label, inner) in members.sorted(by: { $0.key < $1.key }) where label != "//" {
          try eachLabelled(inner, at: "\(path).\(label)", depth: depth, labels: labels + [label], visit)
        }
      default:
        let what = labels.count == depth ? "a block's body" : "an object of \(labels.isEmpty ? "blocks" : "named blocks")"
        throw ReadError(message: "'\(path)' must be \(what)", position: position(path))
      }
    }

    private enum Kind { case resource, data }

    private mutating func add(_ kind: Kind, type: String, name: String, body members: [String: JSON], at path: String) throws(ReadError) {
      guard Identifier.isValid(type), Identifier.isValid(name) else {
        throw ReadError(message: "'\(type).\(name)' is not a block address Terraform accepts", position: position(path))
      }
      let address = kind == .data ? "data.\(type).\(name)" : "\(type).\(name)"
      guard positions[address] == nil else {
        throw ReadError(message: "'\(address)' is declared twice", position: position(path))
      }
      positions[address] = position(path)
      var arguments = members
      let meta = try metaArguments(taking: &arguments, at: path)
      let comment = Self.comment(arguments.removeValue(forKey: "//"))
      let body = Self.body(arguments)
      switch kind {
      case .resource:
        configuration.resources.append(ResourceBlock(type: type, name: name, comment: comment, body: body, meta: meta))
      case .data:
        configuration.dataSources.append(DataSourceBlock(type: type, name: name, comment: comment, body: body, meta: meta))
      }
    }

    private mutating func addProvider(_ name: String, body members: [String: JSON], at path: String) throws(ReadError) {
      var arguments = members
      arguments["//"] = nil
      let alias = arguments.removeValue(forKey: "alias")
      guard Identifier.isValid(name) else {
        throw ReadError(message: "'\(name)' is not a provider name Terraform accepts", position: position(path))
      }
      if let alias, !(alias.string.map(Identifier.isValid) ?? false) {
        throw ReadError(message: "the alias of provider '\(name)' must be a name Terraform accepts", position: position(path + ".alias"))
      }
      let block = ProviderBlock(name, alias: alias?.string, body: Self.body(arguments))
      let address = "provider.\(block.reference)"
      guard positions[address] == nil else {
        throw ReadError(message: "provider '\(block.reference)' is configured twice", position: position(path))
      }
      positions[address] = position(path)
      configuration.providers.append(block)
    }

    /// Takes `provider`, `depends_on`, `count`, `for_each` and `lifecycle` out of a body.
    private func metaArguments(taking arguments: inout [String: JSON], at path: String) throws(ReadError) -> MetaArguments {
      var meta = MetaArguments()
      if let provider = arguments.removeValue(forKey: "provider") {
        let parts = provider.string.map(Self.withoutInterpolation)?.split(separator: ".").map(String.init) ?? []
        guard (1...2).contains(parts.count), parts.allSatisfy(Identifier.isValid) else {
          throw ReadError(
            message: "'provider' must name a provider configuration, as \"aws\" or \"aws.alias\"", position: position(path + ".provider"))
        }
        meta.provider = ProviderReference(name: parts[0], alias: parts.count == 2 ? parts[1] : nil)
      }
      meta.dependsOn = Self.references(arguments.removeValue(forKey: "depends_on"))
      meta.count = arguments.removeValue(forKey: "count").map(Self.expression)
      meta.forEach = arguments.removeValue(forKey: "for_each").map(Self.expression)
      if let lifecycle = arguments.removeValue(forKey: "lifecycle")?.object {
        meta.lifecycle.createBeforeDestroy = Self.flag(lifecycle["create_before_destroy"])
        meta.lifecycle.preventDestroy = Self.flag(lifecycle["prevent_destroy"])
        switch lifecycle["ignore_changes"] {
        case .string(let text)? where Self.withoutInterpolation(text) == "all": meta.lifecycle.ignoreChanges = .all
        case .array(let paths)?: meta.lifecycle.ignoreChanges = .attributes(paths.compactMap { $0.string.map(Self.withoutInterpolation) })
        default: break
        }
        meta.lifecycle.replaceTriggeredBy = Self.references(lifecycle["replace_triggered_by"])
      }
      arguments["provisioner"] = nil
      arguments["connection"] = nil
      return meta
    }

    static func body(_ members: [String: JSON]) -> Body {
      var arguments: [String: Expr] = [:]
      arguments.reserveCapacity(members.count)
      for (name, value) in members where name != "//" { arguments[name] = expression(value) }
      return Body(arguments: arguments)
    }

    static func expression(_ value: JSON) -> Expr {
      switch value {
      case .null: .null
      case .bool(let flag): .bool(flag)
      case .number(let number): number.rounded() == number && abs(number) < 1e15 ? .int(Int(number)) : .double(number)
      case .string(let text): ExpressionReader.expression(fromTemplate: text)
      case .array(let elements): .list(elements.map(expression))
      case .object(let members): .object(members.filter { $0.key != "//" }.mapValues(expression))
      }
    }

    static func comment(_ value: JSON?) -> String? {
      value?.string ?? value?["metadata"]?["path"]?.string
    }

    static func flag(_ value: JSON?) -> Bool? {
      switch value {
      case .bool(let flag)?: flag
      case .string("true")?: true
      case .string("false")?: false
      default: nil
      }
    }

    static func references(_ value: JSON?) -> [Reference] {
      value?.array?.compactMap { $0.string.flatMap(ExpressionReader.reference) } ?? []
    }

    static func withoutInterpolation(_ text: String) -> String {
      text.hasPrefix("${") && text.hasSuffix("}") ? String(text.dropFirst(2).dropLast()) : text
    }
  }
}
