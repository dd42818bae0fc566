/// infra's version: the one place it is written. `infra --version` prints it, and the SARIF
/// reports of `infra lint` and `infra check-plan` name it as their tool's version, so a finding
/// uploaded to code scanning says which infra found it.
public enum InfraVersion {
  public static let current = "0.1.0"
}
