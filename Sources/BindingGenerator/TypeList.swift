/// The types to generate bindings for: one per line, resources by name (`aws_vpc`), data sources
/// with `data.` in front (`data.aws_region`). `#` starts a comment.
public struct TypeList: Sendable, Equatable {
  public var resources: [String]
  public var dataSources: [String]

  public init(resources: [String], dataSources: [String]) {
    self.resources = resources
    self.dataSources = dataSources
  }

  public init(parsing text: String) throws(BindingError) {
    var resources: [String] = [], dataSources: [String] = []
    var seen: Set<String> = []
    for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        .trimmingCharacters(in: .whitespaces)
      guard !line.isEmpty else { continue }
      guard seen.insert(line).inserted else {
        throw BindingError("line \(index + 1): '\(line)' is listed twice")
      }
      if line.hasPrefix("data.") {
        dataSources.append(String(line.dropFirst(5)))
      } else {
        resources.append(line)
      }
    }
    self.resources = resources.sorted()
    self.dataSources = dataSources.sorted()
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
