import InfraCore
import InfraKit
import Testing

/// A network or cluster whose settings are rejected builds nothing, and nothing built on it adds
/// to its errors: no outputs, controller identities or tenant outputs that would each point back at
/// what was not created (found by fuzzing the stack file compiler).
@Suite struct RejectedPartTests {
  @Test func aRejectedNetworkIsOneErrorWhateverIsBuiltOnIt() throws {
    let text = """
      region: eu-west-1
      environment: production
      network:
        cidr: 10.0.0.0/16
        zones: [eu-west-1a, eu-west-1b, eu-west-1a]
      cluster:
        version: "1.31"
        controllers: [cert-manager]
        nodePools: [{name: general, instanceTypes: [m6i.large], minSize: 3, maxSize: 6}]
      loadBalancers:
        - name: web
          scheme: internet-facing
          domain: {zone: dev.example.com}
          targets: [{name: app, port: 8080, hosts: [app.dev.example.com]}, {name: shop, port: 9090, tenant: acme}]
        - {name: ingest, type: network, scheme: internal, listeners: [{name: dns, port: 53, protocol: udp}]}
      tenants:
        database: {engine: postgres, version: "16"}
        list: [{name: acme}]

      """
    #expect(try synthesisErrors(text) == [
      "stack.yaml:4:3: error: network 'core' names zone 'eu-west-1a' twice; name each zone once [duplicate-zone]"
    ])
  }

  @Test func aRejectedClusterIsItsOwnErrorsAlone() throws {
    let text = minimalStack + """
      cluster:
        version: "1.31"
        addons: {vpc-cni: ~, aws-ebs-csi-driver: ~}
        controllers: [cert-manager]
        nodePools: [{name: general, instanceTypes: [m6i.large], minSize: 3, maxSize: 6}]
      loadBalancers:
        - name: web
          scheme: internet-facing
          domain: {zone: dev.example.com}
          targets: [{name: app, port: 8080, hosts: [app.dev.example.com]}]
        - {name: ingest, type: network, scheme: internal, listeners: [{name: dns, port: 53, protocol: udp}]}

      """
    #expect(try synthesisErrors(text) == [
      "stack.yaml:8:24: error: cluster 'main': addon 'aws-ebs-csi-driver' gets its AWS identity through EKS Pod Identity, but the cluster has no eks-pod-identity-agent addon; add 'eks-pod-identity-agent: ~' to the addons [addon-identity-without-agent]"
    ])
  }

  /// A rejected GPU pool rejects its cluster, and the database that admits the cluster builds
  /// nothing: the backup plan over that database is not made either, rather than reporting that
  /// it names no resources.
  @Test func aBackupOverADatabaseOfARejectedClusterAddsNoError() throws {
    let text = minimalStack + """
      cluster:
        version: "1.35"
        nodePools:
          - {name: gpu, instanceTypes: [m6i.large], minSize: 0, maxSize: 2, accelerator: nvidia}
      databases:
        - {name: orders, engine: postgres, version: "16", allowFrom: [cluster]}
      backup: {copyTo: eu-central-1}

      """
    #expect(try synthesisErrors(text) == [
      "stack.yaml:9:7: error: node pool 'gpu' is an NVIDIA GPU pool, but m6i.large has no NVIDIA GPU; use a GPU instance type such as g5.xlarge or g6.xlarge, or drop accelerator: nvidia [gpu-instance-type]"
    ])
  }

  @Test func aBackupOverRejectedDatabasesAddsNoError() throws {
    let text = minimalStack + """
      cluster:
        version: "1.35"
        nodePools: [{name: general, instanceTypes: [m6i.large], minSize: 3, maxSize: 6}]
      databases:
        - {name: ledger, engine: postgres, version: "16", enhancedMonitoringInterval: 7}
      tenants:
        database: {engine: postgres, version: "16", enhancedMonitoringInterval: 7}
        list: [{name: acme}]
      backup: {copyTo: eu-central-1}

      """
    #expect(try synthesisErrors(text) == [
      "stack.yaml:12:13: error: database 'tenant-acme' collects enhanced monitoring metrics every 7 seconds, which RDS does not offer; use one of 1, 5, 10, 15, 30, 60 seconds, or 0 for none [database-monitoring-interval]",
      "stack.yaml:10:5: error: database 'ledger' collects enhanced monitoring metrics every 7 seconds, which RDS does not offer; use one of 1, 5, 10, 15, 30, 60 seconds, or 0 for none [database-monitoring-interval]",
    ])
  }

  /// The controllers that write records in the load balancers' zones are not made when a load
  /// balancer was rejected, rather than reporting that no load balancer has a domain: that
  /// error, found while the file is read, would also hide the load balancer's own.
  @Test func aRejectedLoadBalancerIsItsOwnErrorAlone() throws {
    let text = minimalStack + """
      cluster:
        version: "1.35"
        controllers: [external-dns, cert-manager]
        nodePools: [{name: general, instanceTypes: [m6i.large], minSize: 3, maxSize: 6}]
      loadBalancers:
        - name: web
          scheme: internet-facing
          domain: {zone: example.com}
          firewall: {rateLimit: 5}
          targets: [{name: app, port: 8080, hosts: [app.example.com]}]

      """
    #expect(try synthesisErrors(text) == [
      "stack.yaml:14:15: error: the firewall of load balancer 'web' limits each address to 5 requests in five minutes; use a limit from 10 to 2,000,000,000 [waf-rate-limit]"
    ])
  }

  /// A target in a tenant that the file lists but that was rejected is not an unknown tenant.
  @Test func aTargetInARejectedTenantAddsNoError() throws {
    let folder = try StackFolder([
      "stack.yaml": minimalStack + """
        cluster:
          version: "1.35"
          nodePools: [{name: general, instanceTypes: [m6i.large], minSize: 3, maxSize: 6}]
        loadBalancers:
          - name: web
            scheme: internet-facing
            domain: {zone: example.com}
            targets: [{name: shop, port: 9090, tenant: acme, hosts: [shop.example.com]}, {name: app, port: 8080, tenant: initech}]
        tenants:
          database: {engine: postgress, version: "16"}
          list: [{name: acme}]

        """
    ])
    #expect(folder.problems() == [
      "stack.yaml:15:22: error: the tenants' database: 'engine' cannot be 'postgress'; did you mean 'postgres'? choose one of: postgres, mysql, aurora-postgresql, aurora-mysql [stack-invalid-value]",
      "stack.yaml:13:114: error: target 'app' runs in tenant 'initech', which the stack's tenants do not name; name one of: acme [stack-invalid-value]",
    ])
  }

  /// A tenant whose workload identity is rejected writes no outputs that would point at the role
  /// that was not made.
  @Test func aRejectedWorkloadIdentityIsItsOwnErrorAlone() throws {
    let text = minimalStack + """
      cluster:
        version: "1.35"
        nodePools: [{name: general, instanceTypes: [m6i.large], minSize: 3, maxSize: 6}]
      tenants:
        database: {engine: postgres, version: "16"}
        list: [{name: acme, workload: {serviceAccount: Acme_API}}]

      """
    #expect(try synthesisErrors(text) == [
      "stack.yaml:11:10: error: workload identity 'acme/workload': 'Acme_API' is not a Kubernetes service account name; use at most 253 lowercase letters, digits, hyphens and dots, starting and ending with a letter or digit [invalid-service-account]"
    ])
  }
}
