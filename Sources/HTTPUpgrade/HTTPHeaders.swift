/// Header fields in the order they arrived, repeated names kept as separate fields.
///
/// Names compare without regard to case (RFC 9110 section 5.1); values are kept as sent, with
/// surrounding whitespace trimmed and obsolete line folds already replaced by a space.
public struct HTTPHeaders: Sendable, Hashable {
    public struct Field: Sendable, Hashable {
        public var name: String {
            didSet { knownName = KnownHeaderName(name) }
        }
        public var value: String
        /// Which of the headers the parser and the handshake ask about this is, decided once per
        /// field so that lookups compare one byte instead of a name.
        var knownName: KnownHeaderName?

        public init(name: String, value: String) {
            self.name = name
            self.value = value
            knownName = KnownHeaderName(name)
        }

        init(name: String, knownName: KnownHeaderName?, value: String) {
            self.name = name
            self.value = value
            self.knownName = knownName
        }

        // `knownName` follows from `name`, so equality and hashing stay those of name and value.
        public static func == (lhs: Field, rhs: Field) -> Bool {
            lhs.name == rhs.name && lhs.value == rhs.value
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(name)
            hasher.combine(value)
        }
    }

    public private(set) var fields: [Field]
    /// The known names among the fields, one bit each: a lookup of an absent one (most of them,
    /// in most heads) returns without walking the fields.
    private var knownNamesPresent: UInt16 = 0

    public init(_ fields: [(name: String, value: String)] = []) {
        self.init(fields: fields.map { Field(name: $0.name, value: $0.value) })
    }

    /// Fields already built (the head parser's).
    init(fields: [Field]) {
        self.fields = fields
        for index in fields.indices { knownNamesPresent |= Self.bit(fields[index].knownName) }
    }

    public mutating func append(name: String, value: String) {
        let field = Field(name: name, value: value)
        knownNamesPresent |= Self.bit(field.knownName)
        fields.append(field)
    }

    private static func bit(_ name: KnownHeaderName?) -> UInt16 {
        name.map { 1 << $0.rawValue } ?? 0
    }

    private func mayContain(_ name: KnownHeaderName) -> Bool {
        knownNamesPresent & Self.bit(name) != 0
    }

    /// Every value of the fields with this name, in order.
    public func values(for name: String) -> [String] {
        if let known = KnownHeaderName(name) { return values(for: known) }
        return fields.filter { $0.knownName == nil && ASCII.equalsIgnoringCase($0.name, name) }.map(\.value)
    }

    /// The first value of the fields with this name.
    public subscript(name: String) -> String? {
        if let known = KnownHeaderName(name) { return self[known] }
        return fields.first { $0.knownName == nil && ASCII.equalsIgnoringCase($0.name, name) }?.value
    }

    public func contains(_ name: String) -> Bool {
        if let known = KnownHeaderName(name) { return contains(known) }
        return fields.contains { $0.knownName == nil && ASCII.equalsIgnoringCase($0.name, name) }
    }

    // MARK: Lookups by known name
    // These walk the fields by index: looping over `fields` itself would copy (retain and release)
    // every field's strings just to read its tag.

    func values(for name: KnownHeaderName) -> [String] {
        guard mayContain(name) else { return [] }
        var values: [String] = []
        for index in fields.indices where fields[index].knownName == name { values.append(fields[index].value) }
        return values
    }

    subscript(name: KnownHeaderName) -> String? {
        guard mayContain(name) else { return nil }
        for index in fields.indices where fields[index].knownName == name { return fields[index].value }
        return nil
    }

    func contains(_ name: KnownHeaderName) -> Bool {
        mayContain(name)
    }

    /// How many fields have this name.
    func count(of name: KnownHeaderName) -> Int {
        guard mayContain(name) else { return 0 }
        var count = 0
        for index in fields.indices where fields[index].knownName == name { count += 1 }
        return count
    }
}

extension HTTPHeaders: RandomAccessCollection {
    public var startIndex: Int { fields.startIndex }
    public var endIndex: Int { fields.endIndex }
    public subscript(position: Int) -> Field { fields[position] }
}

extension HTTPHeaders: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: (String, String)...) {
        self.init(elements.map { (name: $0.0, value: $0.1) })
    }
}
