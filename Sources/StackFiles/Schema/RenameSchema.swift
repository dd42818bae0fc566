import InfraCore
import InfraYAML

extension StackSchema {
  /// `renamedFrom: main` on a part that becomes a construct (the network, the cluster, a load
  /// balancer, a database, a tenant's database, the backup): the name the part had before, so
  /// that what it creates moves to its new Terraform addresses instead of being replaced. A
  /// problem with the rename is reported at this value.
  func rename(_ construct: Construct, _ fields: Fields) {
    guard let node = fields["renamedFrom"], let previous = fields.string(node) else { return }
    let location = node.location
    construct.renamed(from: previous, file: location.file, line: location.line, column: location.column)
  }
}
