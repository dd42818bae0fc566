import Testing

/// What the constructs find in a part written in a stack file says how to fix it in the stack
/// file's words (`accelerator: nvidia`, `nat: none`), not in Swift's (`accelerator: .nvidia`),
/// which the same checks use for a part written in Swift.
@Suite struct YAMLWordsTests {
  @Test func constructProblemsNameSettingsAsTheStackFileWritesThem() throws {
    let text = """
      region: eu-west-1
      environment: development
      network:
        cidr: 10.0.0.0/16
        zones: [eu-west-1a, eu-west-1b]
        tiers:
          - {name: private, routing: private, prefixLength: 20}
      cluster:
        version: "1.35"
        addons: {vpc-cni: ~, coredns: ~, kube-proxy: ~, aws-ebs-csi-driver: ~}
        nodePools:
          - {name: general, instanceTypes: [m6i.large], minSize: 1, maxSize: 3, desiredSize: 5}
          - {name: gpu, instanceTypes: [m6i.large], minSize: 0, maxSize: 2, accelerator: nvidia}
      loadBalancers:
        - {name: ingest, type: network, scheme: internal, listeners: []}

      """
    #expect(try synthesisErrors(text) == [
      "stack.yaml:4:3: error: network 'core' needs a public tier for its NAT gateways; add a public tier, or set nat: none [nat-without-public-tier]",
      "stack.yaml:10:51: error: cluster 'main': addon 'aws-ebs-csi-driver' gets its AWS identity through EKS Pod Identity, but the cluster has no eks-pod-identity-agent addon; add 'eks-pod-identity-agent: ~' to the addons [addon-identity-without-agent]",
      "stack.yaml:12:7: error: node pool 'general' starts with 5 nodes, outside its size (minSize 1, maxSize 3); choose a desiredSize from 1 to 3 [node-pool-size]",
      "stack.yaml:13:7: error: node pool 'gpu' is an NVIDIA GPU pool, but m6i.large has no NVIDIA GPU; use a GPU instance type such as g5.xlarge or g6.xlarge, or drop accelerator: nvidia [gpu-instance-type]",
      "stack.yaml:15:5: error: network load balancer 'ingest' has no listeners; add one, e.g. listeners: [{name: app, port: 443}] [load-balancer-listeners]",
    ])
  }
}
