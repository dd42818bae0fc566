import InfraKit

/// What synthesizing `stack` reports, each diagnostic as the CLI prints it; empty when it
/// synthesizes.
func synthesisErrors(_ stack: Stack) -> [String] {
  do {
    _ = try stack.synthesize()
    return []
  } catch {
    return error.diagnostics.map(\.description)
  }
}
