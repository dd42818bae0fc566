import InfraKit

/// What a stack is made of and what depends on what: each resource and data source, grouped by
/// the construct that made it, and an arrow from each to everything it references or waits for
/// (`depends_on`), as Terraform orders them. Rendered as Graphviz DOT or a Mermaid flowchart,
/// byte for byte the same for the same stack.
struct StackGraph {
  struct Node {
    /// `aws_vpc.core_vpc`, `data.aws_region.current`, `var.pagerduty_url`.
    let address: String
    /// The path of the construct that made it (`core`), empty for the stack itself.
    let group: String
  }

  let name: String
  let nodes: [Node]
  /// Pairs of indices into `nodes`: the first references or waits for the second.
  let edges: [(from: Int, to: Int)]

  init(_ stack: SynthesizedStack) {
    name = stack.name
    var blocks: [(address: String, references: [String])] = []
    for resource in stack.configuration.resources {
      blocks.append((resource.reference.object, (resource.body.references + resource.meta.dependsOn).map(\.object)))
    }
    for data in stack.configuration.dataSources {
      blocks.append((data.reference.object, (data.body.references + data.meta.dependsOn).map(\.object)))
    }
    // Variables and the like are nodes when something references them.
    let known = Set(blocks.map(\.address))
    var referencedOthers: Set<String> = []
    for block in blocks {
      for target in block.references where !known.contains(target) && stack.elements[target] != nil {
        referencedOthers.insert(target)
      }
    }
    let addresses = (Array(known) + referencedOthers).sorted()
    let index = Dictionary(uniqueKeysWithValues: addresses.enumerated().map { ($1, $0) })
    nodes = addresses.map { address in
      let path = stack.elements[address]?.node.path.dropLast() ?? []
      return Node(address: address, group: path.joined(separator: "/"))
    }
    var edges: Set<[Int]> = []
    for block in blocks {
      let from = index[block.address]!
      for target in block.references {
        if let to = index[target], to != from { edges.insert([from, to]) }
      }
    }
    self.edges = edges.sorted { $0[0] != $1[0] ? $0[0] < $1[0] : $0[1] < $1[1] }.map { ($0[0], $0[1]) }
  }

  /// The nodes of each group, groups in order of their paths.
  private var groups: [(name: String, members: [Int])] {
    var byGroup: [String: [Int]] = [:]
    for (index, node) in nodes.enumerated() { byGroup[node.group, default: []].append(index) }
    return byGroup.keys.sorted().map { ($0, byGroup[$0]!) }
  }

  /// Graphviz DOT: one cluster per construct, left to right.
  var dot: String {
    var lines = ["digraph \(Self.dotQuoted(name)) {", "  rankdir=LR;", "  node [shape=box, fontname=\"Helvetica\", fontsize=10];"]
    for (number, group) in groups.enumerated() {
      let indent = group.name.isEmpty ? "  " : "    "
      if !group.name.isEmpty {
        lines += ["  subgraph cluster_\(number) {", "    label=\(Self.dotQuoted(group.name));"]
      }
      for member in group.members { lines.append("\(indent)n\(member) [label=\(Self.dotQuoted(nodes[member].address))];") }
      if !group.name.isEmpty { lines.append("  }") }
    }
    for edge in edges { lines.append("  n\(edge.from) -> n\(edge.to);") }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  /// A Mermaid flowchart: one subgraph per construct, left to right.
  var mermaid: String {
    var lines = ["flowchart LR"]
    for (number, group) in groups.enumerated() {
      let indent = group.name.isEmpty ? "  " : "    "
      if !group.name.isEmpty { lines.append("  subgraph g\(number)[\(Self.mermaidQuoted(group.name))]") }
      for member in group.members { lines.append("\(indent)n\(member)[\(Self.mermaidQuoted(nodes[member].address))]") }
      if !group.name.isEmpty { lines.append("  end") }
    }
    for edge in edges { lines.append("  n\(edge.from) --> n\(edge.to)") }
    return lines.joined(separator: "\n") + "\n"
  }

  static func dotQuoted(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }

  /// Mermaid's quoted label; a double quote is written as its entity.
  static func mermaidQuoted(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\"", with: "#quot;") + "\""
  }
}
