import Foundation
import Testing

@testable import JSON

@Suite struct JSONParserTests {
  private func parse(_ text: String) throws -> JSON {
    try JSONParser.parse(Array(text.utf8))
  }

  private func failure(_ text: String) -> JSONParser.SyntaxError? {
    do {
      _ = try JSONParser.parse(Array(text.utf8))
      return nil
    } catch {
      return error
    }
  }

  @Test func parsesEveryKindOfValue() throws {
    let value = try parse(#" {"a": [1, -2.5, 3e2, true, false, null], "b": {"c": "d"}, "e": {}, "f": []} "#)
    #expect(
      value
        == .object([
          "a": .array([.number(1), .number(-2.5), .number(300), .bool(true), .bool(false), .null]),
          "b": .object(["c": .string("d")]), "e": .object([:]), "f": .array([]),
        ]))
    #expect(value["b"]?["c"]?.string == "d")
    #expect(value["missing"] == nil)
  }

  @Test func decodesStringEscapesAndUTF8() throws {
    #expect(try parse(#""q\" b\\ s\/ \b\f\n\r\t""#) == .string("q\" b\\ s/ \u{08}\u{0C}\n\r\t"))
    #expect(try parse(#""\u00fc \u2713 \ud83d\ude80 Zürich""#) == .string("ü ✓ 🚀 Zürich"))
    #expect(try parse("\u{FEFF}[1]") == .array([.number(1)]), "a byte order mark is skipped")
  }

  @Test func agreesWithFoundationOnALargeDocument() throws {
    var members: [String] = []
    for index in 0..<2000 {
      members.append(#""k\#(index)": {"n": \#(index), "s": "v\#(index) \u00e9", "l": [true, null, \#(Double(index) / 7)]}"#)
    }
    let text = "{" + members.joined(separator: ",\n") + "}"
    let ours = try parse(text)
    let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    #expect(ours.object?.count == theirs.count)
    for (key, value) in theirs {
      let member = value as! [String: Any]
      #expect(ours[key]?["n"]?.number == (member["n"] as! NSNumber).doubleValue)
      #expect(ours[key]?["s"]?.string == member["s"] as? String)
      // Foundation on Linux rounds some doubles differently; the text came from `index / 7`,
      // printed in its shortest round-tripping form, so that is the exact value to get back.
      let index = Int(key.dropFirst())!
      #expect(ours[key]?["l"]?.array?[2].number == Double(index) / 7)
    }
  }

  @Test func reportsWhereTheTextStopsBeingJSON() {
    #expect(failure("{\n  \"a\": 1,\n  \"b\" 2\n}")?.description == "3:7: expected ':' after the key")
    #expect(failure("[1, 2,]")?.description == "1:7: unexpected character ']' where a value should start")
    #expect(failure("{'a': 1}")?.description == "1:2: expected a quoted key")
    #expect(failure("[01]")?.description == "1:3: expected ',' or ']' in an array")
    #expect(failure("\"tab\there\"")?.description == "1:5: a control character must be escaped inside a string")
    #expect(failure("[1] [2]")?.description == "1:5: unexpected text after the JSON value")
    #expect(failure("nul")?.atEnd == true)
    #expect(failure(#""\ud800x""#)?.message == "an unpaired surrogate in a \\u escape")
    #expect(failure(String(repeating: "[", count: 600))?.message == "nesting deeper than 512 levels")
  }

  @Test func rejectsAKeyGivenTwiceAtTheSecond() {
    #expect(failure("{\n  \"a\": 1,\n  \"b\": 2,\n  \"a\": 3\n}")?.description == "4:3: the key \"a\" appears twice in this object")
    #expect(failure(#"[{"x": {"k": [], "k": {}}}]"#)?.description == "1:18: the key \"k\" appears twice in this object")
    #expect(failure(#"{"a\u0062": 1, "ab": 2}"#)?.message == "the key \"ab\" appears twice in this object", "escapes decoded first")
    #expect(failure(#"{"a": 1, "A": 2}"#) == nil, "keys differ by case")
    #expect(failure(#"[{"a": 1}, {"a": 2}]"#) == nil, "each object has its own keys")
  }

  @Test func aTruncatedDocumentIsRecognisedAsSuch() {
    for text in ["{\"a\": [1, 2", "{\"a\": \"unfinished", "{\"a\":", "[true, fal", ""] {
      #expect(failure(text)?.atEnd == true, "\(text)")
    }
    #expect(failure("{\"a\": ]")?.atEnd == false)
  }
}
