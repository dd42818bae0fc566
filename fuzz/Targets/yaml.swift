// The YAML loader under libFuzzer: any bytes must give a tree or located errors, and never
// crash, hang, leak or break the shape of a diagnostic. Built by fuzz/run only.
import Diagnostics
import InfraYAML

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAMLLoader(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
  do {
    let root = try YAMLLoader.load(bytes, file: "fuzz.yaml")
    _ = visit(root)
  } catch {
    precondition(!error.diagnostics.isEmpty, "a load error with no diagnostic")
    for diagnostic in error.diagnostics {
      checkShape(diagnostic, lineCount: lineCount(bytes))
    }
  }
  return 0
}

/// Walks the tree without recursion, asking every scalar what it means, as a stack reader will.
private func visit(_ root: YAMLNode) -> Int {
  var pending = [root]
  var visited = 0
  while let node = pending.popLast() {
    visited += 1
    precondition(node.location.line >= 1 && node.location.column >= 1, "a node at \(node.location)")
    switch node.content {
    case .scalar(let scalar):
      _ = (scalar.kind, scalar.boolValue, scalar.integerValue, scalar.doubleValue)
    case .sequence(let elements):
      pending.append(contentsOf: elements)
    case .mapping(let mapping):
      for entry in mapping.entries {
        precondition(mapping[entry.name] != nil, "the key '\(entry.name)' is not found by name")
        pending.append(entry.value)
      }
    }
  }
  return visited
}

/// `fuzz.yaml:LINE:COLUMN: error: what; fix [yaml-…]`, inside the text.
private func checkShape(_ diagnostic: Diagnostic, lineCount: Int) {
  let text = diagnostic.description
  precondition(text.hasPrefix("fuzz.yaml:") && text.contains(": error: "), "badly shaped: \(text)")
  precondition(text.hasSuffix("]") && text.contains(" [yaml-"), "no id: \(text)")
  guard let location = diagnostic.location else { preconditionFailure("no location: \(text)") }
  precondition(location.line >= 1 && location.line <= lineCount && location.column >= 1, "outside the text: \(text)")
}

/// Lines as libyaml counts them, generously: every line break byte starts one, and the end may.
private func lineCount(_ bytes: [UInt8]) -> Int {
  bytes.reduce(2) { count, byte in count + (byte == 0x0A || byte == 0x0D || byte == 0x85 || byte == 0xA8 || byte == 0xA9 ? 1 : 0) }
}
