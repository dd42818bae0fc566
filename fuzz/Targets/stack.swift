// The stack file compiler under libFuzzer: any bytes must give a stack that synthesizes (or
// stops with located errors), or located errors; never a crash, hang or leak. Built by fuzz/run
// only.
import InfraCore
import StackFiles

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStackFile(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
  do {
    let stack = try StackFiles.stack(bytes: bytes, file: "fuzz.yaml")
    do {
      let synthesized = try stack.synthesize()
      precondition(!synthesized.json().isEmpty, "an empty configuration")
    } catch {
      precondition(!error.diagnostics.isEmpty, "a synthesis error with no diagnostic")
      error.diagnostics.forEach(checkShape)
    }
  } catch {
    precondition(!error.diagnostics.isEmpty, "a stack file error with no diagnostic")
    error.diagnostics.forEach(checkShape)
  }
  return 0
}

/// `file:LINE:COLUMN: error: what; fix [id]`.
private func checkShape(_ diagnostic: Diagnostic) {
  let text = diagnostic.description
  precondition(diagnostic.location != nil && text.contains(": error: "), "badly shaped: \(text)")
  precondition(text.hasSuffix("]") && text.contains(" ["), "no id: \(text)")
  guard let location = diagnostic.location else { return }
  precondition(location.line >= 1 && location.column >= 1, "no line: \(text)")
}
