import Foundation
import InfraTestSupport
import Testing

@testable import Terraform

@Suite struct ConfigurationRenderingTests {
  @Test func aWholeConfigurationRendersWithSortedKeysAndEveryBlockKind() {
    var subnet = ResourceBlock(type: "aws_subnet", name: "a", comment: "prod/core/a")
    subnet.body["vpc_id"] = .reference(Reference.resource(type: "aws_vpc", name: "core").attribute("id"))
    subnet.body["cidr_block"] = "10.0.0.0/24"
    subnet.meta.provider = ProviderReference(name: "aws", alias: "euc1")
    subnet.meta.dependsOn = [.resource(type: "aws_internet_gateway", name: "igw")]
    subnet.meta.lifecycle = Lifecycle(
      createBeforeDestroy: true, preventDestroy: false, ignoreChanges: .attributes(["tags"]))
    var pool = ResourceBlock(type: "aws_eks_node_group", name: "gpu")
    pool.body.setBlock("scaling_config", ["min_size": 0, "max_size": 4, "desired_size": 0])
    pool.body.setBlocks(
      "taint", [["key": "nvidia.com/gpu", "value": "true", "effect": "NO_SCHEDULE"], ["key": "b", "effect": "NO_EXECUTE"]])
    pool.meta.lifecycle.ignoreChanges = .all

    let configuration = TerraformConfiguration(
      comment: "generated",
      terraform: TerraformBlock(
        requiredVersion: ">= 1.10.0",
        requiredProviders: ["aws": ProviderRequirement(source: "hashicorp/aws", version: "~> 5.100")],
        backend: Backend(
          type: "s3",
          settings: ["bucket": "state", "encrypt": true, "key": "prod.tfstate", "region": "eu-west-1", "use_lockfile": true])),
      providers: [
        ProviderBlock("aws", alias: "euc1", body: ["region": "eu-central-1"]),
        ProviderBlock("aws", body: ["region": "eu-west-1"]),
      ],
      variables: [VariableBlock("env", type: "string", defaultValue: "dev", description: "Environment", nullable: false)],
      locals: ["zones": ["a", "b"]],
      dataSources: [DataSourceBlock(type: "aws_region", name: "current")],
      resources: [subnet, pool],
      modules: [
        ModuleBlock(
          "dns", source: "./modules/dns", version: nil, arguments: ["zone": .variable("env")],
          providers: ["aws": ProviderReference(name: "aws", alias: "euc1")])
      ],
      outputs: [OutputBlock("subnet", value: .reference(subnet.reference.attribute("id")), sensitive: false)],
      moved: [MovedBlock(from: .resource(type: "aws_subnet", name: "old"), to: subnet.reference)])

    let expected = """
      {
        "//": "generated",
        "data": {
          "aws_region": {
            "current": {}
          }
        },
        "locals": {
          "zones": [
            "a",
            "b"
          ]
        },
        "module": {
          "dns": {
            "providers": {
              "aws": "aws.euc1"
            },
            "source": "./modules/dns",
            "zone": "${var.env}"
          }
        },
        "moved": [
          {
            "from": "aws_subnet.old",
            "to": "aws_subnet.a"
          }
        ],
        "output": {
          "subnet": {
            "sensitive": false,
            "value": "${aws_subnet.a.id}"
          }
        },
        "provider": {
          "aws": [
            {
              "region": "eu-west-1"
            },
            {
              "alias": "euc1",
              "region": "eu-central-1"
            }
          ]
        },
        "resource": {
          "aws_eks_node_group": {
            "gpu": {
              "lifecycle": {
                "ignore_changes": "all"
              },
              "scaling_config": {
                "desired_size": 0,
                "max_size": 4,
                "min_size": 0
              },
              "taint": [
                {
                  "effect": "NO_SCHEDULE",
                  "key": "nvidia.com/gpu",
                  "value": "true"
                },
                {
                  "effect": "NO_EXECUTE",
                  "key": "b"
                }
              ]
            }
          },
          "aws_subnet": {
            "a": {
              "//": "prod/core/a",
              "cidr_block": "10.0.0.0/24",
              "depends_on": [
                "aws_internet_gateway.igw"
              ],
              "lifecycle": {
                "create_before_destroy": true,
                "ignore_changes": [
                  "tags"
                ],
                "prevent_destroy": false
              },
              "provider": "aws.euc1",
              "vpc_id": "${aws_vpc.core.id}"
            }
          }
        },
        "terraform": {
          "backend": {
            "s3": {
              "bucket": "state",
              "encrypt": true,
              "key": "prod.tfstate",
              "region": "eu-west-1",
              "use_lockfile": true
            }
          },
          "required_providers": {
            "aws": {
              "source": "hashicorp/aws",
              "version": "~> 5.100"
            }
          },
          "required_version": ">= 1.10.0"
        },
        "variable": {
          "env": {
            "default": "dev",
            "description": "Environment",
            "nullable": false,
            "type": "string"
          }
        }
      }

      """
    let actual = String(decoding: configuration.json(), as: UTF8.self)
    #expect(actual == expected, "\(firstDifference(expected, actual))")
  }

  @Test func resourcesAreOrderedByTypeThenNameWhateverTheInsertionOrder() {
    let blocks = [("aws_vpc", "b"), ("aws_subnet", "z"), ("aws_vpc", "a"), ("aws_subnet", "a_1"), ("aws_subnet", "a")]
      .map { ResourceBlock(type: $0.0, name: $0.1) }
    let forward = TerraformConfiguration(resources: blocks).json()
    let backward = TerraformConfiguration(resources: blocks.reversed()).json()
    #expect(forward == backward)
    let text = String(decoding: forward, as: UTF8.self)
    let order = ["\"aws_subnet\"", "\"a\"", "\"a_1\"", "\"z\"", "\"aws_vpc\"", "\"a\"", "\"b\""]
    var position = text.startIndex
    for name in order {
      let found = text.range(of: name, range: position..<text.endIndex)
      #expect(found != nil, "\(name) out of order")
      position = found?.upperBound ?? position
    }
  }

  @Test func keysSortByUTF8BytesNotByLocale() {
    let configuration = TerraformConfiguration(locals: ["b": 1, "B": 2, "_": 3, "a": 4, "é": 5, "Z": 6])
    let text = String(decoding: configuration.json(), as: UTF8.self)
    let keys = text.split(separator: "\n").filter { $0.hasPrefix("    \"") }.map { $0.split(separator: "\"")[1] }
    #expect(keys == ["B", "Z", "_", "a", "b", "é"])
  }

  @Test func anEmptyConfigurationIsAnEmptyObject() {
    #expect(String(decoding: TerraformConfiguration().json(), as: UTF8.self) == "{}\n")
  }
}
