/// The `terraform` block: the Terraform version, the providers with their sources and version
/// constraints, and the backend. Every string here is a literal.
public struct TerraformBlock: Hashable, Sendable {
  /// A version constraint on Terraform itself, e.g. `>= 1.10.0`.
  public var requiredVersion: String?
  /// Local provider name (`aws`) to its source and version constraint.
  public var requiredProviders: [String: ProviderRequirement]
  public var backend: Backend?

  public init(
    requiredVersion: String? = nil,
    requiredProviders: [String: ProviderRequirement] = [:],
    backend: Backend? = nil
  ) {
    self.requiredVersion = requiredVersion
    self.requiredProviders = requiredProviders
    self.backend = backend
  }

  public var isEmpty: Bool { requiredVersion == nil && requiredProviders.isEmpty && backend == nil }
}

/// Where a provider comes from and which versions are acceptable.
public struct ProviderRequirement: Hashable, Sendable {
  /// `hashicorp/aws`
  public var source: String
  /// `~> 5.100`
  public var version: String?

  public init(source: String, version: String? = nil) {
    self.source = source
    self.version = version
  }
}

/// Where Terraform keeps state: a backend type and its literal settings.
public struct Backend: Hashable, Sendable {
  /// `s3`, `local`, `remote`, …
  public var type: String
  public var settings: [String: JSONValue]

  public init(type: String, settings: [String: JSONValue]) {
    self.type = type
    self.settings = settings
  }
}
