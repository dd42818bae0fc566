@_spi(Testing) import InfraCLI
import Foundation

// `infra`, with its writer pausing before each 4 KiB and each rename, for the tests that kill it
// at each step of a write (CrashSafetyTests): `slow-writing-infra <milliseconds> synth ...`.
// The shipped `infra` has no such pause.
var arguments = Array(CommandLine.arguments.dropFirst())
guard let milliseconds = arguments.first.flatMap(UInt32.init), milliseconds < 10_000 else {
  print("usage: slow-writing-infra <milliseconds below 10000> <infra arguments>")
  exit(2)
}
arguments.removeFirst()
exit(Infra.$writePauseMicroseconds.withValue(milliseconds * 1000) { Infra.run(arguments) })
