import InfraKit

/// The stacks and the values each reads from another: a box per stack, and an arrow from each
/// reader to the stack it reads, labelled with the values read, in the order Terraform applies
/// them, reversed. Byte for byte the same for the same stacks.
struct StackReadGraph {
  let names: [String]
  /// Pairs of indices into `names`, the reader first, with the values read.
  let edges: [(from: Int, to: Int, values: [String])]

  init(_ stacks: [SynthesizedStack]) {
    var names = stacks.map(\.name)
    var edges: [(from: Int, to: Int, values: [String])] = []
    for (from, stack) in stacks.enumerated() {
      for name in stack.readsFrom {
        // A stack read but not drawn (not chosen) is drawn too, so every arrow has its end.
        if !names.contains(name) { names.append(name) }
        let values = stack.valuesRead.filter { $0.stack == name }.map(\.value)
        edges.append((from, names.firstIndex(of: name)!, values))
      }
    }
    self.names = names
    self.edges = edges
  }

  /// An edge's label: the values read, one a line, at most five and then how many more.
  private static func label(_ values: [String]) -> [String] {
    values.count <= 5 ? values : Array(values.prefix(4)) + ["and \(values.count - 4) more"]
  }

  var dot: String {
    var lines = ["digraph stacks {", "  rankdir=LR;", "  node [shape=box, fontname=\"Helvetica\", fontsize=10];"]
    lines += names.enumerated().map { "  s\($0.offset) [label=\(StackGraph.dotQuoted($0.element))];" }
    lines += edges.map { edge in
      // One value a line: DOT's `\n` between the quoted values.
      let label = StackGraph.dotQuoted(Self.label(edge.values).joined(separator: "\u{1}")).replacingOccurrences(of: "\u{1}", with: "\\n")
      return "  s\(edge.from) -> s\(edge.to) [label=\(label), fontsize=9];"
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  var mermaid: String {
    var lines = ["flowchart LR"]
    lines += names.enumerated().map { "  s\($0.offset)[\(StackGraph.mermaidQuoted($0.element))]" }
    lines += edges.map { edge in
      "  s\(edge.from) -->|\(StackGraph.mermaidQuoted(Self.label(edge.values).joined(separator: "<br/>")))| s\(edge.to)"
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
