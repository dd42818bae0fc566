import InfraKit
import Testing

@Suite struct WebFirewallTests {
  static let certificate: Value<String> = "arn:aws:acm:eu-west-1:111122223333:certificate/0e5b9f4c-3f4a-4c55-9a7e-7d1c2f6a1b2c"

  private func synthesize(_ firewall: @escaping () -> WebFirewall) throws -> TerraformConfiguration {
    try Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      LoadBalancer(
        "web", scheme: .internetFacing, network: network, certificateArn: Self.certificate,
        firewall: firewall())
    }.synthesize().configuration
  }

  @Test func aFirewallWatchingBeforeItEnforcesCountsEverything() throws {
    let configuration = try synthesize {
      WebFirewall(managedRules: [.init("AWSManagedRulesCommonRuleSet", countOnly: ["SizeRestrictions_BODY"])], countOnly: true)
    }
    #expect(resourceJSON(configuration) { $0.type.hasPrefix("aws_wafv2") || $0.name == "web_waf_logs" } == Self.countingFirewall)
  }

  @Test func blockedAddressesAndTheRateLimitComeBeforeTheManagedRules() throws {
    let configuration = try synthesize { WebFirewall(rateLimit: 2000, blocked: ["198.51.100.0/24"]) }
    let acl = try #require(configuration.resources.first { $0.type == "aws_wafv2_web_acl" })
    #expect(acl.body.blocks("rule").map { "\($0["priority"]!) \($0["name"]!)" } == [
      "int(1) string(\"blocked-addresses\")", "int(2) string(\"rate-limit\")",
      "int(10) string(\"AWSManagedRulesAmazonIpReputationList\")", "int(20) string(\"AWSManagedRulesCommonRuleSet\")",
      "int(30) string(\"AWSManagedRulesKnownBadInputsRuleSet\")",
    ])
    #expect(acl.body.blocks("rule").map { $0.blocks("action") == [Body(["block": .block(Body())])] } == [true, true, false, false, false])
    #expect(acl.body.blocks("rule").map { $0.blocks("override_action") == [Body(["none": .block(Body())])] } == [false, false, true, true, true])
    let addresses = try #require(configuration.resources.first { $0.type == "aws_wafv2_ip_set" })
    #expect(addresses.body["addresses"] == ["198.51.100.0/24"])
    #expect(addresses.body["scope"] == "REGIONAL")
  }

  /// The rule groups of each load balancer's web ACL, by load balancer; none without one.
  private static func firewalls(_ environment: Environment) throws -> [String: [String]] {
    let configuration = try Stack("platform", environment: environment, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      LoadBalancer("web", scheme: .internetFacing, network: network, certificateArn: Self.certificate)
      LoadBalancer("partner", scheme: .internetFacing, network: network, certificateArn: Self.certificate, firewall: .off)
      LoadBalancer("admin", scheme: .internal, network: network, certificateArn: Self.certificate)
      LoadBalancer(
        "shop", scheme: .internal, network: network, certificateArn: Self.certificate, firewall: WebFirewall(managedRules: [.sqlDatabase]))
    }.synthesize().configuration
    var groups: [String: [String]] = [:]
    for acl in configuration.resources where acl.type == "aws_wafv2_web_acl" {
      let owner = String(acl.name.dropLast("_waf".count))
      groups[owner] = acl.body.blocks("rule").map { "\($0["name"]!)" }
    }
    return groups
  }

  @Test func anInternetFacingLoadBalancerInProductionHasTheStandardFirewallUnlessItIsOff() throws {
    #expect(try Self.firewalls(.production) == [
      "web": [
        #"string("AWSManagedRulesAmazonIpReputationList")"#, #"string("AWSManagedRulesCommonRuleSet")"#,
        #"string("AWSManagedRulesKnownBadInputsRuleSet")"#,
      ],
      "shop": [#"string("AWSManagedRulesSQLiRuleSet")"#],
    ])
    #expect(try Self.firewalls(.staging) == ["shop": [#"string("AWSManagedRulesSQLiRuleSet")"#]])
  }

  @Test func theRequestLogIsEncryptedWithAKeyCloudWatchLogsMayUse() throws {
    let configuration = try synthesize { WebFirewall() }
    let logs = try #require(configuration.resources.first { $0.name == "web_waf_logs" })
    #expect(logs.body["kms_key_id"] == .reference(.resource(type: "aws_kms_key", name: "web_waf_logs_key").attribute("arn")))
    #expect(resourceJSON(configuration) { $0 == logs }.contains(#""depends_on": [\#n          "aws_kms_key_policy.web_waf_logs_key_policy"\#n        ]"#))
    let key = try #require(configuration.resources.first { $0.name == "web_waf_logs_key" })
    #expect(key.body["enable_key_rotation"] == true)
    let policy = try #require(configuration.resources.first { $0.name == "web_waf_logs_key_policy" })
    #expect(String(describing: policy.body["policy"]!).contains("LogsEncryptTheAccountsLogGroups"))
  }

  @Test func aFirewallThatCannotWorkIsALocatedError() {
    let line = #line + 6
    let stack = Stack("platform", environment: .production, region: .euWest1) {
      let network = Network("core", cidr: "10.0.0.0/16", zones: ["eu-west-1a", "eu-west-1b"])
      LoadBalancer(
        "web", scheme: .internetFacing, network: network, certificateArn: Self.certificate,
        firewall:
          WebFirewall(managedRules: [.commonRuleSet, .commonRuleSet], rateLimit: 5, blocked: ["198.51.100.0/33"]))
      LoadBalancer(
        "api", scheme: .internetFacing, network: network, certificateArn: Self.certificate,
        firewall: WebFirewall(managedRules: []))
    }
    let error = #expect(throws: SynthesisError.self) { try stack.synthesize() }
    let file = "Tests/InfraKitTests/WebFirewallTests.swift"
    #expect(error?.diagnostics.map(\.description) == [
      "\(file):\(line):22: error: the firewall of load balancer 'web' has the managed rule group AWSManagedRulesCommonRuleSet twice; list each group once [duplicate-waf-rule]",
      "\(file):\(line):22: error: the firewall of load balancer 'web' limits each address to 5 requests in five minutes; use a limit from 10 to 2,000,000,000 [waf-rate-limit]",
      "\(file):\(line):22: error: the firewall of load balancer 'web': blocked '198.51.100.0/33' is not an IPv4 CIDR block such as 10.0.0.0/16; write it as 198.51.100.0/24 [invalid-cidr]",
      "\(file):\(line + 3):30: error: the firewall of load balancer 'api' has no rules; keep the standard managed rules, or turn the firewall off [waf-no-rules]",
    ])
  }

  /// A firewall that counts instead of blocking, and its request log (encrypted with a key of
  /// its own), as infra writes them.
  static let countingFirewall = #"""
{
  "resource": {
    "aws_cloudwatch_log_group": {
      "web_waf_logs": {
        "//": "platform/web/waf-logs",
        "depends_on": [
          "aws_kms_key_policy.web_waf_logs_key_policy"
        ],
        "kms_key_id": "${aws_kms_key.web_waf_logs_key.arn}",
        "name": "aws-waf-logs-platform-web",
        "retention_in_days": 365,
        "tags": {
          "Name": "platform-web-waf-logs"
        }
      }
    },
    "aws_wafv2_web_acl": {
      "web_waf": {
        "//": "platform/web/waf",
        "default_action": {
          "allow": {}
        },
        "description": "Firewall of platform-web",
        "name_prefix": "platform-web-",
        "rule": [
          {
            "name": "AWSManagedRulesCommonRuleSet",
            "override_action": {
              "count": {}
            },
            "priority": 10,
            "statement": {
              "managed_rule_group_statement": {
                "name": "AWSManagedRulesCommonRuleSet",
                "rule_action_override": [
                  {
                    "action_to_use": {
                      "count": {}
                    },
                    "name": "SizeRestrictions_BODY"
                  }
                ],
                "vendor_name": "AWS"
              }
            },
            "visibility_config": {
              "cloudwatch_metrics_enabled": true,
              "metric_name": "platform-web-AWSManagedRulesCommonRuleSet",
              "sampled_requests_enabled": true
            }
          }
        ],
        "scope": "REGIONAL",
        "tags": {
          "Name": "platform-web-waf"
        },
        "visibility_config": {
          "cloudwatch_metrics_enabled": true,
          "metric_name": "platform-web-waf",
          "sampled_requests_enabled": true
        }
      }
    },
    "aws_wafv2_web_acl_association": {
      "web_waf_association": {
        "//": "platform/web/waf-association",
        "resource_arn": "${aws_lb.web_alb.arn}",
        "web_acl_arn": "${aws_wafv2_web_acl.web_waf.arn}"
      }
    },
    "aws_wafv2_web_acl_logging_configuration": {
      "web_waf_logging": {
        "//": "platform/web/waf-logging",
        "log_destination_configs": [
          "${aws_cloudwatch_log_group.web_waf_logs.arn}"
        ],
        "redacted_fields": [
          {
            "single_header": {
              "name": "authorization"
            }
          },
          {
            "single_header": {
              "name": "cookie"
            }
          }
        ],
        "resource_arn": "${aws_wafv2_web_acl.web_waf.arn}"
      }
    }
  }
}

"""#
}
