/// The part of `terraform providers schema -json` that bindings are generated from: the
/// resource and data source schemas of each provider.
public struct ProviderSchemas: Codable, Sendable {
  public var formatVersion: String
  public var providerSchemas: [String: ProviderSchema]
  /// Where a subset came from, written by `infra-bindgen extract`; absent in Terraform's output.
  public var infraSubset: SubsetOrigin?

  enum CodingKeys: String, CodingKey {
    case formatVersion = "format_version"
    case providerSchemas = "provider_schemas"
    case infraSubset = "infra_subset"
  }
}

/// The provider, version and command a schema subset was extracted with.
public struct SubsetOrigin: Codable, Sendable, Equatable {
  public var provider: String
  public var version: String
  public var extractedWith: String

  enum CodingKeys: String, CodingKey {
    case provider, version
    case extractedWith = "extracted_with"
  }
}

public struct ProviderSchema: Codable, Sendable {
  public var resourceSchemas: [String: TypeSchema]?
  public var dataSourceSchemas: [String: TypeSchema]?

  enum CodingKeys: String, CodingKey {
    case resourceSchemas = "resource_schemas"
    case dataSourceSchemas = "data_source_schemas"
  }
}

/// The schema of one resource or data source type.
public struct TypeSchema: Codable, Sendable {
  public var version: Int?
  public var block: SchemaBlock
}

public struct SchemaBlock: Codable, Sendable, Hashable {
  public var attributes: [String: SchemaAttribute]?
  public var blockTypes: [String: NestedBlock]?
  public var description: String?
  public var deprecated: Bool?

  enum CodingKeys: String, CodingKey {
    case attributes, description, deprecated
    case blockTypes = "block_types"
  }
}

public struct SchemaAttribute: Codable, Sendable, Hashable {
  /// The value type; absent when the attribute is described by `nestedType` instead.
  public var type: AttributeType?
  public var nestedType: NestedAttributes?
  public var description: String?
  public var required: Bool?
  public var optional: Bool?
  public var computed: Bool?
  public var sensitive: Bool?
  public var deprecated: Bool?
  /// Sent to the provider on apply and never stored in state (`password_wo`).
  public var writeOnly: Bool?

  enum CodingKeys: String, CodingKey {
    case type, description, required, optional, computed, sensitive, deprecated
    case nestedType = "nested_type"
    case writeOnly = "write_only"
  }

  /// Whether a configuration may set it.
  public var isSettable: Bool { required == true || optional == true }

  /// The value type, with nested attributes seen as the object type they stand for.
  public var valueType: AttributeType {
    if let type { return type }
    guard let nestedType else { return .dynamic }
    let object = AttributeType.object(nestedType.attributes.mapValues(\.valueType))
    switch nestedType.nestingMode {
    case "list": return .list(object)
    case "set": return .set(object)
    case "map": return .map(object)
    default: return object
    }
  }
}

/// Attributes nested in an attribute (protocol 6 providers).
public struct NestedAttributes: Codable, Sendable, Hashable {
  public var attributes: [String: SchemaAttribute]
  public var nestingMode: String

  enum CodingKeys: String, CodingKey {
    case attributes
    case nestingMode = "nesting_mode"
  }
}

public struct NestedBlock: Codable, Sendable, Hashable {
  /// `single`, `group`, `list`, `set` or `map`.
  public var nestingMode: String
  public var block: SchemaBlock
  public var minItems: Int?
  public var maxItems: Int?

  enum CodingKeys: String, CodingKey {
    case block
    case nestingMode = "nesting_mode"
    case minItems = "min_items"
    case maxItems = "max_items"
  }
}

/// A Terraform type constraint as the schema writes it: `"string"`, `["list", "string"]`,
/// `["object", {"issuer": "string"}]`.
public indirect enum AttributeType: Codable, Sendable, Hashable {
  case string, number, bool, dynamic
  case list(AttributeType)
  case set(AttributeType)
  case map(AttributeType)
  case object([String: AttributeType])
  case tuple([AttributeType])

  public init(from decoder: any Decoder) throws {
    if let single = try? decoder.singleValueContainer(), let name = try? single.decode(String.self) {
      switch name {
      case "string": self = .string
      case "number": self = .number
      case "bool": self = .bool
      case "dynamic": self = .dynamic
      default:
        throw DecodingError.dataCorruptedError(in: single, debugDescription: "unknown type '\(name)'")
      }
      return
    }
    var container = try decoder.unkeyedContainer()
    let kind = try container.decode(String.self)
    switch kind {
    case "list": self = .list(try container.decode(AttributeType.self))
    case "set": self = .set(try container.decode(AttributeType.self))
    case "map": self = .map(try container.decode(AttributeType.self))
    case "object": self = .object(try container.decode([String: AttributeType].self))
    case "tuple": self = .tuple(try container.decode([AttributeType].self))
    default:
      throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown type '\(kind)'")
    }
  }

  public func encode(to encoder: any Encoder) throws {
    switch self {
    case .string, .number, .bool, .dynamic:
      var single = encoder.singleValueContainer()
      try single.encode(String(describing: self))
    case .list(let element), .set(let element), .map(let element):
      var container = encoder.unkeyedContainer()
      try container.encode(kindName)
      try container.encode(element)
    case .object(let members):
      var container = encoder.unkeyedContainer()
      try container.encode("object")
      try container.encode(members)
    case .tuple(let elements):
      var container = encoder.unkeyedContainer()
      try container.encode("tuple")
      try container.encode(elements)
    }
  }

  private var kindName: String {
    switch self {
    case .list: "list"
    case .set: "set"
    case .map: "map"
    default: String(describing: self)
    }
  }
}
