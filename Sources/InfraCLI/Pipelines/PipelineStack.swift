import InfraCore
import InfraKit
import Terraform

/// What a CI pipeline needs to know of one stack: where its plan and apply run, which account's
/// roles they assume, and the stacks that must be applied before it.
struct PipelineStack: Equatable {
  let name: String
  let region: String
  let account: String
  /// Stacks whose outputs this one reads: applied first, and planned before it.
  var dependsOn: [String] = []

  /// The partition of the stack's region: China and GovCloud regions have their own.
  var partition: String {
    if region.hasPrefix("cn-") { return "aws-cn" }
    if region.hasPrefix("us-gov-") { return "aws-us-gov" }
    return "aws"
  }

  /// The ARN of the role `name` in the stack's account.
  func role(_ name: String) -> String { "arn:\(partition):iam::\(account):role/\(name)" }

  /// The pipeline's view of `stack`, or the problems that keep CI from planning and applying it:
  /// no account to assume roles in, or state kept where CI loses it.
  static func of(_ stack: Stack) -> Result<PipelineStack, PipelineProblems> {
    let provider = stack.node.children.lazy.compactMap { $0 as? AWSProvider }.first { $0.alias == nil }
    var problems: [Diagnostic] = []
    if provider?.account == nil {
      problems.append(
        .error(
          "ci-stack-without-account",
          "stack '\(stack.name)' names no AWS account, and CI assumes its plan and apply roles in the stack's account",
          fix: "add 'account: \"111122223333\"' to the stack file (in Swift, AWSStack's account:)", at: stack.node.location))
    }
    if stack.terraform.backend == nil || stack.terraform.backend?.type == "local" {
      problems.append(
        .error(
          "ci-stack-without-backend",
          "stack '\(stack.name)' keeps its state in a local file, which a CI job loses when it ends",
          fix: "add 'backend: {s3: {bucket: <bucket>}}' to the stack file (in Swift, AWSStack's backend:)", at: stack.node.location))
    }
    guard problems.isEmpty, let provider, let account = provider.account else { return .failure(PipelineProblems(problems)) }
    return .success(PipelineStack(name: stack.name, region: provider.region.code, account: account))
  }
}

/// Why a pipeline cannot be written for some stacks.
struct PipelineProblems: Error {
  let diagnostics: [Diagnostic]
  init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}
