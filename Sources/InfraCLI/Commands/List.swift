import ArgumentParser
import InfraKit
import JSON

extension Infra {
  /// `infra list`: the stacks, what they hold, and the stacks each reads values from.
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the stacks with their resource counts and the stacks each reads.",
      discussion: """
        A stack that uses another stack's constructs reads their values from that stack's \
        outputs, so Terraform must apply it after that stack. --order lists the stacks in that \
        order, for a pipeline or a script that applies them one by one.

        --format json writes schema infra-list/1: {"schema", "stacks": [{"name", "resources", \
        "reads"}]}.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
      case text, json
    }

    @OptionGroup var selection: StackSelection

    @Flag(help: "List the stacks in the order to apply them: each after the stacks it reads.")
    var order = false

    @Option(help: ArgumentHelp("text or json.", valueName: "format"))
    var format: Format = .text

    func run() throws {
      let synthesized = try Compilation.synthesize(selection)
      let stacks = order ? SynthesizedStack.inApplyOrder(synthesized) : synthesized
      switch format {
      case .text:
        let width = stacks.map(\.name.count).max() ?? 0
        let counts = stacks.map { $0.resourceCount.counted("resource") }
        let countWidth = counts.map(\.count).max() ?? 0
        for (stack, count) in zip(stacks, counts) {
          let name = stack.name.padding(toLength: width, withPad: " ", startingAt: 0)
          let reads = stack.readsFrom.isEmpty ? "" : "  reads " + stack.readsFrom.joined(separator: ", ")
          let line = "\(name)  \(String(repeating: " ", count: countWidth - count.count))\(count)\(reads)"
          Console.output(reads.isEmpty ? String(line.reversed().drop { $0 == " " }.reversed()) : line)
        }
      case .json:
        var json = JSONWriter()
        json.object { json in
          json.member("schema", "infra-list/1")
          json.array("stacks") { json in
            for stack in stacks {
              json.object { json in
                json.member("name", stack.name)
                json.member("resources", stack.resourceCount)
                json.array("reads") { json in
                  for name in stack.readsFrom { json.string(name) }
                }
              }
            }
          }
        }
        Console.output(String(decoding: json.finish(), as: UTF8.self), terminator: "")
      }
    }
  }
}
