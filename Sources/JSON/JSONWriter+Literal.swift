extension JSONWriter {
  /// Writes `value` as it is, every object's keys in ``Ordering`` (a value in a literal
  /// position: Terraform does not read it as a template).
  public mutating func literal(_ value: JSONValue) {
    switch value {
    case .string(let text): string(text)
    case .int(let number): int(number)
    case .double(let number): double(number)
    case .bool(let flag): bool(flag)
    case .null: null()
    case .array(let elements):
      beginArray()
      for element in elements { literal(element) }
      endArray()
    case .object(let members):
      beginObject()
      for (name, value) in members.sorted(by: { Ordering.utf8($0.key, $1.key) }) {
        key(name)
        literal(value)
      }
      endObject()
    }
  }
}
