import InfraKit
import Testing

@Suite struct NetworkLoadBalancerTests {
  static let certificate: Value<String> = "arn:aws:acm:eu-west-1:111122223333:certificate/0e5b9f4c-3f4a-4c55-9a7e-7d1c2f6a1b2c"

  private func synthesize(
    environment: Environment = .production, _ build: @escaping (Network) -> Void
  ) throws -> TerraformConfiguration {
    try Stack("platform", environment: environment, region: .euWest1) {
      build(Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"]))
    }.synthesize().configuration
  }

  private static func isIngest(_ resource: ResourceBlock) -> Bool {
    !resource.type.hasPrefix("aws_s3") && resource.comment?.hasPrefix("platform/ingest/") == true
  }

  @Test func aTLSListenerEndsTLSWithTheModernPolicyBehindASecurityGroup() throws {
    let configuration = try synthesize { network in
      NetworkLoadBalancer(
        "ingest", scheme: .internetFacing, network: network,
        listeners: [.init("mqtt", port: 8883, protocol: .tls(certificateArn: Self.certificate), targetPort: 1883)],
        allow: ["203.0.113.0/24"])
    }
    #expect(resourceJSON(configuration, Self.isIngest) == Self.tlsIngest)
    let policy = try #require(configuration.resources.first { $0.type == "aws_s3_bucket_policy" })
    #expect(policy.body["policy"] == .call("jsonencode", [[
      "Version": "2012-10-17",
      "Statement": [
        [
          "Sid": "LogDeliveryWrite", "Effect": "Allow", "Principal": ["Service": "delivery.logs.amazonaws.com"],
          "Action": "s3:PutObject", "Resource": .template([.reference(.resource(type: "aws_s3_bucket", name: "ingest_access_logs").attribute("arn")), "/AWSLogs/*"]),
          "Condition": ["StringEquals": ["s3:x-amz-acl": "bucket-owner-full-control"]],
        ],
        [
          "Sid": "LogDeliveryAclCheck", "Effect": "Allow", "Principal": ["Service": "delivery.logs.amazonaws.com"],
          "Action": "s3:GetBucketAcl", "Resource": .template([.reference(.resource(type: "aws_s3_bucket", name: "ingest_access_logs").attribute("arn"))]),
        ],
        [
          "Sid": "TLSOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
          "Resource": [
            .template([.reference(.resource(type: "aws_s3_bucket", name: "ingest_access_logs").attribute("arn"))]),
            .template([.reference(.resource(type: "aws_s3_bucket", name: "ingest_access_logs").attribute("arn")), "/*"]),
          ],
          "Condition": ["Bool": ["aws:SecureTransport": "false"]],
        ],
      ],
    ]]))
  }

  @Test func anInternalUDPListenerIsOpenToTheVPCAndHasNoLogBucket() throws {
    let configuration = try synthesize(environment: .development) { network in
      NetworkLoadBalancer(
        "dns", scheme: .internal, network: network,
        listeners: [.init("dns", port: 53, protocol: .udp, healthCheck: .http(path: "/health"))])
    }
    #expect(configuration.resources.filter { $0.type.hasPrefix("aws_s3") } == [])
    let nlb = try #require(configuration.resources.first { $0.type == "aws_lb" })
    #expect(nlb.body["internal"] == true)
    #expect(nlb.body["enable_deletion_protection"] == false)
    #expect(nlb.body.blocks("access_logs") == [])
    #expect(nlb.body["subnets"] == [
      .reference(.resource(type: "aws_subnet", name: "core_private_a").attribute("id")),
      .reference(.resource(type: "aws_subnet", name: "core_private_b").attribute("id")),
    ])
    let ingress = try #require(configuration.resources.first { $0.type == "aws_vpc_security_group_ingress_rule" })
    #expect(ingress.body["cidr_ipv4"] == "10.0.0.0/16")
    #expect(ingress.body["ip_protocol"] == "udp")
    #expect(configuration.resources.filter { $0.type == "aws_vpc_security_group_egress_rule" }.map { $0.body["ip_protocol"] } == ["tcp", "udp"])
    let group = try #require(configuration.resources.first { $0.type == "aws_lb_target_group" })
    #expect(group.body["protocol"] == "UDP")
    #expect(group.body.blocks("health_check") == [
      ["healthy_threshold": 3, "interval": 10, "matcher": "200-399", "path": "/health", "port": "traffic-port", "protocol": "HTTP", "unhealthy_threshold": 3]
    ])
    let listener = try #require(configuration.resources.first { $0.type == "aws_lb_listener" })
    #expect(listener.body["protocol"] == "UDP")
    #expect(listener.body["ssl_policy"] == nil)
  }

  @Test func listenersThatCannotWorkAreLocatedErrors() {
    let line = #line + 4
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      NetworkLoadBalancer("none", scheme: .internal, network: network, listeners: [])
      NetworkLoadBalancer(
        "clash", scheme: .internetFacing, network: network,
        listeners: [.init("a", port: 443), .init("a", port: 8443), .init("b", port: 443, targetPort: 70000)], allow: ["203.0.113.0"])
    }
    let error = #expect(throws: SynthesisError.self) { try stack.synthesize() }
    let file = "Tests/InfraKitTests/NetworkLoadBalancerTests.swift"
    #expect(error?.diagnostics.map(\.description) == [
      "\(file):\(line - 1):26: error: network load balancer 'none' has no listeners; add one, e.g. listeners: [.init(\"app\", port: 443)] [load-balancer-listeners]",
      "\(file):\(line):26: error: load balancer 'clash': allowed '203.0.113.0' is not an IPv4 CIDR block such as 10.0.0.0/16; write it as 203.0.113.0/24 [invalid-cidr]",
      "\(file):\(line):26: error: network load balancer 'clash' has two listeners named 'a'; give each listener its own name [duplicate-listener]",
      "\(file):\(line):26: error: listeners 'a' and 'b' both listen on port 443; give each listener its own port [duplicate-listener]",
      "\(file):\(line):26: error: listener 'b' has target port 70000; use a port from 1 to 65535 [listener-port]",
    ])
  }

  /// The TLS listener's load balancer, as infra writes it (its access-log bucket left out).
  static let tlsIngest = #"""
{
  "resource": {
    "aws_lb": {
      "ingest_nlb": {
        "//": "platform/ingest/nlb",
        "access_logs": {
          "bucket": "${aws_s3_bucket.ingest_access_logs.id}",
          "enabled": true
        },
        "depends_on": [
          "aws_s3_bucket_policy.ingest_access_logs_policy"
        ],
        "enable_cross_zone_load_balancing": true,
        "enable_deletion_protection": true,
        "enforce_security_group_inbound_rules_on_private_link_traffic": "on",
        "internal": false,
        "load_balancer_type": "network",
        "name_prefix": "ingest",
        "security_groups": [
          "${aws_security_group.ingest_security_group.id}"
        ],
        "subnets": [
          "${aws_subnet.core_public_a.id}",
          "${aws_subnet.core_public_b.id}"
        ],
        "tags": {
          "Name": "platform-ingest-nlb"
        }
      }
    },
    "aws_lb_listener": {
      "ingest_listener_mqtt": {
        "//": "platform/ingest/listener-mqtt",
        "certificate_arn": "arn:aws:acm:eu-west-1:111122223333:certificate/0e5b9f4c-3f4a-4c55-9a7e-7d1c2f6a1b2c",
        "default_action": [
          {
            "target_group_arn": "${aws_lb_target_group.ingest_target_mqtt.arn}",
            "type": "forward"
          }
        ],
        "load_balancer_arn": "${aws_lb.ingest_nlb.arn}",
        "port": 8883,
        "protocol": "TLS",
        "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"
      }
    },
    "aws_lb_target_group": {
      "ingest_target_mqtt": {
        "//": "platform/ingest/target-mqtt",
        "health_check": {
          "healthy_threshold": 3,
          "interval": 10,
          "port": "traffic-port",
          "protocol": "TCP",
          "unhealthy_threshold": 3
        },
        "lifecycle": {
          "create_before_destroy": true
        },
        "name_prefix": "mqtt",
        "port": 1883,
        "protocol": "TCP",
        "tags": {
          "Name": "platform-ingest-mqtt"
        },
        "target_type": "ip",
        "vpc_id": "${aws_vpc.core_vpc.id}"
      }
    },
    "aws_security_group": {
      "ingest_security_group": {
        "//": "platform/ingest/security-group",
        "description": "Network load balancer platform-ingest",
        "name_prefix": "platform-ingest-",
        "tags": {
          "Name": "platform-ingest-nlb"
        },
        "vpc_id": "${aws_vpc.core_vpc.id}"
      }
    },
    "aws_vpc_security_group_egress_rule": {
      "ingest_to_targets_tcp": {
        "//": "platform/ingest/to-targets-tcp",
        "cidr_ipv4": "10.0.0.0/16",
        "description": "Targets in the VPC",
        "from_port": 1,
        "ip_protocol": "tcp",
        "security_group_id": "${aws_security_group.ingest_security_group.id}",
        "to_port": 65535
      }
    },
    "aws_vpc_security_group_ingress_rule": {
      "ingest_allow_mqtt_0": {
        "//": "platform/ingest/allow-mqtt-0",
        "cidr_ipv4": "203.0.113.0/24",
        "description": "Listener mqtt",
        "from_port": 8883,
        "ip_protocol": "tcp",
        "security_group_id": "${aws_security_group.ingest_security_group.id}",
        "to_port": 8883
      }
    }
  }
}

"""#
}
