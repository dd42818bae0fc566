import InfraCore
import InfraKit
import InfraYAML

extension StackSchema {
  static let autoscalingChoices: KeyValuePairs<String, Cluster.Autoscaling.Kind> = [
    "karpenter": .karpenter, "cluster-autoscaler": .clusterAutoscaler,
  ]
  static let karpenterKeys = ["namespace", "serviceAccount", "controllerInstanceTypes"]
  static let clusterAutoscalerKeys = ["namespace", "serviceAccount"]

  /// `autoscaling: karpenter`, `autoscaling: cluster-autoscaler`, or the same as the one key of a
  /// mapping of its settings: `autoscaling: {karpenter: {controllerInstanceTypes: [m7i.large]}}`.
  func readAutoscaling(_ node: YAMLNode, _ cluster: Fields) -> Cluster.Autoscaling? {
    guard node.entries != nil, let mapping = problems.reading(node.mapping) else {
      return cluster.choice(node, named: "autoscaling", Self.autoscalingChoices).map { kind in
        Self.autoscaling(kind, at: node.location)
      }
    }
    guard let entry = mapping.entries.first else {
      cluster.error(
        .invalidValue, "has an empty 'autoscaling'", fix: "write 'autoscaling: karpenter' or 'autoscaling: cluster-autoscaler'", at: node)
      return nil
    }
    for other in mapping.entries.dropFirst() {
      cluster.error(
        .invalidValue, "chooses both '\(entry.name)' and '\(other.name)' for autoscaling; a cluster has one autoscaler",
        fix: "keep one of them", at: other.key)
    }
    guard let kind = cluster.choice(entry.key, named: "autoscaling", Self.autoscalingChoices), mapping.entries.count == 1 else {
      return nil
    }
    let at = entry.key.location
    guard !entry.value.isNull else { return Self.autoscaling(kind, at: at) }
    let keys = kind == .karpenter ? Self.karpenterKeys : Self.clusterAutoscalerKeys
    guard let fields = Fields(entry.value, "the cluster's \(kind.rawValue)", keys: keys, problems: problems) else { return nil }
    let namespace = fields.string("namespace")
    let serviceAccount = fields.string("serviceAccount")
    switch kind {
    case .karpenter:
      let defaults = Cluster.Autoscaling.karpenter()
      return .karpenter(
        namespace: namespace ?? defaults.namespace, serviceAccount: serviceAccount ?? defaults.serviceAccount,
        controllerInstanceTypes: fields.strings("controllerInstanceTypes") ?? defaults.controllerInstanceTypes, file: at.file,
        line: at.line, column: at.column)
    case .clusterAutoscaler:
      let defaults = Cluster.Autoscaling.clusterAutoscaler()
      return .clusterAutoscaler(
        namespace: namespace ?? defaults.namespace, serviceAccount: serviceAccount ?? defaults.serviceAccount, file: at.file,
        line: at.line, column: at.column)
    }
  }

  private static func autoscaling(_ kind: Cluster.Autoscaling.Kind, at location: SourceLocation) -> Cluster.Autoscaling {
    switch kind {
    case .karpenter: .karpenter(file: location.file, line: location.line, column: location.column)
    case .clusterAutoscaler: .clusterAutoscaler(file: location.file, line: location.line, column: location.column)
    }
  }

  /// Terraform outputs for what is installed in the cluster: the autoscaler's role and, for
  /// Karpenter, its queue, node role and instance profile, which its settings and
  /// `EC2NodeClass` name.
  func writeAutoscalingOutputs(of cluster: Cluster) {
    guard let autoscaling = cluster.autoscaling, !cluster.isRejected else { return }
    let at = autoscaling.location
    var outputs: [(String, Value<String>, String)] = [
      (autoscaling.kind == .karpenter ? "karpenter-controller-role-arn" : "cluster-autoscaler-role-arn", cluster.autoscalerRoleArn,
       "The role \(autoscaling.namespace)/\(autoscaling.serviceAccount) gets through EKS Pod Identity")
    ]
    if autoscaling.kind == .karpenter {
      outputs += [
        ("karpenter-queue-name", cluster.karpenterQueueName, "Karpenter's interruption queue, its settings.interruptionQueue"),
        ("karpenter-node-role-name", cluster.karpenterNodeRoleName, "The role of Karpenter's nodes, an EC2NodeClass's role"),
        ("karpenter-node-role-arn", cluster.karpenterNodeRoleArn, "The ARN of the role of Karpenter's nodes"),
        ("karpenter-instance-profile-name", cluster.karpenterInstanceProfileName,
         "The instance profile of Karpenter's nodes, an EC2NodeClass's instanceProfile"),
      ]
    }
    for (id, value, description) in outputs {
      _ = Output(id, value: value, description: description, file: at.file, line: at.line, column: at.column)
    }
  }
}
