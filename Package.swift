// swift-tools-version: 6.1
//
// infra: describe AWS platforms in Swift or YAML, compile them to Terraform JSON.
//
// Layers (imports point down only):
//   infra (executable)  ->  InfraCLI  ->  StackFiles / ReferenceStacks / InfraLint  ->  InfraKit / InfraYAML  ->  InfraAWS  ->  InfraCore  ->  Terraform
//   InfraYAML reads YAML with libyaml (the CYAML system library, Debian's libyaml-dev); StackFiles
//   compiles stack files read with it into InfraKit's constructs.
//   infra-bindgen (executable)  ->  BindingGenerator: writes InfraAWS from the AWS provider's schema
import PackageDescription

let package = Package(
  name: "infra",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "infra", targets: ["infra"]),
    .library(name: "InfraKit", targets: ["InfraKit"]),
    .library(name: "InfraCLI", targets: ["InfraCLI"]),
    .executable(name: "infra-bindgen", targets: ["infra-bindgen"]),
    .executable(name: "platform-benchmark", targets: ["platform-benchmark"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    // The Terraform output model: blocks, expressions, references, the deterministic JSON writer.
    .target(name: "Terraform"),
    // The construct tree: stacks, paths, logical ids, diagnostics, synthesis, atomic output.
    .target(name: "InfraCore", dependencies: ["Terraform"]),
    // L1: one typed class per AWS resource and data source, generated from the provider's schema
    // by infra-bindgen (script/generate-aws-bindings).
    .target(name: "InfraAWS", dependencies: ["InfraCore", "Terraform"]),
    // The library platform teams import.
    .target(name: "InfraKit", dependencies: ["InfraAWS", "InfraCore", "Terraform"]),
    // Checks over what will be deployed: lint rules over synthesized stacks, and Terraform plans.
    .target(name: "InfraLint", dependencies: ["InfraCore", "Terraform"]),
    // libyaml, from the system (Debian's libyaml-dev; `script/setup` installs it).
    .systemLibrary(
      name: "CYAML", pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),
    // YAML stack files read into located document trees, with every error located.
    .target(name: "InfraYAML", dependencies: ["InfraCore", "CYAML"]),
    // YAML stack files compiled into InfraKit's constructs (docs/stack-files.md).
    .target(name: "StackFiles", dependencies: ["InfraKit", "InfraYAML", "InfraCore"]),
    // The stacks infra ships and `infra synth` compiles by default.
    .target(name: "ReferenceStacks", dependencies: ["InfraKit"]),
    // The commands, reusable by a team's own executable.
    .target(
      name: "InfraCLI",
      dependencies: [
        "InfraKit",
        "InfraLint",
        "InfraYAML",
        "StackFiles",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "infra", dependencies: ["InfraCLI"]),
    // The benchmark platform (docs/performance.md) for N tenants, measured by bench/run; nothing depends on it.
    .executableTarget(name: "platform-benchmark", dependencies: ["InfraKit"]),
    // Typed bindings from a provider schema: for infra's own InfraAWS, and for teams' packages.
    .target(name: "BindingGenerator"),
    .executableTarget(
      name: "infra-bindgen",
      dependencies: ["BindingGenerator", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    // Helpers shared by the test targets: snapshots, running the built binary, Terraform.
    .target(name: "InfraTestSupport"),

    .testTarget(name: "TerraformTests", dependencies: ["Terraform", "InfraTestSupport"]),
    .testTarget(name: "InfraCoreTests", dependencies: ["InfraCore", "InfraKit", "InfraTestSupport"]),
    .testTarget(
      name: "CheckPlanTests", dependencies: ["InfraLint", "InfraTestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "LintTests", dependencies: ["InfraLint", "InfraKit", "InfraTestSupport"]),
    .testTarget(name: "InfraKitTests", dependencies: ["InfraKit", "InfraTestSupport"]),
    .testTarget(name: "InfraAWSTests", dependencies: ["InfraAWS", "InfraTestSupport"]),
    // Bindings generated from a small hand-made schema with every shape, compiled and tested.
    .target(name: "ToyProviderBindings", dependencies: ["InfraCore", "Terraform"], path: "Tests/ToyProviderBindings"),
    .testTarget(
      name: "BindingGeneratorTests", dependencies: ["BindingGenerator", "ToyProviderBindings", "InfraTestSupport"],
      exclude: ["Fixtures"]),
    .testTarget(name: "InfraYAMLTests", dependencies: ["InfraYAML"]),
    .testTarget(
      name: "StackFilesTests", dependencies: ["StackFiles", "InfraTestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "PlatformBenchmarkTests", dependencies: ["platform-benchmark", "InfraTestSupport"]),
    // A team's own executable, as InfraCLITests run it: `infra lint` over one stack per lint rule.
    .executableTarget(name: "lint-fixtures", dependencies: ["InfraCLI", "InfraLint"], path: "Tests/LintFixtures"),
    .testTarget(
      name: "InfraCLITests",
      dependencies: ["InfraCLI", "ReferenceStacks", "StackFiles", "InfraTestSupport", "infra", "lint-fixtures"],
      exclude: ["Snapshots", "Schemas"]),
  ],
  swiftLanguageModes: [.v6]
)
