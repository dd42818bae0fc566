// swift-tools-version: 6.1
//
// infra: describe AWS platforms in Swift or YAML, compile them to Terraform JSON.
//
// Layers (imports point down only):
//   infra (executable)     main.swift: one line
//   InfraCLI               the commands; reusable by a team's executable, with its own stacks, rules and checks
//   StackFiles             YAML stack files -> InfraKit's constructs (read with InfraYAML)
//   InfraLint | CheckPlan  lint rules over a synthesized stack (its .infra-lint.yaml read with InfraYAML) | checks over Terraform plan JSON
//   InfraKit               L2 constructs, the library teams import
//   InfraAWS               L1, generated from the AWS provider's schema
//   InfraCore              construct tree, stacks, synthesis, atomic output
//   InfraYAML              YAML -> located node trees, on libyaml (the CYAML system library, Debian's libyaml-dev)
//   Terraform | JSON       the output model | the JSON value, located parser and deterministic writer
//   Diagnostics            located errors, suggestions, rule descriptions: the leaf everything reports through
//   infra-bindgen (executable)  ->  BindingGenerator: writes InfraAWS from the AWS provider's schema
import PackageDescription

let package = Package(
  name: "infra",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "infra", targets: ["infra"]),
    .library(name: "InfraKit", targets: ["InfraKit"]),
    .library(name: "InfraCLI", targets: ["InfraCLI"]),
    .library(name: "InfraLint", targets: ["InfraLint"]),
    .library(name: "CheckPlan", targets: ["CheckPlan"]),
    .executable(name: "infra-bindgen", targets: ["infra-bindgen"]),
    .executable(name: "platform-benchmark", targets: ["platform-benchmark"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    // Located errors and suggestions, and what a rule is: the leaf everything reports through.
    .target(name: "Diagnostics"),
    // JSON: the value read from Terraform's output, the located parser (duplicate keys rejected),
    // the literal value and the deterministic writer.
    .target(name: "JSON"),
    // The Terraform output model: blocks, expressions, references, escaping, rendering.
    .target(name: "Terraform", dependencies: ["JSON"]),
    // The Kubernetes output model: objects, kustomize folders and the deterministic YAML writer.
    .target(name: "Manifests"),
    // The construct tree: stacks, paths, logical ids, synthesis, atomic output.
    .target(name: "InfraCore", dependencies: ["Terraform", "JSON", "Manifests", "Diagnostics"]),
    // L1: one typed class per AWS resource and data source, generated from the provider's schema
    // by infra-bindgen (script/generate-aws-bindings).
    .target(name: "InfraAWS", dependencies: ["InfraCore", "Terraform"]),
    // The library platform teams import.
    .target(name: "InfraKit", dependencies: ["InfraAWS", "InfraCore", "Terraform"]),
    // Lint rules over synthesized stacks, and `.infra-lint.yaml`.
    .target(name: "InfraLint", dependencies: ["InfraCore", "Manifests", "Terraform", "InfraYAML", "Diagnostics"]),
    // Checks over Terraform plans: plan reading, the checks, approvals, the review.
    .target(name: "CheckPlan", dependencies: ["JSON", "Diagnostics"]),
    // libyaml, from the system (Debian's libyaml-dev; `script/setup` installs it).
    .systemLibrary(
      name: "CYAML", pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),
    // YAML stack files read into located document trees, with every error located.
    .target(name: "InfraYAML", dependencies: ["Diagnostics", "CYAML"]),
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
        "CheckPlan",
        "InfraYAML",
        "StackFiles",
        "Manifests",
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

    .testTarget(name: "JSONTests", dependencies: ["JSON"]),
    .testTarget(name: "ManifestsTests", dependencies: ["Manifests", "InfraTestSupport"]),
    .testTarget(name: "TerraformTests", dependencies: ["Terraform", "InfraTestSupport"]),
    .testTarget(name: "InfraCoreTests", dependencies: ["InfraCore", "InfraKit", "InfraTestSupport"]),
    .testTarget(
      name: "CheckPlanTests", dependencies: ["CheckPlan", "InfraLint", "InfraTestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "LintTests", dependencies: ["InfraLint", "CheckPlan", "InfraKit", "InfraTestSupport"]),
    .testTarget(name: "InfraKitTests", dependencies: ["InfraKit", "InfraTestSupport"]),
    .testTarget(name: "InfraAWSTests", dependencies: ["InfraAWS", "InfraTestSupport"]),
    // Bindings generated from a small hand-made schema with every shape, compiled and tested.
    .target(name: "ToyProviderBindings", dependencies: ["InfraCore", "Terraform"], path: "Tests/ToyProviderBindings"),
    .testTarget(
      name: "BindingGeneratorTests", dependencies: ["BindingGenerator", "ToyProviderBindings", "InfraTestSupport"],
      exclude: ["Fixtures"]),
    .testTarget(name: "InfraYAMLTests", dependencies: ["InfraYAML", "Diagnostics"]),
    .testTarget(
      name: "StackFilesTests", dependencies: ["StackFiles", "InfraTestSupport"]),
    .testTarget(name: "PlatformBenchmarkTests", dependencies: ["platform-benchmark", "InfraTestSupport"]),
    // A team's own executable, as InfraCLITests run it: `infra lint` over one stack per lint rule.
    .executableTarget(name: "lint-fixtures", dependencies: ["InfraCLI", "InfraLint"], path: "Tests/LintFixtures"),
    // `infra` with its writer slowed down, for the tests that kill it mid-write (CrashSafetyTests):
    // the pause lives here, not in the shipped binary.
    .executableTarget(name: "slow-writing-infra", dependencies: ["InfraCLI"], path: "Tests/SlowWritingInfra"),
    .testTarget(
      name: "InfraCLITests",
      dependencies: [
        "InfraCLI", "InfraLint", "CheckPlan", "ReferenceStacks", "StackFiles", "InfraTestSupport", "infra",
        "lint-fixtures", "slow-writing-infra",
      ],
      exclude: ["Snapshots", "Schemas", "Fixtures"]),
  ],
  swiftLanguageModes: [.v6]
)
