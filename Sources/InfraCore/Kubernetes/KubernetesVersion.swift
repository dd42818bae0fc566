/// The Kubernetes version an EKS cluster runs, major and minor: `"1.31"`, or
/// `KubernetesVersion(1, 31)`.
///
/// Text that is not a version EKS names (`v1.31`, `1.31.2`, `latest`) is kept as written and
/// reported at the cluster's line when the stack is synthesized.
public struct KubernetesVersion: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
  /// The version as EKS names it: `1.31`.
  public let description: String

  public init(_ text: String) { description = text }

  public init(_ major: Int, _ minor: Int) { description = "\(major).\(minor)" }

  public init(stringLiteral value: String) { self.init(value) }

  /// The major and minor numbers, when the text is a version EKS names.
  public var components: (major: Int, minor: Int)? {
    let parts = description.split(separator: ".", omittingEmptySubsequences: false)
    // Plain decimal numbers: no sign, no leading zero, as EKS writes versions.
    guard parts.count == 2,
      parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy { ("0"..."9").contains($0) } && ($0 == "0" || $0.first != "0") }),
      let major = Int(parts[0]), let minor = Int(parts[1])
    else { return nil }
    return (major, minor)
  }
}
