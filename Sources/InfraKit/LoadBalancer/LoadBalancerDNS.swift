extension LoadBalancer {
  /// The id of the domain's hosted zone: the zone created for it, or the existing one.
  func buildZone(_ domain: Domain) -> Value<String> {
    switch domain.zone {
    case .existing(let id, _):
      return Value(id)
    case .create(let name):
      let zone = placed(
        AwsRoute53Zone(
          "zone", name: Value(name.lowercased()), comment: Value("Names of load balancer \(baseName)"), tags: tags("zone")))
      // A new zone has new name servers: the parent's delegation would point at nothing.
      if environment == .production { zone.lifecycle.preventDestroy = true }
      hostedZone = zone
      return zone.zoneId
    }
  }

  /// A certificate for `names`, validated through DNS records in the zone; the ARN of the
  /// validated certificate, which the HTTPS listener uses so that it waits for the validation.
  func buildCertificate(names: [String], zoneID: Value<String>) -> Value<String> {
    let certificate = placed(
      AwsAcmCertificate(
        "certificate", domainName: Value(names[0]),
        subjectAlternativeNames: names.count > 1 ? Value<SetOf<String>>(Value(Array(names.dropFirst()))) : nil,
        tags: tags("certificate"), validationMethod: "DNS"))
    // A replacement certificate (new names) is issued before the listener moves to it.
    certificate.lifecycle.createBeforeDestroy = true
    self.certificate = certificate
    let option = "option"
    let records = placed(
      AwsRoute53Record(
        "validation-record", name: Value(Reference.eachValue.attribute("name")), type: Value(Reference.eachValue.attribute("type")),
        zoneId: zoneID, allowOverwrite: true, records: Value(expression: .list([.reference(Reference.eachValue.attribute("record"))])), ttl: 60))
    // One record per name ACM asks about; a wildcard and its parent share one, hence the
    // overwrite.
    records.forEach = .raw(
      "{for \(option) in \(certificate.reference.traversal).domain_validation_options : \(option).domain_name => "
        + "{name = \(option).resource_record_name, record = \(option).resource_record_value, type = \(option).resource_record_type}}")
    let validation = placed(
      AwsAcmCertificateValidation(
        "certificate-validation", certificateArn: certificate.arn,
        validationRecordFqdns: Value(expression: .raw("[for record in \(records.reference.traversal) : record.fqdn]"))))
    certificateValidation = validation
    return validation.certificateArn
  }

  /// An alias record in the zone for each name, pointing at the load balancer.
  func buildAliasRecords(names: [String], zoneID: Value<String>, to alb: AwsLb) {
    for name in names {
      placed(
        AwsRoute53Record(
          "alias-\(name)", name: Value(name), type: "A", zoneId: zoneID,
          alias: .init(evaluateTargetHealth: true, name: alb.dnsName, zoneId: alb.zoneId)))
    }
  }
}
