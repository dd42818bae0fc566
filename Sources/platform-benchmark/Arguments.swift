/// The command line of `platform-benchmark`: `--tenants N --out DIR`.
struct Arguments {
  static let usage = "usage: platform-benchmark --tenants N --out DIR   (writes DIR/main.tf.json)"

  var tenants: Int
  var out: String

  /// The arguments, or what is wrong with them.
  static func parse(_ arguments: some Sequence<String>) -> Result<Arguments, UsageError> {
    var tenants: Int?
    var out: String?
    var rest = arguments.makeIterator()
    while let argument = rest.next() {
      switch argument {
      case "--tenants":
        guard let text = rest.next(), let count = Int(text), count >= 0 else {
          return .failure(UsageError("--tenants needs a whole number of tenants, 0 or more"))
        }
        tenants = count
      case "--out":
        guard let folder = rest.next(), !folder.isEmpty else { return .failure(UsageError("--out needs a folder")) }
        out = folder
      default:
        return .failure(UsageError("unknown argument '\(argument)'"))
      }
    }
    guard let tenants else { return .failure(UsageError("--tenants is required")) }
    guard let out else { return .failure(UsageError("--out is required")) }
    return .success(Arguments(tenants: tenants, out: out))
  }
}

struct UsageError: Error {
  let message: String
  init(_ message: String) { self.message = message }
}
