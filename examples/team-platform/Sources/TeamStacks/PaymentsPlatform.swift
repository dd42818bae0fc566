import InfraKit

/// The tenants of the payments platform: each gets its own Postgres database, in every
/// environment. Onboarding a tenant is one line here.
let tenants = ["acme", "globex", "initech"]

/// The team's services: each gets an image repository, in every environment.
let services = ["api", "ledger", "webhooks"]

/// The payments platform in one environment: a network, an EKS cluster, a load balancer in front
/// of the API (the controller that registers its pods may do nothing else), a database per tenant, image repositories, and in prod an AWS Backup plan copied
/// to a second region and alarms that page someone. Dev and prod run the same code; what differs between them is the
/// `PaymentsEnvironment` they are given, and nothing else.
func paymentsPlatform(_ env: PaymentsEnvironment) -> Stack {
  Stack(
    env.stack, environment: env.environment, region: env.region, account: env.account,
    backend: .s3(bucket: "payments-terraform-state", key: "\(env.stack)/terraform.tfstate", region: env.region),
    defaultTags: ["Team": "payments"]
  ) {
    let network = Network(
      "core", cidr: env.cidr, zones: env.zones.map(env.region.zone), nat: env.nat, endpoints: env.endpoints)

    let cluster = Cluster("main", version: "1.35", network: network) {
      for access in env.access { access }
      for pool in env.nodePools { pool }
    }

    let lb = LoadBalancer(
      "public", scheme: .internetFacing, network: network, cluster: cluster,
      certificateArn: env.certificateArn, allow: env.allow,
      targets: [
        .init("api", port: 8080, healthCheckPath: "/healthz", hosts: ["api.\(env.domain)"]),
        .init("webhooks", port: 8080, healthCheckPath: "/healthz", hosts: ["hooks.\(env.domain)"]),
      ])

    // The AWS Load Balancer Controller registers the services' pods into exactly these groups.
    WorkloadIdentity.loadBalancerController(cluster: cluster, targetGroupArns: ["api", "webhooks"].map(lb.targetGroupArn))

    let databases = tenants.map { tenant in
      Database(
        "tenant-\(tenant)", engine: .postgres("16"), network: network, allowFrom: [.cluster(cluster)])
    }

    if let copyRegion = env.backupCopyRegion {
      let recovery = AWSProvider(region: copyRegion, alias: "recovery")
      BackupPlan("tenant-databases", resources: databases.map(\.arn), copyTo: recovery)
    }

    // Alarms on every database, load balancer and NAT gateway above, paging the on-call engineer.
    if let pagerDuty = env.pagerDuty {
      Observability(pagerDuty: pagerDuty)
    }

    for service in services {
      ImageRepository(service)
    }

    Output("cluster_name", value: cluster.name, description: "The EKS cluster, for aws eks update-kubeconfig")
    Output("load_balancer_dns_name", value: lb.dnsName, description: "Where api.* and hooks.* point")
    for database in databases {
      Output("\(database.node.id)_endpoint", value: database.endpoint, description: "host:port of the tenant's Postgres")
    }
  }
}
