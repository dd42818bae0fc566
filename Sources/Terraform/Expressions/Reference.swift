/// A reference to a named object of a configuration and, optionally, a path into it:
/// `aws_vpc.core.id`, `var.region`, `data.aws_region.current.name`, `module.network.vpc_id`,
/// `aws_eks_cluster.main.identity[0].oidc[0].issuer`.
///
/// References are made from the objects they point at (a resource, a variable, a module call),
/// never assembled from strings; they are written as `${…}` only by the renderer.
public struct Reference: Hashable, Sendable {
  /// The object referred to: `aws_vpc.core`, `var.region`, `data.aws_region.current`.
  public let object: String
  /// The steps from the object into its value.
  public let path: [Step]
  /// The stack that declares the object, when the reference was made from one of its elements:
  /// a reference used in another stack is read from this one's outputs. Nil for a reference
  /// made by name. Not part of the reference's identity: two references to one object are equal
  /// wherever they were made.
  public let stack: String?

  public enum Step: Hashable, Sendable {
    /// `.name`
    case attribute(String)
    /// `[0]`
    case index(Int)
    /// `["key"]`
    case key(String)
  }

  private init(object: String, path: [Step] = [], stack: String? = nil) {
    self.object = object
    self.path = path
    self.stack = stack
  }

  public static func == (lhs: Reference, rhs: Reference) -> Bool {
    lhs.object == rhs.object && lhs.path == rhs.path
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(object)
    hasher.combine(path)
  }

  /// This reference, declared by the stack `name`.
  public func declared(inStack name: String) -> Reference {
    Reference(object: object, path: path, stack: name)
  }

  /// This reference without its stack: as written in the stack that declares the object.
  public var withoutStack: Reference {
    Reference(object: object, path: path)
  }

  // MARK: - Referenceable objects

  /// `TYPE.NAME`, a managed resource.
  public static func resource(type: String, name: String) -> Reference {
    Reference(object: "\(checked(type)).\(checked(name))")
  }

  /// `data.TYPE.NAME`, a data source.
  public static func dataSource(type: String, name: String) -> Reference {
    Reference(object: "data.\(checked(type)).\(checked(name))")
  }

  /// `var.NAME`, an input variable.
  public static func variable(_ name: String) -> Reference {
    Reference(object: "var.\(checked(name))")
  }

  /// `local.NAME`, a local value.
  public static func local(_ name: String) -> Reference {
    Reference(object: "local.\(checked(name))")
  }

  /// `module.NAME`, a module call (its outputs are attributes).
  public static func module(_ name: String) -> Reference {
    Reference(object: "module.\(checked(name))")
  }

  /// `count.index`, inside a resource or module with `count`.
  public static let countIndex = Reference(object: "count.index")
  /// `each.key`, inside a resource or module with `for_each`.
  public static let eachKey = Reference(object: "each.key")
  /// `each.value`, inside a resource or module with `for_each`.
  public static let eachValue = Reference(object: "each.value")

  // MARK: - Paths

  /// This reference followed by `.name`.
  public func attribute(_ name: String) -> Reference {
    Reference(object: object, path: path + [.attribute(Self.checked(name))], stack: stack)
  }

  /// This reference followed by `[index]`.
  public subscript(index: Int) -> Reference {
    Reference(object: object, path: path + [.index(index)], stack: stack)
  }

  /// This reference followed by `["key"]`.
  public subscript(key: String) -> Reference {
    Reference(object: object, path: path + [.key(key)], stack: stack)
  }

  /// Whether the reference names a whole object (as `depends_on` and
  /// `replace_triggered_by` need), with no path into it.
  public var isWholeObject: Bool { path.isEmpty }

  /// The reference as HCL: `aws_vpc.core.id`, `x.tags["Name"]`. Deliberately not a
  /// `description`: interpolating a reference into a plain Swift string would silently make it
  /// literal text; interpolate it into an ``Expr`` instead.
  public var traversal: String {
    var text = object
    for step in path {
      switch step {
      case .attribute(let name): text += "." + name
      case .index(let index): text += "[\(index)]"
      case .key(let key): text += "[" + HCLRenderer.quoted(key) + "]"
      }
    }
    return text
  }

  private static func checked(_ name: String) -> String {
    precondition(Identifier.isValid(name), "'\(name)' is not a valid Terraform identifier")
    return name
  }
}

extension Expr {
  /// Wraps a reference, for places that take an expression.
  public init(_ reference: Reference) { self = .reference(reference) }
}
