import Foundation

/// Cuts a provider's full schema down to the listed types, so the repository keeps only what
/// its bindings are generated from, and regenerating needs no Terraform.
public enum SchemaSubset {
  /// The subset of `schemas` for `types` of `provider` (`registry.terraform.io/hashicorp/aws`).
  public static func extract(
    from schemas: ProviderSchemas, provider: String, version: String, types: TypeList, command: String
  ) throws(BindingError) -> ProviderSchemas {
    let source = try providerSchema(in: schemas, named: provider)
    var subset = ProviderSchema(resourceSchemas: [:], dataSourceSchemas: [:])
    for type in types.resources {
      guard let schema = source.resourceSchemas?[type] else {
        throw BindingError("the schema of \(provider) has no resource type '\(type)'\(suggestion(type, in: source.resourceSchemas))")
      }
      subset.resourceSchemas?[type] = schema
    }
    for type in types.dataSources {
      guard let schema = source.dataSourceSchemas?[type] else {
        throw BindingError("the schema of \(provider) has no data source 'data.\(type)'\(suggestion(type, in: source.dataSourceSchemas))")
      }
      subset.dataSourceSchemas?[type] = schema
    }
    return ProviderSchemas(
      formatVersion: schemas.formatVersion, providerSchemas: [provider: subset],
      infraSubset: SubsetOrigin(provider: provider, version: version, extractedWith: command))
  }

  /// The one provider in `schemas` named `name`, or the only one when `name` is nil.
  static func providerSchema(in schemas: ProviderSchemas, named name: String?) throws(BindingError) -> ProviderSchema {
    if let name {
      guard let schema = schemas.providerSchemas[name] else {
        throw BindingError(
          "the schema has no provider '\(name)'; it has \(schemas.providerSchemas.keys.sorted().joined(separator: ", "))")
      }
      return schema
    }
    guard schemas.providerSchemas.count == 1, let only = schemas.providerSchemas.values.first else {
      throw BindingError(
        "the schema has \(schemas.providerSchemas.count) providers; name one with --provider (\(schemas.providerSchemas.keys.sorted().joined(separator: ", ")))")
    }
    return only
  }

  /// Deterministic JSON, sorted by key, that diffs by type: the outer objects one member per
  /// line, each type's schema on one line of its own.
  public static func encoded(_ schemas: ProviderSchemas) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    func json(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
    func section(_ types: [String: TypeSchema]?, indent: String) throws -> String {
      let lines = try (types ?? [:]).sorted { $0.key < $1.key }.map { "\(indent)  \(try json($0.key)): \(try json($0.value))" }
      return "{\n" + lines.joined(separator: ",\n") + "\n\(indent)}"
    }
    var providers: [String] = []
    for (name, provider) in schemas.providerSchemas.sorted(by: { $0.key < $1.key }) {
      providers.append(
        "    \(try json(name)): {\n"
          + "      \"data_source_schemas\": \(try section(provider.dataSourceSchemas, indent: "      ")),\n"
          + "      \"resource_schemas\": \(try section(provider.resourceSchemas, indent: "      "))\n    }")
    }
    var text = "{\n  \"format_version\": \(try json(schemas.formatVersion)),\n"
    if let origin = schemas.infraSubset { text += "  \"infra_subset\": \(try json(origin)),\n" }
    text += "  \"provider_schemas\": {\n" + providers.joined(separator: ",\n") + "\n  }\n}\n"
    return Data(text.utf8)
  }

  public static func decoded(_ data: Data) throws(BindingError) -> ProviderSchemas {
    do {
      return try JSONDecoder().decode(ProviderSchemas.self, from: data)
    } catch {
      throw BindingError("not a provider schema (the output of `terraform providers schema -json`): \(error)")
    }
  }

  private static func suggestion(_ type: String, in schemas: [String: TypeSchema]?) -> String {
    let close = (schemas?.keys ?? [:].keys).filter { $0.hasPrefix(type) || type.hasPrefix($0) }.sorted().prefix(3)
    return close.isEmpty ? "" : "; did you mean \(close.joined(separator: ", "))?"
  }
}
