import Terraform

/// A stack: one Terraform configuration, synthesized into `out/<name>/main.tf.json` and planned
/// and applied as one unit.
open class Stack: Construct {
  /// The stack's name: its output folder, and the first component of every construct path.
  public var name: String { treeID }
  /// The `terraform` block: required versions, providers, backend.
  public var terraform: TerraformBlock
  /// What the stack is for: the constructs inside pick their defaults from it, and lint applies
  /// production rules when it is production. Nil for a stack that does not say; lint then treats
  /// it as production, and infra's production constructs ask for one.
  public let environment: Environment?

  /// Problems found while the tree was built (duplicate ids, …), reported by ``synthesize()``.
  private var constructionDiagnostics: [Diagnostic] = []
  /// Whether every construct's ``Construct/completeStack()`` has run.
  private var completed = false

  /// Creates a stack and builds its body.
  public init(
    _ name: String, environment: Environment? = nil, terraform: TerraformBlock = TerraformBlock(),
    file: String = #filePath, line: Int = #line, column: Int = #column, @ConstructBuilder _ body: () -> Void = {}
  ) {
    self.environment = environment
    self.terraform = terraform
    super.init(root: name, location: SourceLocation(file: file, line: line, column: column))
    if let problem = Self.problem(withName: name) {
      report(.error("invalid-stack-name", problem, fix: "use letters, digits, '.', '-' and '_'", at: treeLocation))
    }
    within(body)
  }

  /// Records a problem found while the tree is built.
  func report(_ diagnostic: Diagnostic) {
    constructionDiagnostics.append(diagnostic)
  }

  /// Validates the tree and turns it into a Terraform configuration.
  ///
  /// - Throws: ``SynthesisError`` with every error found, when there is one; nothing is
  ///   produced in that case.
  public func synthesize() throws(SynthesisError) -> SynthesizedStack {
    try synthesize(readingOtherStacks: false)
  }

  /// - Parameter readingOtherStacks: whether references to other stacks' objects are reads of
  ///   their outputs (``Stack/synthesize(_:)``), rather than errors.
  func synthesize(readingOtherStacks: Bool) throws(SynthesisError) -> SynthesizedStack {
    completeTree()
    var synthesizer = Synthesizer(stack: self, diagnostics: constructionDiagnostics)
    synthesizer.readsOtherStacks = readingOtherStacks
    return try synthesizer.run()
  }

  /// Lets every construct complete the stack (``Construct/completeStack()``), once.
  func completeTree() {
    guard !completed else { return }
    completed = true
    // The constructs as the body left them: what completing adds is not completed in turn.
    var constructs: [Construct] = []
    node.forEachDescendant { constructs.append($0) }
    for construct in constructs { construct.completeStack() }
  }

  private static func problem(withName name: String) -> String? {
    let allowed = name.unicodeScalars.allSatisfy { scalar in
      scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
    }
    if name.isEmpty || !allowed || name.hasPrefix(".") {
      return "stack name '\(name)' cannot be used as a folder name"
    }
    return nil
  }
}
