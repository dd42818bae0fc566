import ArgumentParser
import InfraKit

extension Infra {
  /// `infra list`: the stacks and what they hold.
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the stacks with their resource counts.")

    @OptionGroup var selection: StackSelection

    func run() throws {
      let stacks = try Compilation.synthesize(try selection.stacks())
      let width = stacks.map(\.name.count).max() ?? 0
      for stack in stacks {
        let padding = String(repeating: " ", count: width - stack.name.count)
        Console.output("\(stack.name)\(padding)  \(stack.resourceCount.counted("resource"))")
      }
    }
  }
}
