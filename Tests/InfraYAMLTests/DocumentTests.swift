import Testing

@testable import InfraYAML

/// What a file must be as a whole: one document, UTF-8 text, unique keys, known tags.
@Suite struct DocumentTests {
  @Test func anEmptyFileOrOneOfCommentsHoldsNoDocument() {
    let expected = [
      "stack.yaml:1:1: error: the file holds no YAML document; write the stack as a YAML mapping (key: value lines) [yaml-document]"
    ]
    #expect(problems("") == expected)
    #expect(problems("# nothing yet\n\n   \n") == expected)
    #expect(problems([0xEF, 0xBB, 0xBF]) == expected)
  }

  @Test func aSecondDocumentIsAnError() {
    #expect(
      problems("stack: dev\n---\nstack: prod\n") == [
        "stack.yaml:2:1: error: a second YAML document starts here, but a stack file holds one; move it to a file of its own [yaml-document]"
      ])
    #expect(
      problems("stack: dev\n...\nstack: prod\n") == [
        "stack.yaml:3:1: error: text follows the end of the document ('...'); a stack file holds one document: remove the '...' line, or move what follows to a file of its own [yaml-syntax]"
      ])
    #expect(problems("---\nstack: dev\n...\n") == [])
  }

  @Test func duplicateKeysNameBothLinesAndAreAllReported() {
    #expect(
      problems(
        """
        stack: dev
        cluster:
          name: a
          version: "1.31"
          name: b
        stack: prod
        """) == [
          "stack.yaml:5:3: error: the key 'name' appears twice in this mapping, at lines 3 and 5; remove one of them, or rename it [yaml-duplicate-key]",
          "stack.yaml:6:1: error: the key 'stack' appears twice in this mapping, at lines 1 and 6; remove one of them, or rename it [yaml-duplicate-key]",
        ])
    // Keys are compared by their text, however they are quoted.
    #expect(
      problems("{a: 1, 'a': 2}") == [
        "stack.yaml:1:8: error: the key 'a' appears twice in this mapping, at lines 1 and 1; remove one of them, or rename it [yaml-duplicate-key]"
      ])
    // The same key in different mappings is no duplicate.
    #expect(problems("a: {name: x}\nb: {name: y}\n") == [])
  }

  @Test func duplicatesAreFoundInLargeMappingsToo() {
    var lines = (0..<5000).map { "key\($0): \($0)" }
    lines.append("key4321: again")
    #expect(
      problems(lines.joined(separator: "\n")) == [
        "stack.yaml:5001:1: error: the key 'key4321' appears twice in this mapping, at lines 4322 and 5001; remove one of them, or rename it [yaml-duplicate-key]"
      ])
  }

  @Test func keysMustBeScalars() {
    #expect(
      problems("? [a, b]\n: 1\n? {c: d}\n: 2\nok: 3\n") == [
        "stack.yaml:1:3: error: a mapping key must be a scalar, but this one is a sequence; use a plain name as the key [yaml-key]",
        "stack.yaml:3:3: error: a mapping key must be a scalar, but this one is a mapping; use a plain name as the key [yaml-key]",
      ])
  }

  @Test func tagsOtherThanTheCoreSchemasAreErrors() {
    #expect(
      problems("vpc: !Ref core\nlist: !!set {a: null}\ncount: !!int many\nok: !!str 12\n") == [
        "stack.yaml:1:6: error: the tag !Ref cannot be used on a scalar in an infra stack file; remove it; infra reads plain YAML values (tags such as CloudFormation's !Ref mean nothing here) [yaml-tag]",
        "stack.yaml:2:7: error: the tag !!set cannot be used on a mapping in an infra stack file; remove it; infra reads plain YAML values (tags such as CloudFormation's !Ref mean nothing here) [yaml-tag]",
        "stack.yaml:3:8: error: 'many' is tagged !!int but is not an integer; correct the value, or remove the tag [yaml-tag]",
      ])
  }

  @Test func invalidUTF8IsLocated() {
    #expect(
      problems(Array("a: 1\nb: caf".utf8) + [0xFF] + Array("\n".utf8)) == [
        "stack.yaml:2:7: error: the byte 0xFF cannot appear in UTF-8 text; save the file as UTF-8 (it may be in Latin-1 or another legacy encoding) [yaml-encoding]"
      ])
    // Latin-1 "é" followed by a letter, and followed by nothing: located at the "é".
    #expect(
      problems(Array("name: caf".utf8) + [0xE9] + Array("s\n".utf8)) == [
        "stack.yaml:1:10: error: the bytes from 0xE9 on are not valid UTF-8 (invalid trailing UTF-8 octet); save the file as UTF-8 (it may be in Latin-1 or another legacy encoding) [yaml-encoding]"
      ])
    #expect(
      problems(Array("tags:\n  team: caf".utf8) + [0xC3]) == [
        "stack.yaml:2:12: error: the bytes from 0xC3 on are not valid UTF-8 (incomplete UTF-8 octet sequence); save the file as UTF-8 (it may be in Latin-1 or another legacy encoding) [yaml-encoding]"
      ])
    // A UTF-16 surrogate encoded as UTF-8.
    #expect(
      problems(Array("a: ".utf8) + [0xED, 0xA0, 0x80] + Array("\n".utf8)) == [
        "stack.yaml:1:4: error: the text holds U+D800, which is not a Unicode character; save the file as UTF-8 text [yaml-encoding]"
      ])
  }

  @Test func nulAndControlCharactersAreLocated() {
    #expect(
      problems(Array("a: 1\nb: x".utf8) + [0] + Array("y\n".utf8)) == [
        "stack.yaml:2:5: error: the text holds a NUL byte (0x00); remove it; a stack file is UTF-8 text, and NUL bytes suggest a binary or UTF-16 file [yaml-encoding]"
      ])
    #expect(
      problems("a: bell\u{07}\n") == [
        "stack.yaml:1:8: error: the text holds the control character U+0007; remove it, or write it as an escape inside double quotes (\"\\t\", \"\\u0007\") [yaml-encoding]"
      ])
    // Escaped inside double quotes, control characters are text.
    #expect(render(try! load("a: \"bell\\a nul\\0\"\n")) == "{a: \"bell\u{07} nul\u{00}\"}")
  }

  @Test func utf16AndUTF32AreRecognised() {
    let utf16LE: [UInt8] = [0xFF, 0xFE] + "a: 1\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    #expect(
      problems(utf16LE) == [
        "stack.yaml:1:1: error: the file is UTF-16 (little-endian) text; infra reads UTF-8 only; save the file as UTF-8 [yaml-encoding]"
      ])
    let utf16BEWithoutMark: [UInt8] = "a: 1\n".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    #expect(problems(utf16BEWithoutMark).first?.contains("the file is UTF-16 (big-endian) text") == true)
    #expect(problems([0, 0, 0xFE, 0xFF, 0, 0, 0, 0x61]).first?.contains("UTF-32 (big-endian)") == true)
    // A one-character file is not mistaken for either.
    #expect(problems("a") == [])
  }
}
