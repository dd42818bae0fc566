// swift-tools-version: 6.1
//
// The payments team's platform, written in Swift on top of infra and run through infra's own
// command line: `swift run team-infra synth`, `swift run team-infra validate --plan`, `lint`,
// `check-plan`, with the team's own lint rule and plan check beside infra's.
//
//   team-infra (executable)  ->  TeamStacks (the team's stacks and constructs)  ->  InfraKit
//   team-infra               ->  TeamChecks (the team's own lint rule and plan check)  ->  InfraLint, CheckPlan
//   team-infra               ->  InfraCLI (infra's commands: synth, list, validate, lint, check-plan)
//
// A team outside this repository depends on infra by URL instead of by path.
import PackageDescription

let package = Package(
  name: "team-platform",
  platforms: [.macOS(.v14)],
  dependencies: [
    // Named, because a path package is otherwise known by its folder's name, which is whatever
    // the clone is called.
    .package(name: "infra", path: "../..")
  ],
  targets: [
    .target(name: "TeamStacks", dependencies: [.product(name: "InfraKit", package: "infra")]),
    .target(
      name: "TeamChecks",
      dependencies: [
        .product(name: "InfraKit", package: "infra"), .product(name: "InfraLint", package: "infra"),
        .product(name: "CheckPlan", package: "infra"),
      ]),
    .executableTarget(
      name: "team-infra",
      dependencies: ["TeamStacks", "TeamChecks", .product(name: "InfraCLI", package: "infra")]),
  ],
  swiftLanguageModes: [.v6]
)
