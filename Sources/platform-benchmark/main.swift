// platform-benchmark --tenants N --out DIR: synthesizes the benchmark platform for N tenants
// into DIR/main.tf.json through the same synthesis and writer as `infra synth`, and prints one
// line: where, how many resources, how many bytes.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import InfraKit

func fail(_ message: String) -> Never {
  let line = Array("platform-benchmark: \(message)\n".utf8)
  _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
  exit(2)
}

let arguments: Arguments
switch Arguments.parse(CommandLine.arguments.dropFirst()) {
case .success(let parsed): arguments = parsed
case .failure(let error): fail("\(error.message)\n\(Arguments.usage)")
}

let stack = BenchmarkPlatform.stack(tenants: arguments.tenants)
let synthesized: SynthesizedStack
do {
  synthesized = try stack.synthesize()
} catch {
  fail(error.description)
}
do {
  let result = try StackWriter.write(stack: synthesized.name, json: synthesized.json(), toFolder: arguments.out)
  print("\(result.changed ? "wrote" : "unchanged") \(result.path) (\(synthesized.resourceCount) resources, \(result.bytes) bytes)")
} catch {
  fail(error.description)
}
