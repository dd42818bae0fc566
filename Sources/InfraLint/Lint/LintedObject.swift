import InfraCore
import Manifests

/// A Kubernetes object as lint reads it: the object as it will be written to
/// `kubernetes/<folder>/`, and the folder of manifests (the construct) that writes it.
public struct LintedObject {
  public let object: KubernetesObject
  /// The folder that writes the object: a tenant's, a cluster's, or one a stack writes itself.
  public let folder: KubernetesManifests

  /// `Namespace/acme`, `NetworkPolicy/acme/default-deny`: the address findings name.
  public var address: String { object.reference }
  public var kind: String { object.kind }
  public var name: String { object.name }

  /// Whether the object is of `kind` in the API group and version `apiVersion` (`v1`,
  /// `networking.k8s.io/v1`): a custom resource of the same kind in another group (Calico's
  /// `NetworkPolicy`) means something else.
  public func `is`(_ kind: String, _ apiVersion: String) -> Bool {
    object.kind == kind && object.apiVersion == apiVersion
  }

  /// The Helm chart the object installs, when it is a Flux `HelmRelease` or an Argo CD
  /// `Application` of a chart: `aws-load-balancer-controller`.
  public var installedChart: String? {
    if `is`("HelmRelease", "helm.toolkit.fluxcd.io/v2") { return object["spec"]?["chart"]?["spec"]?["chart"]?.stringValue }
    if `is`("Application", "argoproj.io/v1alpha1") { return object["spec"]?["source"]?["chart"]?.stringValue }
    return nil
  }
}

/// The Kubernetes objects of a stack's manifests, with lookups by namespace: built once, the
/// first time a rule asks (``LintedStack/kubernetes``), so that a rule over every namespace of a
/// platform of thousands of tenants reads each object once.
public struct KubernetesIndex {
  /// Every object: the stack's folders in tree order, each folder's objects in the order written.
  public let objects: [LintedObject]
  /// The namespaces the manifests create (`v1` `Namespace` objects), in the order of `objects`.
  public let namespaces: [LintedObject]
  private let byNamespace: [String: [Int]]

  init(_ folders: [KubernetesManifests]) {
    objects = folders.flatMap { folder in folder.manifests.objects.map { LintedObject(object: $0, folder: folder) } }
    namespaces = objects.filter { $0.is("Namespace", "v1") }
    var byNamespace: [String: [Int]] = [:]
    for (index, object) in objects.enumerated() {
      if let namespace = object.object.namespace { byNamespace[namespace, default: []].append(index) }
    }
    self.byNamespace = byNamespace
  }

  /// The objects of `kind` in `apiVersion` in the namespace `namespace`, whichever of the
  /// stack's folders writes them, in the order of `objects`.
  public func objects(ofKind kind: String, _ apiVersion: String, in namespace: String) -> [LintedObject] {
    (byNamespace[namespace] ?? []).map { objects[$0] }.filter { $0.is(kind, apiVersion) }
  }
}

/// A rule that judges the namespaces a stack's manifests create, one at a time, with what the
/// stack's manifests put in each. A finding names the namespace and is located at the construct
/// that writes it: a tenant's line in a stack file, its `Tenant(...)` call in Swift.
public protocol NamespaceLintRule: LintRule {
  /// What is wrong with `namespace`, each in the words of a finding; empty when nothing is.
  static func problems(with namespace: LintedObject, in stack: LintedStack, settings: LintSettings) -> [String]
}

extension NamespaceLintRule {
  public static func problems(in stack: LintedStack, settings: LintSettings) -> [LintProblem] {
    guard stack.isProduction || !productionOnly else { return [] }
    return stack.kubernetes.namespaces.flatMap { namespace -> [LintProblem] in
      problems(with: namespace, in: stack, settings: settings).map {
        LintProblem(address: namespace.address, message: $0, element: namespace.folder.terraformAddress)
      }
    }
  }
}
