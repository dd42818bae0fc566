/// How Terraform's snake_case names become Swift names, exactly and reversibly:
/// `cidr_block` is `cidrBlock`, `ipv6_cidr_block` is `ipv6CidrBlock`, `aws_eks_cluster` is
/// `AwsEksCluster`. A part that starts with a digit keeps its underscore (`log_2` stays `log_2`),
/// so turning each capital back into `_` and a small letter gives the Terraform name again.
public enum SwiftNames {
  /// `cidr_block` → `cidrBlock`.
  public static func member(_ terraformName: String) -> String {
    guard isSnakeCase(terraformName) else { return terraformName }
    var result = ""
    for (index, part) in terraformName.split(separator: "_", omittingEmptySubsequences: false).enumerated() {
      if index == 0 {
        result += part
      } else if let first = part.first, first.isLetter {
        result += first.uppercased() + part.dropFirst()
      } else {
        result += "_" + part
      }
    }
    return result
  }

  /// `aws_eks_cluster` → `AwsEksCluster`.
  public static func type(_ terraformName: String) -> String {
    let camel = member(terraformName)
    return (camel.first?.uppercased() ?? "") + camel.dropFirst()
  }

  /// `cidrBlock` → `cidr_block`: the inverse of ``member(_:)``.
  public static func terraformName(ofMember swiftName: String) -> String {
    var result = ""
    for character in swiftName {
      if character.isUppercase {
        result += "_" + character.lowercased()
      } else {
        result.append(character)
      }
    }
    return result
  }

  /// The name as written in a declaration or argument: keywords in backticks.
  public static func declared(_ name: String) -> String {
    keywords.contains(name) ? "`\(name)`" : name
  }

  /// Names the mapping handles: lowercase ASCII letters and digits in parts joined by single
  /// underscores, starting with a letter.
  static func isSnakeCase(_ name: String) -> Bool {
    let parts = name.split(separator: "_", omittingEmptySubsequences: false)
    guard let first = parts.first?.first, first.isASCII, first.isLowercase else { return false }
    return parts.allSatisfy { part in
      !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
    }
  }

  /// Swift's keywords, which need backticks as declared names.
  static let keywords: Set<String> = [
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
    "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows", "static",
    "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer", "do",
    "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while",
    "Any", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try", "some", "any",
    "Type", "Protocol",
  ]
}
