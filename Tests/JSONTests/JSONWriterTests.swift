import Testing

@testable import JSON

@Suite struct JSONWriterTests {
  private func text(_ write: (inout JSONWriter) -> Void) -> String {
    var writer = JSONWriter()
    write(&writer)
    return String(decoding: writer.finish(), as: UTF8.self)
  }

  @Test func emptyContainersStayOnOneLine() {
    #expect(text { $0.beginObject(); $0.endObject() } == "{}\n")
    #expect(
      text {
        $0.beginObject()
        $0.key("a"); $0.beginArray(); $0.endArray()
        $0.key("b"); $0.beginObject(); $0.endObject()
        $0.endObject()
      } == "{\n  \"a\": [],\n  \"b\": {}\n}\n")
  }

  @Test func nestedContainersIndentByTwoSpaces() {
    let output = text {
      $0.beginObject()
      $0.key("list")
      $0.beginArray()
      $0.int(1)
      $0.beginObject(); $0.key("x"); $0.bool(true); $0.endObject()
      $0.endArray()
      $0.key("z"); $0.null()
      $0.endObject()
    }
    #expect(output == "{\n  \"list\": [\n    1,\n    {\n      \"x\": true\n    }\n  ],\n  \"z\": null\n}\n")
  }

  @Test func stringsGetJSONEscapes() {
    let output = text { $0.string("quote \" backslash \\ newline \n return \r tab \t backspace \u{08} feed \u{0C}") }
    #expect(output == #""quote \" backslash \\ newline \n return \r tab \t backspace \b feed \f""# + "\n")
  }

  @Test func otherControlCharactersBecomeUnicodeEscapes() {
    #expect(text { $0.string("\u{00}\u{01}\u{1F}") } == #""\u0000\u0001\u001f""# + "\n")
    // DEL is not a control character for JSON.
    #expect(text { $0.string("\u{7F}") } == "\"\u{7F}\"\n")
  }

  @Test func nonASCIIIsWrittenAsUTF8() {
    let value = "Zürich ✓ 🚀 \u{2028} e\u{301}"
    #expect(text { $0.string(value) } == "\"\(value)\"\n")
  }

  @Test func integersStayIntegers() {
    #expect(text { $0.int(0) } == "0\n")
    #expect(text { $0.int(-42) } == "-42\n")
    #expect(text { $0.int(Int.max) } == "9223372036854775807\n")
    #expect(text { $0.int(Int.min) } == "-9223372036854775808\n")
  }

  @Test func doublesUseTheirShortestRoundTrippingForm() {
    #expect(text { $0.double(0.5) } == "0.5\n")
    #expect(text { $0.double(0.1) } == "0.1\n")
    #expect(text { $0.double(3.0) } == "3.0\n")
    #expect(text { $0.double(1e-5) } == "1e-05\n")
    #expect(text { $0.double(1e20) } == "1e+20\n")
  }

  @Test func keysAreEscapedLikeStrings() {
    #expect(text { $0.beginObject(); $0.key("a\"b"); $0.int(1); $0.endObject() } == "{\n  \"a\\\"b\": 1\n}\n")
  }
}
