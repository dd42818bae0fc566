/// The ids of the problems InfraYAML reports, as they appear in brackets after a message.
public enum YAMLDiagnosticID {
  /// The file is not well-formed YAML (libyaml's parser stopped).
  public static let syntax = "yaml-syntax"
  /// The bytes are not UTF-8 text: invalid sequences, UTF-16, NUL or other control characters.
  public static let encoding = "yaml-encoding"
  /// The file holds no document, or more than one.
  public static let document = "yaml-document"
  /// An alias names no anchor, or the node that contains it.
  public static let alias = "yaml-alias"
  /// A mapping repeats a key.
  public static let duplicateKey = "yaml-duplicate-key"
  /// A mapping key is not a scalar, or a merge key (`<<`) is not given mappings.
  public static let key = "yaml-key"
  /// A tag infra does not read (`!Ref`), or one that contradicts its node.
  public static let tag = "yaml-tag"
  /// The file is larger, deeper or holds more nodes than `YAMLLimits` allows.
  public static let limit = "yaml-limit"
  /// A value has the wrong type for where it is: a sequence where a mapping belongs, `yes`
  /// where a boolean belongs.
  public static let type = "yaml-type"
  /// A mapping lacks a key it needs.
  public static let missingKey = "yaml-missing-key"
  /// The file could not be read.
  public static let unreadable = "yaml-unreadable"
}
