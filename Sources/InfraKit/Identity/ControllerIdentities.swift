import Manifests

/// The identities of the controllers a platform runs beside its workloads, each allowed only
/// what infra's way of running them needs, in the namespace and service account their Helm
/// charts use by default.
extension WorkloadIdentity {
  /// The AWS Load Balancer Controller, in the way infra runs load balancers: infra creates the
  /// load balancers, listeners, target groups and security-group rules, and the controller
  /// registers pods into the target groups named here, through `TargetGroupBinding`s. It may
  /// register and deregister targets in those groups alone, and read what it looks up to do so;
  /// it can create, change or delete no load balancer, listener or security group.
  ///
  /// - Parameter targetGroupArns: the target groups whose targets the controller keeps, e.g.
  ///   `loadBalancer.targetGroupArns`.
  @discardableResult
  public static func loadBalancerController(
    cluster: Cluster, targetGroupArns: [any ValueConvertible<String>], namespace: String = "kube-system",
    serviceAccount: String = "aws-load-balancer-controller", in scope: Construct? = nil,
    file: String = #filePath, line: Int = #line, column: Int = #column
  ) -> WorkloadIdentity {
    let describe = [
      "ec2:DescribeAvailabilityZones", "ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups",
      "ec2:DescribeSubnets", "ec2:DescribeVpcs", "elasticloadbalancing:DescribeListeners",
      "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTags",
      "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeTargetGroups",
      "elasticloadbalancing:DescribeTargetHealth",
    ]
    var permissions: [Permission] = [.allow(describe, on: ["*"])]
    if !targetGroupArns.isEmpty {
      permissions.append(
        .allow(["elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:RegisterTargets"], on: targetGroupArns))
    }
    let region = cluster.region.map { ManifestValue.string($0.code) }
    cluster.install(.awsLoadBalancerController, namespace: namespace, file: file, line: line, column: column) { [cluster] manifests in
      .map([
        "clusterName": .string(cluster.clusterName),
        // Given, not read from the instance metadata, which pods cannot reach.
        "region": region,
        "vpcId": manifests.value("vpc-id", cluster.network.vpcID),
        "serviceAccount": .map(["create": true, "name": .string(serviceAccount)]),
        // infra makes the load balancers; the controller only registers pods into their target
        // groups, and may not create any for a Service or an Ingress.
        "createIngressClassResource": false,
        "enableServiceMutatorWebhook": false,
      ])
    }
    return WorkloadIdentity(
      "aws-load-balancer-controller", cluster: cluster, namespace: namespace, serviceAccount: serviceAccount,
      permissions: permissions, in: scope, file: file, line: line, column: column)
  }

  /// external-dns, keeping the records of Services and Ingresses in the hosted zones named
  /// here and no other (run it with `--zone-id-filter` for each).
  ///
  /// - Parameter zoneIDs: the Route 53 hosted zones it may change.
  @discardableResult
  public static func externalDNS(
    cluster: Cluster, zoneIDs: [any ValueConvertible<String>], namespace: String = "external-dns",
    serviceAccount: String = "external-dns", in scope: Construct? = nil,
    file: String = #filePath, line: Int = #line, column: Int = #column
  ) -> WorkloadIdentity {
    let zones = zoneIDs.map { zoneArn($0.terraformValue) }
    let ids = zoneIDs.map { $0.terraformValue }
    let region = cluster.region.map { ManifestValue.string($0.code) }
    cluster.install(.externalDNS, namespace: namespace, file: file, line: line, column: column) { [cluster] manifests in
      .map([
        "provider": .map(["name": "aws"]),
        "env": region.map { [.map(["name": "AWS_DEFAULT_REGION", "value": $0])] },
        "serviceAccount": .map(["create": true, "name": .string(serviceAccount)]),
        // Its records are the ones marked with the cluster's name, in the zones it may change.
        "txtOwnerId": .string(cluster.clusterName),
        "extraArgs": .list(
          ids.enumerated().flatMap { index, id in
            ["--zone-id-filter", manifests.value("hosted-zone-id-\(index)", id)]
          }),
      ])
    }
    return WorkloadIdentity(
      "external-dns", cluster: cluster, namespace: namespace, serviceAccount: serviceAccount,
      permissions: zones.isEmpty ? [] : [
        .allow(["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResource"], on: zones),
        // Listing zones has no resource to name.
        .allow(["route53:ListHostedZones"], on: ["*"]),
      ], in: scope, file: file, line: line, column: column)
  }

  /// cert-manager, answering ACME DNS-01 challenges in the hosted zones named here: it may
  /// write only TXT records named `_acme-challenge.*` there, and follow its changes.
  ///
  /// - Parameter zoneIDs: the Route 53 hosted zones of the names it gets certificates for.
  @discardableResult
  public static func certManager(
    cluster: Cluster, zoneIDs: [any ValueConvertible<String>], namespace: String = "cert-manager",
    serviceAccount: String = "cert-manager", in scope: Construct? = nil,
    file: String = #filePath, line: Int = #line, column: Int = #column
  ) -> WorkloadIdentity {
    let zones = zoneIDs.map { zoneArn($0.terraformValue) }
    cluster.install(.certManager, namespace: namespace, file: file, line: line, column: column) { _ in
      .map([
        "crds": .map(["enabled": true]),
        "serviceAccount": .map(["create": true, "name": .string(serviceAccount)]),
      ])
    }
    return WorkloadIdentity(
      "cert-manager", cluster: cluster, namespace: namespace, serviceAccount: serviceAccount,
      permissions: zones.isEmpty ? [] : [
        .allow(
          ["route53:ChangeResourceRecordSets"], on: zones,
          when: [
            .init("ForAllValues:StringEquals", "route53:ChangeResourceRecordSetsRecordTypes", ["TXT"]),
            .init("ForAllValues:StringLike", "route53:ChangeResourceRecordSetsNormalizedRecordNames", ["_acme-challenge.*"]),
          ]),
        .allow(["route53:ListResourceRecordSets"], on: zones),
        .allow(["route53:GetChange"], on: ["arn:aws:route53:::change/*"]),
        // Finding the zone of a name has no resource to name.
        .allow(["route53:ListHostedZonesByName"], on: ["*"]),
      ], in: scope, file: file, line: line, column: column)
  }

  /// External Secrets Operator's controller, which copies each tenant's database secret into a
  /// Kubernetes Secret in the tenant's namespace. It reads no secret as itself: it may only
  /// assume the roles of the cluster's tenants (those tagged ``externalSecretsTag`` with the
  /// cluster's name), each of which trusts it and may read its own database's secret alone. Each
  /// tenant's `SecretStore` names the tenant's role. Tenants made before or after this identity
  /// are admitted alike.
  @discardableResult
  public static func externalSecrets(
    cluster: Cluster, namespace: String = "external-secrets", serviceAccount: String = "external-secrets",
    in scope: Construct? = nil, file: String = #filePath, line: Int = #line, column: Int = #column
  ) -> WorkloadIdentity {
    // The cluster's partition and account, read from its ARN.
    let arn = Expr.reference(cluster.reference(of: cluster.eks, type: "aws_eks_cluster", id: "cluster").attribute("arn"))
    let roles: Value<String> = Value(expression: "arn:\(ARNField.partition.of(arn)):iam::\(ARNField.account.of(arn)):role/*")
    let identity = WorkloadIdentity(
      "external-secrets", cluster: cluster, namespace: namespace, serviceAccount: serviceAccount,
      permissions: [
        .allow(
          ["sts:AssumeRole", "sts:TagSession"], on: [roles],
          when: [.init("StringEquals", "iam:ResourceTag/\(externalSecretsTag)", [cluster.clusterName])])
      ], in: scope, file: file, line: line, column: column)
    if cluster.externalSecrets == nil, identity.role != nil {
      cluster.externalSecrets = identity
      for tenant in cluster.tenants { tenant.admitExternalSecrets() }
      cluster.install(.externalSecrets, namespace: namespace, file: file, line: line, column: column) { _ in
        .map(["installCRDs": true, "serviceAccount": .map(["create": true, "name": .string(serviceAccount)])])
      }
    }
    return identity
  }

  /// The tag on a tenant's role whose value names the cluster whose External Secrets controller
  /// may assume it.
  public static let externalSecretsTag = "external-secrets-cluster"

  /// The ARN of the hosted zone `id`.
  static func zoneArn(_ id: Value<String>) -> Value<String> {
    Value(expression: "arn:aws:route53:::hostedzone/\(id.expression)")
  }
}
