/// A bounds-checked cursor over untrusted bytes: big-endian integers and TLS's length-prefixed
/// vectors (RFC 8446 §3.4). Every read that would run past the end throws instead of trapping.
struct TLSByteReader {
    private let bytes: ArraySlice<UInt8>
    private(set) var index: Int
    /// Names the structure being read, for error messages.
    private let context: String

    init(_ bytes: ArraySlice<UInt8>, context: String) {
        self.bytes = bytes
        index = bytes.startIndex
        self.context = context
    }

    var remaining: Int { bytes.endIndex - index }
    var isAtEnd: Bool { index == bytes.endIndex }

    mutating func readUInt8(_ field: String) throws(TLSParseError) -> UInt8 {
        guard remaining >= 1 else { throw short(field) }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func readUInt16(_ field: String) throws(TLSParseError) -> UInt16 {
        guard remaining >= 2 else { throw short(field) }
        defer { index += 2 }
        return UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
    }

    mutating func readUInt24(_ field: String) throws(TLSParseError) -> Int {
        guard remaining >= 3 else { throw short(field) }
        defer { index += 3 }
        return Int(bytes[index]) << 16 | Int(bytes[index + 1]) << 8 | Int(bytes[index + 2])
    }

    mutating func readBytes(_ count: Int, _ field: String) throws(TLSParseError) -> ArraySlice<UInt8> {
        guard count >= 0, remaining >= count else { throw short(field) }
        defer { index += count }
        return bytes[index..<(index + count)]
    }

    /// A vector with a 1-byte length prefix.
    mutating func readVector8(_ field: String) throws(TLSParseError) -> ArraySlice<UInt8> {
        try readBytes(Int(readUInt8(field)), field)
    }

    /// A vector with a 2-byte length prefix.
    mutating func readVector16(_ field: String) throws(TLSParseError) -> ArraySlice<UInt8> {
        try readBytes(Int(readUInt16(field)), field)
    }

    /// Throws unless every byte was read: trailing bytes mean the lengths disagree.
    func expectEnd(_ field: String) throws(TLSParseError) {
        guard isAtEnd else { throw TLSParseError(.unexpectedBytes(count: remaining, after: field), in: context) }
    }

    private func short(_ field: String) -> TLSParseError {
        TLSParseError(.runsPastEnd(field: field), in: context)
    }
}
