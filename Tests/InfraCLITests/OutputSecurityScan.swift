import JSON

/// Reads a synthesized `main.tf.json` the way a security reviewer would, for what must never be
/// in it: a secret written as a literal value, an IAM policy that allows every action on every
/// resource, and one that allows an action other than a read (`Describe*`, `List*`, `Get*`) on
/// every resource without a condition narrowing it (a resource tag, the requested region).
///
/// Conservative: a policy it cannot read is a finding too, so a new way of writing policies is
/// taught to the scan rather than skipped by it.
struct OutputSecurityScan {
  /// Each problem, as `type.name: what`.
  private(set) var findings: [String] = []
  /// How many policy documents were read, so a test knows the scan saw them.
  private(set) var policiesRead = 0
  /// How many sensitive arguments were set (to references), for the same reason.
  private(set) var sensitiveArgumentsSeen = 0

  /// Whether an argument's name says it holds a secret, whatever the resource type:
  /// `password`, `master_password`, `private_key_pem`, `client_secret`, `auth_token`.
  static func namesASecret(_ key: String) -> Bool {
    key.contains("password") || key.contains("private_key")
      || ["secret", "secret_string", "token"].contains { key == $0 || key.hasSuffix("_" + $0) }
  }

  /// Scans `json`; `sensitiveArguments` are the provider's sensitive arguments by resource type,
  /// as dotted paths through nested blocks (`default_action.authenticate_oidc.client_secret`).
  init(_ json: [UInt8], sensitiveArguments: [String: [String]]) throws {
    let root = try JSONParser.parse(json)
    for section in ["resource", "data"] {
      for (type, blocks) in root[section]?.object ?? [:] {
        for (name, body) in blocks.object ?? [:] {
          scan(body, address: "\(section == "data" ? "data." : "")\(type).\(name)", type: type, sensitive: sensitiveArguments[type] ?? [])
        }
      }
    }
  }

  private mutating func scan(_ body: JSON, address: String, type: String, sensitive: [String]) {
    for path in sensitive {
      for value in Self.values(at: path.split(separator: ".").map(String.init), in: body) {
        sensitiveArgumentsSeen += 1
        if Self.isLiteral(value) { findings.append("\(address): the sensitive argument \(path) holds a literal value") }
      }
    }
    walk(body, path: "", address: address, sensitive: Set(sensitive))
    // A PagerDuty integration URL holds the integration key: it comes from a variable or SSM.
    if type == "aws_sns_topic_subscription", let endpoint = body["endpoint"], Self.isLiteral(endpoint),
      endpoint.string?.contains("pagerduty.com") == true
    {
      findings.append("\(address): endpoint is a PagerDuty integration URL written as a literal, with its key")
    }
    if address.hasPrefix("data.aws_iam_policy_document.") {
      policiesRead += 1
      for statement in body["statement"]?.array ?? [] {
        checkStatement(
          effect: statement["effect"]?.string, actions: Self.strings(statement["actions"]),
          resources: Self.strings(statement["resources"]), conditioned: !(statement["condition"]?.array ?? []).isEmpty,
          address: address)
      }
    }
  }

  /// Arguments ending in `_policy` that name a predefined policy rather than hold a document:
  /// a load balancer listener's TLS policy, its ALPN policy.
  static let policyNames: Set<String> = ["ssl_policy", "alpn_policy"]

  /// Every argument at any depth: secrets by name, and policy documents.
  private mutating func walk(_ value: JSON, path: String, address: String, sensitive: Set<String>) {
    if let object = value.object {
      for (key, member) in object where key != "//" {
        let memberPath = path.isEmpty ? key : "\(path).\(key)"
        if Self.namesASecret(key), !sensitive.contains(memberPath),
          Self.isLiteral(member)
        {
          findings.append("\(address): \(memberPath) holds a literal value")
        }
        if key == "policy" || key.hasSuffix("_policy"), !Self.policyNames.contains(key), let text = member.string {
          checkPolicy(text, address: "\(address) \(memberPath)", isKeyPolicy: Self.isKeyPolicy(address: address, path: memberPath))
        } else {
          walk(member, path: memberPath, address: address, sensitive: sensitive)
        }
      }
    } else if let array = value.array {
      for element in array { walk(element, path: path, address: address, sensitive: sensitive) }
    }
  }

  /// Whether the policy at `path` of the resource at `address` is a KMS key's own policy, whose
  /// `Resource: "*"` means the key itself: what it must not do is allow anyone at all.
  static func isKeyPolicy(address: String, path: String) -> Bool {
    path == "policy" && (address.hasPrefix("aws_kms_key.") || address.hasPrefix("aws_kms_key_policy."))
  }

  /// A policy is `${jsonencode({…})}`, a JSON string, or a reference to a policy document
  /// (which is scanned where it is defined).
  private mutating func checkPolicy(_ text: String, address: String, isKeyPolicy: Bool = false) {
    let document: JSON?
    if text.hasPrefix("${jsonencode("), text.hasSuffix(")}") {
      let inner = String(text.dropFirst("${jsonencode(".count).dropLast(2))
      document = try? JSONParser.parse(Array(Self.jsonFromObjectExpression(inner).utf8))
    } else if Self.isSingleExpression(text) {
      return
    } else {
      // A literal JSON string; `$${` is how the writer escapes a literal `${`.
      document = try? JSONParser.parse(Array(text.utf8))
    }
    guard let policy = document, policy.object != nil else {
      findings.append("\(address): the policy cannot be read by this scan; teach it this form")
      return
    }
    policiesRead += 1
    let statements = policy["Statement"].map { $0.array ?? [$0] } ?? []
    for statement in statements {
      let conditioned = !(statement["Condition"]?.object ?? [:]).isEmpty
      if isKeyPolicy {
        let principal = statement["Principal"]
        let everyone = principal?.string == "*" || Self.strings(principal?["AWS"]).contains("*")
        if (statement["Effect"]?.string ?? "Allow") == "Allow", everyone, !conditioned {
          findings.append("\(address): lets every principal (*) use the key without a condition")
        }
        continue
      }
      checkStatement(
        effect: statement["Effect"]?.string, actions: Self.strings(statement["Action"]),
        resources: Self.strings(statement["Resource"]), conditioned: conditioned, address: address)
    }
  }

  private mutating func checkStatement(effect: String?, actions: [String], resources: [String], conditioned: Bool, address: String) {
    guard (effect ?? "Allow") == "Allow", resources.contains("*") else { return }
    if actions.contains(where: { $0 == "*" || $0 == "*:*" }) {
      findings.append("\(address): allows every action (*) on every resource (*)")
      return
    }
    for action in actions where !conditioned && !Self.isRead(action) {
      findings.append("\(address): allows \(action) on every resource (*) without a condition")
    }
  }

  /// `service:Describe…`, `List…` or `Get…`, without a wildcard: an action that reads, which
  /// services often offer on no narrower resource.
  static func isRead(_ action: String) -> Bool {
    guard let name = action.split(separator: ":", maxSplits: 1).dropFirst().first, !name.contains("*") else { return false }
    return ["Describe", "List", "Get"].contains { name.hasPrefix($0) }
  }

  // MARK: - Values

  /// The values at a dotted path, through nested blocks written as objects or lists of objects.
  private static func values(at path: [String], in value: JSON) -> [JSON] {
    guard let first = path.first else { return [value] }
    if let array = value.array { return array.flatMap { values(at: path, in: $0) } }
    guard let member = value[first] else { return [] }
    return values(at: Array(path.dropFirst()), in: member)
  }

  /// A value written into the file rather than taken from elsewhere at apply time: any string
  /// that is not one whole `${…}` expression, and any number. (Booleans are switches, not secrets.)
  private static func isLiteral(_ value: JSON) -> Bool {
    switch value {
    case .string(let text): !isSingleExpression(text)
    case .number: true
    case .null, .bool, .array, .object: false
    }
  }

  private static func isSingleExpression(_ text: String) -> Bool {
    text.hasPrefix("${") && text.hasSuffix("}") && !text.dropFirst(2).contains("${")
  }

  private static func strings(_ value: JSON?) -> [String] {
    if let text = value?.string { return [text] }
    return value?.array?.compactMap(\.string) ?? []
  }

  /// `{"Key" = value, …}`, as infra writes an object expression, turned into JSON: each `=`
  /// outside a string becomes `:`; a template's interpolation inside a string is kept as a
  /// placeholder; and each value that is an expression rather than a literal (a reference such
  /// as `aws_db_instance.x.master_user_secret[0].secret_arn`, a call such as `zipmap([…], […])`)
  /// becomes a string holding its text. A policy can only be flagged for a `*` written
  /// literally: a computed part is never read as one. Anything else will not parse, and the
  /// caller reports the policy as unreadable.
  static func jsonFromObjectExpression(_ text: String) -> String {
    let characters = Array(text)
    var result = ""
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if character == "\"" {
        // A string, each interpolation (whose own quotes do not end it) a placeholder.
        result.append("\"")
        index += 1
        var escaped = false
        while index < characters.count {
          let inner = characters[index]
          if !escaped, inner == "$", index + 1 < characters.count, characters[index + 1] == "{" {
            result += "${interpolation}"
            index = endOfInterpolation(characters, from: index + 1)
            continue
          }
          result.append(inner)
          index += 1
          if escaped { escaped = false } else if inner == "\\" { escaped = true } else if inner == "\"" { break }
        }
      } else if character.isLetter || character == "_" {
        let end = endOfExpression(characters, from: index)
        let expression = String(characters[index..<end])
        if ["true", "false", "null"].contains(expression) {
          result += expression
        } else {
          result += "\"" + expression.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        index = end
      } else {
        result.append(character == "=" ? ":" : character)
        index += 1
      }
    }
    return result
  }

  /// The index just past the string literal opening at `start`, interpolations and all.
  private static func endOfString(_ characters: [Character], from start: Int) -> Int {
    var index = start + 1
    var escaped = false
    while index < characters.count {
      let character = characters[index]
      if !escaped, character == "$", index + 1 < characters.count, characters[index + 1] == "{" {
        index = endOfInterpolation(characters, from: index + 1)
        continue
      }
      index += 1
      if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { break }
    }
    return index
  }

  /// The index just past the `}` closing the interpolation whose `{` is at `open`.
  private static func endOfInterpolation(_ characters: [Character], from open: Int) -> Int {
    var index = open + 1
    var depth = 1
    while index < characters.count {
      let character = characters[index]
      if character == "\"" {
        index = endOfString(characters, from: index)
        continue
      }
      if character == "{" { depth += 1 }
      if character == "}" {
        depth -= 1
        if depth == 0 { return index + 1 }
      }
      index += 1
    }
    return index
  }

  /// The index just past the expression starting at `start`: up to a `,`, `}` or `]` outside
  /// its own brackets and strings.
  private static func endOfExpression(_ characters: [Character], from start: Int) -> Int {
    var index = start
    var depth = 0
    while index < characters.count {
      let character = characters[index]
      if character == "\"" {
        index = endOfString(characters, from: index)
        continue
      }
      if "([{".contains(character) { depth += 1 }
      if ")]}".contains(character) {
        if depth == 0 { break }
        depth -= 1
      }
      if character == ",", depth == 0 { break }
      index += 1
    }
    return index
  }
}
