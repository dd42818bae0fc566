import InfraCore
import Terraform
import Testing

@testable import StackFiles

/// `account:` pins the stack to one AWS account: Terraform refuses credentials of another.
struct AccountStackFileTests {
  /// A development stack whose `account:` line is `account`, as written.
  private func folder(account: String) throws -> StackFolder {
    try StackFolder(["stack.yaml": "region: eu-west-1\nenvironment: development\naccount: \(account)\n"])
  }

  @Test func theAccountIsTheOnlyOneTheProviderAccepts() throws {
    let folder = try folder(account: "\"012345678901\"")
    let stack = try #require(try folder.stacks().first)
    let provider = try #require(try stack.synthesize().configuration.providers.first { $0.name == "aws" && $0.alias == nil })
    #expect(provider.body["allowed_account_ids"] == .list([.string("012345678901")]))
  }

  @Test func anAccountThatIsNotTwelveDigitsIsAnErrorAtIt() throws {
    let folder = try folder(account: "\"1111-2222-3333\"")
    #expect(folder.problems() == [
      "stack.yaml:3:10: error: the stack has 'account: 1111-2222-3333', which is not an AWS account id; write the account's twelve digits, e.g. account: \"111122223333\" [stack-invalid-value]"
    ])
  }

  /// Unquoted, YAML reads an account as a number, and one starting with 0 would lose its zero.
  @Test func anUnquotedAccountIsAskedToBeQuoted() throws {
    let folder = try folder(account: "111122223333")
    #expect(folder.problems() == [
      "stack.yaml:3:10: error: expected a string, found the integer 111122223333; quote it (\"111122223333\") to make it a string [yaml-type]"
    ])
  }
}
