import InfraKit

/// A container image repository for one of the team's services: the team's own construct, built
/// on infra's `PlatformConstruct` like infra's constructs are. It creates an ECR repository named
/// `<stack>/<service>` whose tags cannot be overwritten (a deployed tag always means the same
/// image), scanned on push and encrypted with KMS, and a lifecycle policy that expires untagged
/// images after `untaggedDays` and keeps the newest `keepImages`.
///
/// ```swift
/// ImageRepository("api", keepImages: 100)
/// ```
final class ImageRepository: PlatformConstruct {
  /// The repository; nil when the settings were rejected and nothing was created.
  private(set) var repository: AwsEcrRepository?

  /// Where images are pushed: `<account>.dkr.ecr.<region>.amazonaws.com/<stack>/<service>`.
  var url: Value<String> { output(repository, "repository_url", type: "aws_ecr_repository", id: "images") }

  @discardableResult
  init(
    _ service: String, keepImages: Int = 50, untaggedDays: Int = 7, provider: AWSProvider? = nil,
    file: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    super.init(service, provider: provider, file: file, line: line, column: column)
    let letterOrDigit = { (c: Character) in c.isASCII && (c.isLowercase || c.isNumber) }
    if !(service.first.map(letterOrDigit) ?? false) || !(service.last.map(letterOrDigit) ?? false)
      || !service.allSatisfy({ letterOrDigit($0) || $0 == "-" })
    {
      report(
        "image-repository-name", "image repository '\(service)' is not a name ECR accepts",
        fix: "name it with lowercase letters, digits and '-', starting and ending with a letter or digit")
    }
    // Pods that restart pull the image they were started with; expiring every image breaks them.
    if keepImages < 1 {
      report(
        "image-retention", "image repository '\(service)' keeps \(keepImages) images",
        fix: "keep at least the images that run today, e.g. keepImages: 50")
    }
    if untaggedDays < 1 {
      report("image-retention", "image repository '\(service)' expires untagged images after \(untaggedDays) days", fix: "use 1 day or more")
    }
    guard !hasProblems else { return }
    within { build(keepImages: keepImages, untaggedDays: untaggedDays) }
  }

  private func build(keepImages: Int, untaggedDays: Int) {
    let repository = placed(
      AwsEcrRepository(
        "images", name: Value("\(node.stackName)/\(namingID)"), encryptionConfiguration: [.init(encryptionType: "KMS")],
        imageScanningConfiguration: .init(scanOnPush: true), imageTagMutability: "IMMUTABLE", tags: tags("images")))
    self.repository = repository
    // ECR evaluates rules by priority; the rule over all images must come last.
    let policy: Expr = [
      "rules": [
        [
          "rulePriority": 1, "description": "Expire untagged images after \(untaggedDays) days",
          "selection": ["tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": .int(untaggedDays)],
          "action": ["type": "expire"],
        ],
        [
          "rulePriority": 2, "description": "Keep the newest \(keepImages) images",
          "selection": ["tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": .int(keepImages)],
          "action": ["type": "expire"],
        ],
      ]
    ]
    placed(AwsEcrLifecyclePolicy("lifecycle", policy: .jsonEncoded(policy), repository: repository.name))
  }
}
