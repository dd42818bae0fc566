import JSON

/// A Terraform plan, as `terraform show -json PLANFILE` prints it: the resource changes infra
/// checks, each classified with the reason it happens.
public struct TerraformPlan: Sendable {
  /// `1.2`; infra reads the 0.x and 1.x formats.
  public let formatVersion: String
  public let terraformVersion: String?
  /// Every resource instance the plan touches or leaves alone, in the plan's order.
  public let changes: [ResourceChange]
  /// The root module's outputs the plan changes, by name, each with Terraform's actions
  /// (`["delete"]` for an output removed from the configuration); unchanged ones are left out.
  public let outputChanges: [(name: String, actions: [String])]

  /// Why the input is not a plan infra can check.
  public struct ReadError: Error, Hashable, Sendable {
    /// A stable id: `plan-not-json`, `plan-truncated`, `plan-is-state`, `plan-format-unsupported`, `plan-not-a-plan`.
    public let id: String
    public let message: String
    public let fix: String
    public let line: Int?
    public let column: Int?
  }

  /// Reads the JSON text of a plan.
  public static func read(_ bytes: [UInt8]) throws(ReadError) -> TerraformPlan {
    let document: JSON
    do {
      document = try JSONParser.parse(bytes)
    } catch {
      if error.atEnd {
        throw ReadError(
          id: "plan-truncated", message: "the file ends in the middle of the JSON (\(error.message)); it is truncated",
          fix: "write it again with terraform show -json PLANFILE", line: error.line, column: error.column)
      }
      throw ReadError(
        id: "plan-not-json", message: "this is not JSON: \(error.message)",
        fix: "give the output of terraform show -json PLANFILE", line: error.line, column: error.column)
    }
    return try read(document)
  }

  static func read(_ document: JSON) throws(ReadError) -> TerraformPlan {
    guard case .object = document else {
      throw notAPlan("the JSON is not an object")
    }
    if document["lineage"] != nil && document["serial"] != nil {
      throw ReadError(
        id: "plan-is-state", message: "this is a Terraform state file, not a plan",
        fix: "save a plan with terraform plan -out=PLANFILE, then give terraform show -json PLANFILE", line: nil,
        column: nil)
    }
    guard let version = document["format_version"]?.string else {
      throw notAPlan("it has no format_version")
    }
    let major = version.split(separator: ".").first.flatMap { Int($0) }
    guard major == 0 || major == 1 else {
      throw ReadError(
        id: "plan-format-unsupported", message: "plan format_version \(version) is not one infra reads (0.x and 1.x)",
        fix: "use a Terraform release whose terraform show -json writes format 1.x, or upgrade infra", line: nil,
        column: nil)
    }
    if document["planned_values"] == nil && document["resource_changes"] == nil && document["values"] != nil {
      throw ReadError(
        id: "plan-is-state", message: "this is the JSON of a Terraform state, not of a plan",
        fix: "give terraform show -json PLANFILE, for a plan saved with terraform plan -out=PLANFILE", line: nil,
        column: nil)
    }
    guard document["planned_values"] != nil || document["resource_changes"] != nil else {
      throw notAPlan("it has neither planned_values nor resource_changes")
    }
    var changes: [ResourceChange] = []
    for (index, entry) in (document["resource_changes"]?.array ?? []).enumerated() {
      changes.append(try ResourceChange(entry, index: index))
    }
    let outputChanges = (document["output_changes"]?.object ?? [:]).compactMap { name, change -> (name: String, actions: [String])? in
      let actions = change["actions"]?.array?.compactMap(\.string) ?? []
      return actions == ["no-op"] || actions.isEmpty ? nil : (name, actions)
    }.sorted { $0.name < $1.name }
    return TerraformPlan(
      formatVersion: version, terraformVersion: document["terraform_version"]?.string, changes: changes,
      outputChanges: outputChanges)
  }

  static func notAPlan(_ detail: String) -> ReadError {
    ReadError(
      id: "plan-not-a-plan", message: "this is not a Terraform plan: \(detail)",
      fix: "give the output of terraform show -json PLANFILE", line: nil, column: nil)
  }
}
