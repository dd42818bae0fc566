import InfraKit

/// The platform of the benchmark (docs/performance.md), resource for resource, written with
/// the typed AWS resources: a fixed part of 44 resources (network, EKS cluster and three node
/// groups, load balancer, database networking) and 4 resources per tenant (a Postgres database,
/// a bucket with its versioning, an application role).
enum BenchmarkPlatform {
  /// The resources of the fixed part.
  static let fixedResourceCount = 44
  /// The resources each tenant adds.
  static let resourcesPerTenant = 4

  static let region = Region.euWest1
  static let zones = ["a", "b", "c"]

  /// The stack for `tenants` tenants.
  static func stack(tenants: Int) -> Stack {
    Stack("platform-benchmark", environment: .production, region: region) {
      let network = buildNetwork()
      let cluster = buildCluster(privateSubnets: network.privateSubnets)
      buildLoadBalancer(vpc: network.vpc, publicSubnets: network.publicSubnets)
      let databases = buildDatabaseNetworking(
        vpc: network.vpc, privateSubnets: network.privateSubnets,
        clusterSecurityGroup: cluster.vpcConfig[0].clusterSecurityGroupId)
      for tenant in 0..<tenants {
        buildTenant(tenant, subnetGroup: databases.subnetGroup, securityGroup: databases.securityGroup)
      }
    }
  }

  struct Network {
    var vpc: AwsVpc
    var publicSubnets: [AwsSubnet]
    var privateSubnets: [AwsSubnet]
  }

  /// The VPC, a public and a private subnet per zone, the internet gateway, a NAT gateway per
  /// zone, and the route tables with their routes and associations: 28 resources.
  private static func buildNetwork() -> Network {
    let vpc = AwsVpc("vpc", cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, enableDnsSupport: true)
    let gateway = AwsInternetGateway("internet-gateway", vpcId: vpc.id)
    let publicRoutes = AwsRouteTable("public-routes", vpcId: vpc.id)
    _ = AwsRoute("public-default-route", routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: gateway.id)
    var network = Network(vpc: vpc, publicSubnets: [], privateSubnets: [])
    for (index, zone) in zones.enumerated() {
      let publicSubnet = AwsSubnet(
        "public-\(zone)", vpcId: vpc.id, availabilityZone: Value(region.code + zone),
        cidrBlock: Value("10.0.\(index).0/24"), mapPublicIpOnLaunch: false, tags: ["kubernetes.io/role/elb": "1"])
      _ = AwsRouteTableAssociation("public-\(zone)-routes", routeTableId: publicRoutes.id, subnetId: publicSubnet.id)
      let address = AwsEip("nat-\(zone)-address", domain: "vpc")
      let nat = AwsNatGateway("nat-\(zone)", subnetId: publicSubnet.id, allocationId: address.id)
      nat.dependsOn = [gateway]

      let privateSubnet = AwsSubnet(
        "private-\(zone)", vpcId: vpc.id, availabilityZone: Value(region.code + zone),
        cidrBlock: Value("10.0.\(32 * (index + 1)).0/19"), tags: ["kubernetes.io/role/internal-elb": "1"])
      let privateRoutes = AwsRouteTable("private-\(zone)-routes", vpcId: vpc.id)
      _ = AwsRoute(
        "private-\(zone)-default-route", routeTableId: privateRoutes.id, destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: nat.id)
      _ = AwsRouteTableAssociation("private-\(zone)-association", routeTableId: privateRoutes.id, subnetId: privateSubnet.id)
      network.publicSubnets.append(publicSubnet)
      network.privateSubnets.append(privateSubnet)
    }
    return network
  }

  /// A trust policy letting `service` assume a role.
  private static func trustPolicy(_ service: String, actions: [String] = ["sts:AssumeRole"]) -> String {
    let quotedActions = actions.map { "\"\($0)\"" }.joined(separator: ",")
    return
      #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"\#(service)"},"Action":[\#(quotedActions)]}]}"#
  }

  private static func managedPolicy(_ name: String) -> Value<String> {
    Value("arn:aws:iam::aws:policy/\(name)")
  }

  /// The cluster's role and its policy, the cluster with a private endpoint only, the nodes' role
  /// with its three policies, and the three node groups: 10 resources.
  private static func buildCluster(privateSubnets: [AwsSubnet]) -> AwsEksCluster {
    let clusterRole = AwsIamRole("cluster-role", assumeRolePolicy: Value(trustPolicy("eks.amazonaws.com")), namePrefix: "eks-cluster-")
    let clusterPolicy = AwsIamRolePolicyAttachment(
      "cluster-role-policy", policyArn: managedPolicy("AmazonEKSClusterPolicy"), role: clusterRole.name)
    let subnetIDs = Value<SetOf<String>>(privateSubnets.map(\.id))
    let cluster = AwsEksCluster(
      "cluster", name: "platform-benchmark", roleArn: clusterRole.arn,
      vpcConfig: .init(subnetIds: subnetIDs, endpointPrivateAccess: true, endpointPublicAccess: false),
      enabledClusterLogTypes: ["api", "audit", "authenticator"], version: "1.35")
    cluster.dependsOn = [clusterPolicy]

    let nodeRole = AwsIamRole("node-role", assumeRolePolicy: Value(trustPolicy("ec2.amazonaws.com")), namePrefix: "eks-nodes-")
    let nodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"].map {
      AwsIamRolePolicyAttachment("node-role-\($0)", policyArn: managedPolicy($0), role: nodeRole.name)
    }

    struct Pool {
      var name: String
      var instanceType: String
      var size: (min: Int, max: Int, desired: Int)
      var gpu = false
    }
    let pools = [
      Pool(name: "general", instanceType: "m6i.large", size: (3, 9, 3)),
      Pool(name: "memory", instanceType: "r6i.xlarge", size: (1, 6, 1)),
      Pool(name: "gpu", instanceType: "g5.xlarge", size: (0, 4, 0), gpu: true),
    ]
    for pool in pools {
      let group = AwsEksNodeGroup(
        "nodes-\(pool.name)", clusterName: cluster.name, nodeRoleArn: nodeRole.arn,
        scalingConfig: .init(
          desiredSize: Value(pool.size.desired), maxSize: Value(pool.size.max), minSize: Value(pool.size.min)),
        subnetIds: subnetIDs, amiType: pool.gpu ? "AL2_x86_64_GPU" : nil, instanceTypes: Value([pool.instanceType]),
        labels: pool.gpu ? ["accelerator": "nvidia"] : nil, nodeGroupNamePrefix: Value("\(pool.name)-"),
        taint: pool.gpu ? [.init(effect: "NO_SCHEDULE", key: "nvidia.com/gpu", value: "true")] : [])
      group.lifecycle.createBeforeDestroy = true
      group.dependsOn = nodePolicies
    }
    return cluster
  }

  /// An internet-facing application load balancer in the public subnets, its security group
  /// (HTTPS in from anywhere, anything out into the VPC), an HTTPS listener and a target group:
  /// 4 resources.
  private static func buildLoadBalancer(vpc: AwsVpc, publicSubnets: [AwsSubnet]) {
    let securityGroup = AwsSecurityGroup(
      "load-balancer-security-group", description: "HTTPS from the internet to the load balancer",
      egress: [.init(cidrBlocks: ["10.0.0.0/16"], description: "to the VPC", fromPort: 0, protocol: "-1", toPort: 0)],
      ingress: [.init(cidrBlocks: ["0.0.0.0/0"], description: "HTTPS", fromPort: 443, protocol: "tcp", toPort: 443)],
      namePrefix: "load-balancer-", vpcId: vpc.id)
    let loadBalancer = AwsLb(
      "load-balancer", dropInvalidHeaderFields: true, internal: false, loadBalancerType: "application",
      namePrefix: "web-", securityGroups: [securityGroup.id], subnets: Value(publicSubnets.map(\.id)))
    let targets = AwsLbTargetGroup(
      "targets", healthCheck: .init(path: "/healthz", protocol: "HTTP"), namePrefix: "web-", port: 8080,
      protocol: "HTTP", targetType: "ip", vpcId: vpc.id)
    _ = AwsLbListener(
      "https", defaultAction: [.init(type: "forward", targetGroupArn: targets.arn)], loadBalancerArn: loadBalancer.arn,
      certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/00000000-0000-0000-0000-000000000000", port: 443,
      protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06")
  }

  /// The database subnet group in the private subnets and the databases' security group
  /// (Postgres from the cluster only): 2 resources.
  private static func buildDatabaseNetworking(
    vpc: AwsVpc, privateSubnets: [AwsSubnet], clusterSecurityGroup: Value<String>
  ) -> (subnetGroup: AwsDbSubnetGroup, securityGroup: AwsSecurityGroup) {
    let subnetGroup = AwsDbSubnetGroup(
      "databases", subnetIds: Value(privateSubnets.map(\.id)), namePrefix: "tenant-databases-")
    let securityGroup = AwsSecurityGroup(
      "database-security-group", description: "Postgres from the EKS cluster",
      ingress: [
        .init(description: "Postgres", fromPort: 5432, protocol: "tcp", securityGroups: [clusterSecurityGroup], toPort: 5432)
      ],
      namePrefix: "tenant-databases-", vpcId: vpc.id)
    return (subnetGroup, securityGroup)
  }

  /// Tenant `index`: its database, its data bucket with versioning, and its application's role:
  /// 4 resources.
  private static func buildTenant(_ index: Int, subnetGroup: AwsDbSubnetGroup, securityGroup: AwsSecurityGroup) {
    _ = AwsDbInstance(
      "tenant_\(index)", instanceClass: "db.t4g.micro", allocatedStorage: 20, backupRetentionPeriod: 14,
      dbSubnetGroupName: subnetGroup.name, deletionProtection: true, engine: "postgres", engineVersion: "16",
      finalSnapshotIdentifier: Value("tenant-\(index)-final"), identifier: Value("tenant-\(index)"),
      manageMasterUserPassword: true, multiAz: true, skipFinalSnapshot: false, storageEncrypted: true,
      username: "tenant_admin", vpcSecurityGroupIds: [securityGroup.id])
    let bucket = AwsS3Bucket("tenant_\(index)_data", bucketPrefix: Value("tenant-\(index)-data-"))
    _ = AwsS3BucketVersioning(
      "tenant_\(index)_data_versioning", bucket: bucket.id, versioningConfiguration: .init(status: "Enabled"))
    _ = AwsIamRole(
      "tenant_\(index)_app",
      assumeRolePolicy: Value(trustPolicy("pods.eks.amazonaws.com", actions: ["sts:AssumeRole", "sts:TagSession"])),
      name: Value("tenant-\(index)-app"))
  }
}
