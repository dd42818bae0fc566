/// The types to generate bindings for: one per line, resources by name (`aws_vpc`), data sources
/// with `data.` in front (`data.aws_region`). `#` starts a comment.
///
/// A type may go on with `requires` and the blocks that the provider requires, exactly one of
/// each, but whose schema does not say so (blocks of the plugin framework carry no item counts):
/// `aws_prometheus_scraper requires source.eks destination.amp` makes `source`, `source.eks`,
/// `destination` and `destination.amp` required arguments of the binding.
public struct TypeList: Sendable, Equatable {
  public var resources: [String]
  public var dataSources: [String]
  /// The blocks each type requires beyond what its schema says, as dotted paths.
  public var requiredBlocks: [String: [String]]

  public init(resources: [String], dataSources: [String], requiredBlocks: [String: [String]] = [:]) {
    self.resources = resources
    self.dataSources = dataSources
    self.requiredBlocks = requiredBlocks
  }

  public init(parsing text: String) throws(BindingError) {
    var resources: [String] = [], dataSources: [String] = []
    var requiredBlocks: [String: [String]] = [:]
    var seen: Set<String> = []
    for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        .trimmingCharacters(in: .whitespaces)
      guard !line.isEmpty else { continue }
      let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
      let name = words[0]
      if words.count > 1 {
        guard words[1] == "requires", words.count > 2, !name.hasPrefix("data.") else {
          throw BindingError("line \(index + 1): after '\(name)' write 'requires' and the blocks it requires, e.g. 'requires source.eks'")
        }
        requiredBlocks[name] = Array(words.dropFirst(2))
      }
      guard seen.insert(name).inserted else {
        throw BindingError("line \(index + 1): '\(name)' is listed twice")
      }
      if name.hasPrefix("data.") {
        dataSources.append(String(name.dropFirst(5)))
      } else {
        resources.append(name)
      }
    }
    self.resources = resources.sorted()
    self.dataSources = dataSources.sorted()
    self.requiredBlocks = requiredBlocks
  }
}

/// A problem with the generator's input, said for a person.
public struct BindingError: Error, CustomStringConvertible, Sendable {
  public let description: String
  public init(_ description: String) { self.description = description }
}

extension Substring {
  func trimmingCharacters(in set: Set<Character>) -> String {
    String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
  }
}

extension Set where Element == Character {
  static let whitespaces: Set<Character> = [" ", "\t", "\r"]
}
