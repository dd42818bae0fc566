import JSON

/// One resource instance in a plan: what Terraform will do to it, and why.
public struct ResourceChange: Sendable {
  /// `module.network.aws_subnet.private["a"]`
  public let address: String
  /// The address before a `moved` block renamed it.
  public let previousAddress: String?
  /// `module.network`, for resources in child modules.
  public let moduleAddress: String?
  /// False for data sources.
  public let isManaged: Bool
  public let type: String
  public let name: String
  public let actions: [String]
  public let actionReason: String?
  /// The attribute paths whose change forces a replacement.
  public let replacePaths: [String]
  public let before: JSON?
  public let after: JSON?
  /// Attributes whose new value is known only after apply.
  public let afterUnknown: JSON?
  /// The id given to an `import` block, when the plan imports this object.
  public let importID: String?
  /// What Terraform will do.
  public let kind: Kind

  /// What Terraform will do to the object.
  public enum Kind: String, Sendable, CaseIterable {
    case noOp = "no-op"
    case create
    case read
    case update
    /// A new object first, then the old one destroyed: `create_before_destroy`.
    case replaceCreateFirst = "replace (create first)"
    /// The old object destroyed first: nothing is there until the new one is created.
    case replaceDestroyFirst = "replace (destroy first)"
    case delete
    /// Removed from the state; the object itself is kept.
    case forget

    /// The kind as machine-readable output spells it: `replace-destroy-first`.
    public var identifier: String {
      switch self {
      case .replaceCreateFirst: "replace-create-first"
      case .replaceDestroyFirst: "replace-destroy-first"
      default: rawValue
      }
    }

    public var isReplacement: Bool { self == .replaceCreateFirst || self == .replaceDestroyFirst }
    /// Whether the existing object stops existing.
    public var destroysObject: Bool { isReplacement || self == .delete }
  }

  init(_ entry: JSON, index: Int) throws(TerraformPlan.ReadError) {
    guard let address = entry["address"]?.string, let change = entry["change"],
      let actions = change["actions"]?.array?.compactMap(\.string), !actions.isEmpty
    else {
      throw TerraformPlan.notAPlan("resource_changes[\(index)] has no address or no change.actions")
    }
    guard let kind = Self.kind(of: actions) else {
      throw TerraformPlan.notAPlan("resource_changes[\(index)] (\(address)) has unknown actions \(actions)")
    }
    self.address = address
    self.previousAddress = entry["previous_address"]?.string
    self.moduleAddress = entry["module_address"]?.string
    self.isManaged = entry["mode"]?.string != "data"
    self.type = entry["type"]?.string ?? ""
    self.name = entry["name"]?.string ?? ""
    self.actions = actions
    self.actionReason = entry["action_reason"]?.string
    self.replacePaths = (change["replace_paths"]?.array ?? []).compactMap { $0.array.map(Self.pathText) }
    self.before = change["before"].flatMap { $0.isNull ? nil : $0 }
    self.after = change["after"].flatMap { $0.isNull ? nil : $0 }
    self.afterUnknown = change["after_unknown"]
    self.importID = change["importing"].flatMap { $0["id"]?.string ?? ($0.object != nil ? "" : nil) }
    self.kind = kind
  }

  private static func kind(of actions: [String]) -> Kind? {
    switch actions {
    case ["no-op"]: .noOp
    case ["create"]: .create
    case ["read"]: .read
    case ["update"]: .update
    case ["delete", "create"]: .replaceDestroyFirst
    case ["create", "delete"]: .replaceCreateFirst
    case ["delete"]: .delete
    case ["forget"]: .forget
    default: nil
    }
  }

  /// `scaling_config[0].desired_size`, from `["scaling_config", 0, "desired_size"]`.
  static func pathText(_ steps: [JSON]) -> String {
    var text = ""
    for step in steps {
      switch step {
      case .string(let name): text += text.isEmpty ? name : "." + name
      // Terraform writes whole indexes; any other number (1e400 in a hand-made file) is shown
      // as written rather than converted, which would trap.
      case .number(let index): text += "[\(Int(exactly: index).map(String.init) ?? step.shortText)]"
      default: text += "[?]"
      }
    }
    return text
  }

  /// The top-level attributes whose value changes, including those known only after apply.
  public var changedAttributes: [String] {
    guard let before = before?.object, let after = after?.object else { return [] }
    let unknown = afterUnknown?.object ?? [:]
    let names = Set(before.keys).union(after.keys)
    return names.filter { name in
      before[name] != after[name] || (unknown[name]?.bool == true && before[name] != nil)
    }.sorted()
  }

  /// Why the change happens, in words: "replaced because `instance_types` changed".
  public var reason: String {
    var text: String
    switch kind {
    case .noOp: text = "unchanged"
    case .create: text = "created"
    case .read: text = "read during apply" + (actionReason == "read_because_dependency_pending"
        ? ", because it depends on changes not yet applied" : "")
    case .update:
      let changed = changedAttributes
      text = changed.isEmpty ? "updated in place" : "updated in place: \(Prose.codeList(changed)) \(changed.count == 1 ? "changes" : "change")"
    case .replaceCreateFirst, .replaceDestroyFirst: text = replacementReason
    case .delete: text = deletionReason
    case .forget: text = "removed from the state; the object itself is kept"
    }
    if let previousAddress { text += ", moved from \(previousAddress)" }
    if let importID { text += importID.isEmpty ? ", imported" : ", imported from id \(importID)" }
    return text
  }

  private var replacementReason: String {
    switch actionReason {
    case "replace_because_tainted": return "replaced because it is tainted"
    case "replace_by_request": return "replaced because the plan was made with -replace"
    case "replace_by_triggers": return "replaced because something in its replace_triggered_by changed"
    default:
      guard !replacePaths.isEmpty else { return "replaced because a change cannot be made in place" }
      return "replaced because \(Prose.codeList(replacePaths)) changed"
    }
  }

  private var deletionReason: String {
    switch actionReason {
    case "delete_because_no_resource_config": "deleted because it is no longer in the configuration"
    case "delete_because_no_module": "deleted because its module is no longer in the configuration"
    case "delete_because_wrong_repetition": "deleted because the resource switched between count and for_each"
    case "delete_because_count_index": "deleted because count no longer includes its index"
    case "delete_because_each_key": "deleted because for_each no longer includes its key"
    case "delete_because_no_move_target": "deleted because its moved block points at nothing"
    default: "deleted"
    }
  }
}
