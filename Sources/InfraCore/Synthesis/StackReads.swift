import JSON
import Terraform

/// A value one stack reads from another: a reference, made from an element of the stack
/// `stack`, in a block of the reading stack.
///
/// Stacks pass values through Terraform's own outputs and `terraform_remote_state`: the stack
/// that declares the object writes an output for each value other stacks read
/// (`aws_subnet__core_private_a__id = aws_subnet.core_private_a.id`), and the reading stack reads
/// it from the declaring stack's state, in the backend that stack keeps its state in
/// (`data.terraform_remote_state.platform.outputs.aws_subnet__core_private_a__id`). The reading
/// stack needs read access to that state, and is applied after it.
struct StackRead {
  let reference: Reference
  /// The stack that declares the object.
  let stack: String
  /// The element whose block refers to it.
  let element: TerraformElement

  /// The output the declaring stack writes for the value.
  var outputName: String { Self.outputName(of: reference) }

  /// The output for `reference`: the steps of its traversal joined by `__`,
  /// `aws_subnet.core_private_a.id` → `aws_subnet__core_private_a__id`,
  /// `aws_eks_cluster.main.vpc_config[0].cluster_security_group_id` →
  /// `aws_eks_cluster__main__vpc_config__0__cluster_security_group_id`. Two values could only
  /// share a name through names that hold `__` themselves, which ``Stack/synthesize(_:)`` refuses.
  static func outputName(of reference: Reference) -> String {
    let steps = reference.path.map { step in
      switch step {
      case .attribute(let name): name
      case .index(let index): String(index)
      case .key(let key): Identifier.sanitized(key)
      }
    }
    return (reference.object.split(separator: ".").map(String.init) + steps).joined(separator: "__")
  }

  /// Why `reference`, to an object of the stack `other`, cannot be read from there; nil when it can.
  static func problem(
    reading reference: Reference, from other: String, in element: TerraformElement, of stack: Stack, together: Bool
  ) -> Diagnostic? {
    if let resource = element as? Resource, resource.lifecycle.replaceTriggeredBy.contains(reference) {
      return .error(
        "replaced-by-other-stack",
        "'\(element.node.pathDescription)' is replaced when '\(reference.traversal)' of the stack '\(other)' changes; Terraform sees changes within one stack only",
        fix: "trigger the replacement from a value of '\(stack.name)', or move the two resources into one stack",
        at: element.node.origin, path: element.node.pathDescription)
    }
    if reference.isWholeObject {
      return .error(
        "depends-on-other-stack",
        "'\(element.node.pathDescription)' depends on '\(reference.object)' of the stack '\(other)'; Terraform orders resources within one stack only",
        fix: "remove the dependency: the stack '\(stack.name)' is applied after the stacks it reads values from (infra list --order)",
        at: element.node.origin, path: element.node.pathDescription)
    }
    guard together else {
      return .error(
        "reference-to-other-stack",
        "'\(element.node.pathDescription)' refers to '\(reference.object)' of the stack '\(other)', which is synthesized apart from '\(stack.name)'",
        fix: "synthesize the stacks together (Stack.synthesize([...]) in Swift; infra synth does), so '\(stack.name)' reads the value from the outputs of '\(other)'",
        at: element.node.origin, path: element.node.pathDescription)
    }
    return nil
  }
}

extension Stack {
  /// The names of the stacks whose values this one reads, in the order first read, found
  /// without synthesizing it (so they are known of a stack with errors too).
  public func stacksRead() -> [String] {
    completeTree()
    var names: [String] = []
    node.forEachDescendant { construct in
      guard let element = construct as? TerraformElement else { return }
      for reference in element.references {
        if let other = reference.stack, other != name { names.append(other) }
      }
    }
    return names.uniqued()
  }

  /// Synthesizes `stacks` together: a stack that uses another's constructs reads their values
  /// from that stack's outputs (``StackRead``), which that stack writes. Every stack's result is
  /// given, in order; a read of a stack that is not among `stacks`, or stacks that read from
  /// each other in a cycle, fail the reading stacks.
  public static func synthesize(_ stacks: [Stack]) -> [Result<SynthesizedStack, SynthesisError>] {
    var results = stacks.map { stack in
      Result { () throws(SynthesisError) in try stack.synthesize(readingOtherStacks: true) }
    }
    var index: [String: Int] = [:]
    for (position, stack) in stacks.enumerated() { index[stack.name] = index[stack.name] ?? position }

    // Reads of stacks that are not here, cycles, and values that cannot have an output of their
    // own fail the reading stack; each judged on what every stack reads, before any fails.
    var failures: [Int: [Diagnostic]] = [:]
    let synthesizedAlone = results
    for (position, result) in synthesizedAlone.enumerated() {
      guard case .success(let synthesized) = result else { continue }
      var problems: [Diagnostic] = []
      var reported: Set<String> = []
      for read in synthesized.reads where index[read.stack] == nil && reported.insert(read.stack).inserted {
        problems.append(
          .error(
            "unknown-stack",
            "'\(read.element.node.pathDescription)' reads '\(read.reference.object)' from the stack '\(read.stack)', which is not among the stacks synthesized",
            fix: "synthesize '\(read.stack)' with '\(synthesized.name)'", at: read.element.node.origin,
            path: read.element.node.pathDescription))
      }
      if let cycle = cycle(from: synthesized.name, results: synthesizedAlone, index: index),
        let read = synthesized.reads.first(where: { $0.stack == cycle[1] })
      {
        problems.append(
          .error(
            "stack-cycle",
            "the stacks \(cycle.map { "'\($0)'" }.joined(separator: " → ")) read values from each other; '\(read.element.node.pathDescription)' reads '\(read.reference.object)' from '\(read.stack)'",
            fix: "move what both need into one of them, or into a third stack both read; Terraform applies a stack only after the stacks it reads",
            at: read.element.node.origin, path: read.element.node.pathDescription))
      }
      if !problems.isEmpty { failures[position] = problems }
    }
    failures.merge(Self.outputNameClashes(in: synthesizedAlone, index: index)) { $0 + $1 }
    for (position, problems) in failures {
      results[position] = .failure(SynthesisError(diagnostics: problems))
    }

    // Outputs for what others read, and the reads themselves.
    var outputs: [String: [StackRead]] = [:]
    for case .success(let synthesized) in results {
      for read in synthesized.reads { outputs[read.stack, default: []].append(read) }
    }
    for (position, result) in results.enumerated() {
      guard case .success(var synthesized) = result else { continue }
      if let reads = outputs[synthesized.name] {
        synthesized.configuration.outputs += Self.outputs(for: reads)
      }
      if !synthesized.reads.isEmpty {
        synthesized.readsFrom = synthesized.reads.map(\.stack).uniqued()
        synthesized.configuration = synthesized.configuration.replacingReferences { reference in
          guard let other = reference.stack, other != synthesized.name else { return nil }
          return .reference(remoteState(of: other).attribute("outputs").attribute(StackRead.outputName(of: reference)))
        }
        synthesized.configuration.dataSources += synthesized.readsFrom.map { name in
          remoteStateBlock(of: stacks[index[name]!], from: synthesized.stack)
        }
      }
      results[position] = .success(synthesized)
    }
    return results
  }

  /// The stacks of a cycle of reads through `start`, `start` first and last; nil when there is none.
  private static func cycle(
    from start: String, results: [Result<SynthesizedStack, SynthesisError>], index: [String: Int]
  ) -> [String]? {
    func reads(of name: String) -> [String] {
      guard let position = index[name], case .success(let synthesized) = results[position] else { return [] }
      return synthesized.reads.map(\.stack).uniqued()
    }
    var path = [start]
    var visited: Set<String> = []
    func search(_ name: String) -> Bool {
      for next in reads(of: name) {
        if next == start { path.append(next); return true }
        guard visited.insert(next).inserted else { continue }
        path.append(next)
        if search(next) { return true }
        path.removeLast()
      }
      return false
    }
    return search(start) ? path : nil
  }

  /// Reads whose output name another value read from the same stack, or an output that stack
  /// declares itself, already has: by reading stack.
  private static func outputNameClashes(
    in results: [Result<SynthesizedStack, SynthesisError>], index: [String: Int]
  ) -> [Int: [Diagnostic]] {
    var claimed: [String: [String: String]] = [:]  // stack → output name → traversal
    for case .success(let synthesized) in results {
      for output in synthesized.configuration.outputs { claimed[synthesized.name, default: [:]][output.name] = "its own output" }
    }
    var clashes: [Int: [Diagnostic]] = [:]
    for (position, result) in results.enumerated() {
      guard case .success(let synthesized) = result else { continue }
      for read in synthesized.reads where index[read.stack] != nil {
        let traversal = read.reference.traversal
        let taken = claimed[read.stack]?[read.outputName]
        if taken == nil {
          claimed[read.stack, default: [:]][read.outputName] = traversal
        } else if taken != traversal {
          clashes[position, default: []].append(
            .error(
              "stack-output-name-taken",
              "'\(read.element.node.pathDescription)' reads '\(traversal)' from the stack '\(read.stack)', whose output for it, '\(read.outputName)', is \(taken == "its own output" ? "an output that stack declares itself" : "already the output of '\(taken!)'")",
              fix: "rename the output '\(read.outputName)' of '\(read.stack)', or a resource so that its name holds no '__'",
              at: read.element.node.origin, path: read.element.node.pathDescription))
        }
      }
    }
    return clashes
  }

  /// One output per value read, in the order of their names.
  private static func outputs(for reads: [StackRead]) -> [OutputBlock] {
    var byName: [String: StackRead] = [:]
    for read in reads where byName[read.outputName] == nil { byName[read.outputName] = read }
    return byName.keys.sorted(by: Ordering.utf8).map { name in
      let read = byName[name]!
      return OutputBlock(
        name, value: .reference(read.reference.withoutStack),
        description: "\(read.reference.traversal), read by other stacks")
    }
  }

  /// `data.terraform_remote_state.<stack>`
  private static func remoteState(of stack: String) -> Reference {
    .dataSource(type: "terraform_remote_state", name: Identifier.sanitized(stack))
  }

  /// The `terraform_remote_state` data source that reads `producer`'s outputs from the backend
  /// it keeps its state in; a stack without a backend keeps its state in its own folder, beside
  /// the reader's.
  private static func remoteStateBlock(of producer: Stack, from reader: Stack) -> DataSourceBlock {
    let backend = producer.terraform.backend ?? Backend(type: "local", settings: [:])
    var settings = backend.settings
    if backend.type == "local" {
      let path = backend.settings["path"].flatMap { if case .string(let path) = $0 { path } else { nil } } ?? "terraform.tfstate"
      settings["path"] = .string(path.hasPrefix("/") ? path : "../\(producer.name)/\(path)")
    }
    return DataSourceBlock(
      type: "terraform_remote_state", name: Identifier.sanitized(producer.name),
      comment: "\(reader.name) reads the outputs of \(producer.name)",
      body: ["backend": .string(backend.type), "config": .object(settings.mapValues(Expr.init(literal:)))])
  }
}

extension Array where Element == String {
  /// The strings in order, each once.
  fileprivate func uniqued() -> [String] {
    var seen: Set<String> = []
    return filter { seen.insert($0).inserted }
  }
}

extension SynthesizedStack {
  /// `stacks` in the order Terraform must apply them: every stack after the stacks it reads
  /// values from, and otherwise in the order given. Reads of stacks not among `stacks` are
  /// left to whoever applies those.
  public static func inApplyOrder(_ stacks: [SynthesizedStack]) -> [SynthesizedStack] {
    let names = Set(stacks.map(\.name))
    var placed: Set<String> = []
    var ordered: [SynthesizedStack] = []
    var waiting = stacks
    while !waiting.isEmpty {
      // The first stack whose reads are all placed; with no cycles (an error of synthesis), one always is.
      let next = waiting.firstIndex { $0.readsFrom.allSatisfy { !names.contains($0) || placed.contains($0) } } ?? 0
      let stack = waiting.remove(at: next)
      placed.insert(stack.name)
      ordered.append(stack)
    }
    return ordered
  }
}
