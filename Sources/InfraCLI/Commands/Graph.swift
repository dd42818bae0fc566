import ArgumentParser
import InfraKit

extension Infra {
  /// `infra graph`: a picture of one stack.
  struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Draw a stack's resources, grouped by construct, and what each depends on.",
      discussion: """
        Prints one stack as Graphviz DOT (render it with `dot -Tsvg`) or a Mermaid flowchart \
        (which GitHub and GitLab draw in Markdown): a box per resource, data source and referenced \
        variable, grouped by the construct that made it, and an arrow from each to what it \
        references or waits for, the order Terraform creates them in, reversed.

        With --stack-reads, draws the stacks instead: an arrow from each stack to every stack it \
        reads values from, labelled with the values, the order Terraform applies them in, reversed.

        Exit codes: 0 drawn; 2 bad input (a stack with errors, or more than one stack chosen \
        without --stack-reads).
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
      case dot, mermaid
    }

    @OptionGroup var selection: StackSelection

    @Option(help: ArgumentHelp("dot or mermaid.", valueName: "format"))
    var format: Format = .dot

    @Flag(
      name: .customLong("stack-reads"),
      help: "Draw the stacks instead, with an arrow from each to the stacks it reads values from, labelled with the values.")
    var stackReads = false

    func run() throws {
      let stacks = try Compilation.synthesize(selection)
      if stackReads {
        let graph = StackReadGraph(stacks)
        Console.output(format == .dot ? graph.dot : graph.mermaid, terminator: "")
        return
      }
      guard stacks.count == 1, let stack = stacks.first else {
        Console.error(
          "infra: error: graph draws one stack, and \(stacks.count) were chosen (\(stacks.map(\.name).joined(separator: ", "))); name one with --stack or as an argument [graph-one-stack]"
        )
        throw ExitCode.badInput
      }
      let graph = StackGraph(stack)
      Console.output(format == .dot ? graph.dot : graph.mermaid, terminator: "")
    }
  }
}
