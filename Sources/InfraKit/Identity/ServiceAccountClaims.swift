extension Cluster {
  /// Records that `subject` gives `namespace/serviceAccount` an AWS identity; what already gave
  /// it one, if anything did. EKS holds one pod identity association per service account, and
  /// the addons that call AWS hold theirs in kube-system.
  func claimServiceAccount(namespace: String, _ serviceAccount: String, for subject: String, at location: SourceLocation) -> String? {
    let key = "\(namespace)/\(serviceAccount)"
    if namespace == "kube-system",
      let addon = addons.first(where: { AddonIdentity.of($0.name)?.serviceAccount == serviceAccount })
    {
      return "addon '\(addon.name)'"
    }
    if let other = identifiedServiceAccounts[key] { return other }
    identifiedServiceAccounts[key] = "\(subject) at \(location)"
    return nil
  }
}
