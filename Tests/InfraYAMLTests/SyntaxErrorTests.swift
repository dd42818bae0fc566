import Testing

@testable import InfraYAML

/// libyaml stops at the first syntax error; each is reported at libyaml's position, in words a
/// stack's author knows.
@Suite struct SyntaxErrorTests {
  @Test func tabsUsedForIndentation() {
    let expected = "a tab indents this line, and YAML indents with spaces only; replace the tab with spaces [yaml-syntax]"
    #expect(problems("cluster:\n\tname: main\n") == ["stack.yaml:2:1: error: " + expected])
    #expect(problems("cluster:\n  name: main\n\tversion: 1\n") == ["stack.yaml:3:1: error: " + expected])
    #expect(problems("script: |\n\techo hi\n") == ["stack.yaml:2:1: error: " + expected])
    // A tab between a key and its value separates them, as spaces do.
    #expect(problems("name:\tmain\n") == [])
  }

  @Test func aColonInAPlainValue() {
    #expect(
      problems("name: main\ndescription: note: this\n") == [
        "stack.yaml:2:18: error: ': ' (a colon and a space) starts a key here, where no key can start; quote the value if the colon belongs to it (\"a: b\"), or correct the indentation [yaml-syntax]"
      ])
  }

  @Test func aKeyLongerThanYAMLAllows() {
    let key = String(repeating: "k", count: 1100)
    #expect(
      problems("\(key): 1\n") == [
        "stack.yaml:1:1101: error: ': ' (a colon and a space) starts a key here, where no key can start; keys must be shorter than 1024 characters; shorten the key [yaml-syntax]"
      ])
  }

  @Test func indentationThatMatchesNoSibling() {
    #expect(
      problems("cluster:\n  name: main\n version: 1\n") == [
        "stack.yaml:3:2: error: this line is not indented like the keys of the mapping that starts at line 1; indent it exactly as far as the keys it belongs with [yaml-syntax]"
      ])
    #expect(
      problems("- a\nb: 1\n") == [
        "stack.yaml:2:1: error: this line is not indented like the items of the sequence that starts at line 1; indent it exactly as far as the '- ' items it belongs with [yaml-syntax]"
      ])
  }

  @Test func unclosedQuotesAndBrackets() {
    #expect(
      problems("name: \"main\nversion: 1\n") == [
        "stack.yaml:3:1: error: the quoted string that starts at line 1 is never closed; add the closing quote [yaml-syntax]"
      ])
    #expect(
      problems("zones: [a, b\nname: x\n") == [
        "stack.yaml:2:5: error: the sequence opened with '[' at line 1 is not closed; add the missing ',' or ']' [yaml-syntax]"
      ])
    #expect(
      problems("tags: {a: 1, b\n") == [
        "stack.yaml:2:1: error: the mapping opened with '{' at line 1 is not closed; add the missing ',' or '}' [yaml-syntax]"
      ])
  }

  @Test func charactersThatCannotStartAValue() {
    #expect(
      problems("owner: @platform\n") == [
        "stack.yaml:1:8: error: '@' cannot start a value; quote the value (\"…\") if the character belongs to it [yaml-syntax]"
      ])
    #expect(
      problems("tags: {a: 1}}\n") == [
        "stack.yaml:1:13: error: unexpected '}' in the mapping that starts at line 1; remove it, or quote the value it belongs to [yaml-syntax]"
      ])
  }

  @Test func badEscapesInDoubleQuotes() {
    #expect(
      problems("path: \"C:\\data\"\n") == [
        "stack.yaml:1:10: error: unknown escape sequence in a double-quoted string; write a backslash as \\\\, or use single quotes, where backslashes are plain text [yaml-syntax]"
      ])
  }

  @Test func aSequenceItemWhereNoneCanStart() {
    #expect(
      problems("zones: - a\n") == [
        "stack.yaml:1:8: error: '- ' starts a sequence item where none can start; put the items on lines of their own, indented under their key [yaml-syntax]"
      ])
  }

  @Test func otherProblemsKeepLibYAMLsWords() {
    #expect(
      problems("a: &\n") == [
        "stack.yaml:1:5: error: did not find expected alphabetic or numeric character (while scanning an anchor that starts at line 1); check the indentation and quoting here [yaml-syntax]"
      ])
  }

  @Test func onlyTheFirstSyntaxErrorIsReportedButEarlierProblemsAreKept() {
    #expect(
      problems("a: 1\na: 2\nb: [\n") == [
        "stack.yaml:2:1: error: the key 'a' appears twice in this mapping, at lines 1 and 2; remove one of them, or rename it [yaml-duplicate-key]",
        "stack.yaml:4:1: error: expected a value here; write the missing value, or remove what stands before it [yaml-syntax]",
      ])
  }
}
