import Manifests
import Terraform

/// The Kubernetes manifests of one part of a stack (a tenant, a cluster): a folder,
/// `out/<stack>/kubernetes/<folder>/`, that kustomize builds on its own and GitOps applies once
/// Terraform has created what the objects point at.
///
/// Values that only Terraform knows after apply (a security group's id, a database's address)
/// cross through one Terraform output per folder, named after this element: its value is the
/// text of the folder's `terraform-outputs.env`, which the pipeline writes after `terraform
/// apply` (`terraform output -raw <name> > <folder>/terraform-outputs.env`) and the folder's
/// kustomization replaces each placeholder from.
///
/// The objects are made when the stack is synthesized, after every construct of the stack
/// exists, so a construct created later (a load balancer that sends to a tenant) still shapes
/// them.
public final class KubernetesManifests: TerraformElement {
  /// The folder inside `kubernetes/`: `tenants/acme`.
  public let folder: String
  /// Whether the stack's own `kubernetes/kustomization.yaml` lists the folder. Tenants' folders
  /// are not listed: GitOps finds each on its own (one Argo CD Application or Flux
  /// Kustomization per folder), so adding a tenant changes no file but its own.
  public let inStackKustomization: Bool
  private let make: (KubernetesManifests, inout ManifestFolder) -> Void
  private var values: [(key: String, expression: Expr)] = []

  /// - Parameters:
  ///   - folder: the folder inside `kubernetes/`.
  ///   - make: adds the objects; called once, when the stack is synthesized. Values from
  ///     Terraform are given to objects through ``value(_:_:)``.
  public init(
    _ id: String, folder: String, inStackKustomization: Bool, in scope: Construct? = nil, file: String = #filePath,
    line: Int = #line, column: Int = #column, make: @escaping (KubernetesManifests, inout ManifestFolder) -> Void
  ) {
    self.folder = folder
    self.inStackKustomization = inStackKustomization
    self.make = make
    super.init(id, in: scope, file: file, line: line, column: column)
  }

  /// The folder, its objects made on first use.
  public private(set) lazy var manifests: ManifestFolder = {
    var folder = ManifestFolder(path: self.folder)
    make(self, &folder)
    return folder
  }()

  /// A string the objects take from Terraform: written as a placeholder that the folder's
  /// kustomization replaces with the value of `key` in `terraform-outputs.env`.
  public func value(_ key: String, _ value: Value<String>) -> ManifestValue {
    if let index = values.firstIndex(where: { $0.key == key }) {
      precondition(values[index].expression == value.expression, "'\(key)' is given two values in \(folder)")
    } else {
      values.append((key, value.expression))
    }
    return .fromTerraform(key: key)
  }

  /// The text of `terraform-outputs.env`: `key=value` lines, sorted by key; made once, after the
  /// objects (which give the values).
  private lazy var environmentFile: Expr? = {
    _ = manifests
    guard !values.isEmpty else { return nil }
    var parts: [Expr] = []
    var text = ""
    for value in values.sorted(by: { $0.key < $1.key }) {
      text += "\(value.key)="
      if case .string(let literal) = value.expression {
        text += literal
      } else {
        parts += [.string(text), value.expression]
        text = ""
      }
      text += "\n"
    }
    return .template(parts + [.string(text)])
  }()

  public override var terraformAddress: String { "output.\(logicalID)" }

  public override var references: [Reference] { environmentFile?.references ?? [] }

  public override func validate() -> [Diagnostic] {
    var problems = super.validate()
    let given = Set(manifests.terraformKeys)
    for key in given.subtracting(values.map(\.key)).sorted() {
      problems.append(
        .error(
          "manifest-value-without-terraform-value",
          "the manifests in kubernetes/\(folder) take '\(key)' from Terraform, but nothing gives it a value",
          fix: "make the placeholder with value(_:_:), which also writes the value into the folder's Terraform output",
          at: node.location, path: node.pathDescription))
    }
    return problems
  }

  public override func render(into configuration: inout TerraformConfiguration) {
    guard let environmentFile else { return }
    configuration.outputs.append(
      OutputBlock(
        logicalID, value: environmentFile,
        description:
          "The values the manifests in kubernetes/\(folder) read. After terraform apply: terraform output -raw \(logicalID) > kubernetes/\(folder)/\(ManifestFolder.valuesFileName)"
      ))
  }
}
