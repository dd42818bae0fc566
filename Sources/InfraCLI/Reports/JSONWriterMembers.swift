import InfraKit

/// Object members in one call each, for the machine-readable reports.
extension JSONWriter {
  mutating func member(_ key: String, _ value: String?) {
    self.key(key)
    if let value { string(value) } else { null() }
  }

  mutating func member(_ key: String, _ value: Int) {
    self.key(key)
    int(value)
  }

  mutating func member(_ key: String, _ value: Bool) {
    self.key(key)
    bool(value)
  }

  /// `key: { ... }`, the members written by `body`.
  mutating func object(_ key: String? = nil, _ body: (inout JSONWriter) -> Void) {
    if let key { self.key(key) }
    beginObject()
    body(&self)
    endObject()
  }

  /// `key: [ ... ]`, the elements written by `body`.
  mutating func array(_ key: String? = nil, _ body: (inout JSONWriter) -> Void) {
    if let key { self.key(key) }
    beginArray()
    body(&self)
    endArray()
  }
}
