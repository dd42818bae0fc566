import Terraform

/// A field of an ARN that Terraform knows only after apply, read from it with `split`: no data
/// source, so plans need no AWS call.
enum ARNField: Int {
  case partition = 1
  case region = 3
  case account = 4

  /// The field of `arn`, as a Terraform expression.
  func of(_ arn: Expr) -> Expr {
    .call("element", [.call("split", [":", arn]), .int(rawValue)])
  }
}
