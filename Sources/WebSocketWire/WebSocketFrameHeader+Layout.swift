/// The header's fields as a declarative table, in the spirit of Wireshark's field registry and
/// Zeek's `bitfield(16)`: where each field sits (MSB0 bit ranges) and its stable key. The key is
/// the JSON name where a frame's JSON has the field; the words (names, meanings, figure labels)
/// belong to the teaching output (Teaching/HeaderFieldWords.swift), which draws the header figure,
/// the explain rows and their meanings from this table.
extension WebSocketFrameHeader {
    /// A field's stable key.
    public enum FieldKey: String, Sendable, Hashable, CaseIterable {
        case fin, rsv1, rsv2, rsv3, opcode, masked
        /// The 7-bit length field (0-125, or 126 / 127 for an extended length). The frame's JSON
        /// `payloadLength` is the decoded length, whichever encoding carried it.
        case payloadLength
        case extendedPayloadLength
        case maskingKey
    }

    public struct Field: Sendable, Hashable {
        public let key: FieldKey
        /// Bits of the header this field occupies, counted from the first bit of the first byte
        /// (bit 0 = the most significant bit of byte 0, "MSB0" as in RFC diagrams).
        public let bitRange: ClosedRange<Int>

        public var bitWidth: Int { bitRange.count }
    }

    /// The fields of the first two bytes, present in every header. The extended length and the
    /// masking key move with the length encoding; `layout` places them for a given header.
    public static let fields: [Field] = [
        Field(key: .fin, bitRange: 0...0),
        Field(key: .rsv1, bitRange: 1...1),
        Field(key: .rsv2, bitRange: 2...2),
        Field(key: .rsv3, bitRange: 3...3),
        Field(key: .opcode, bitRange: 4...7),
        Field(key: .masked, bitRange: 8...8),
        Field(key: .payloadLength, bitRange: 9...15),
    ]

    /// The extended length, when present (16 or 64 bits after the first two bytes).
    public static func extendedLengthField(_ encoding: LengthEncoding) -> Field? {
        switch encoding {
        case .sevenBit: nil
        case .sixteenBit: Field(key: .extendedPayloadLength, bitRange: 16...31)
        case .sixtyFourBit: Field(key: .extendedPayloadLength, bitRange: 16...79)
        }
    }

    /// The masking key, placed after the length fields.
    public static func maskingKeyField(_ encoding: LengthEncoding) -> Field {
        let start = 16 + 8 * encoding.extendedByteCount
        return Field(key: .maskingKey, bitRange: start...(start + 31))
    }

    /// Every field this header holds, at its place.
    public var layout: [Field] {
        var result = WebSocketFrameHeader.fields
        if let extended = WebSocketFrameHeader.extendedLengthField(lengthEncoding) { result.append(extended) }
        if isMasked { result.append(WebSocketFrameHeader.maskingKeyField(lengthEncoding)) }
        return result
    }

    /// The value of a field of this header, read from its bits (the masking key as its
    /// big-endian 32-bit number); nil when the header has no bits at that range.
    public func value(of field: Field) -> UInt64? {
        guard field.bitRange.upperBound < headerLength * 8 else { return nil }
        var value: UInt64 = 0
        for bit in field.bitRange {
            let byte = self[bit / 8]
            value = value << 1 | UInt64((byte >> (7 - UInt8(bit % 8))) & 1)
        }
        return value
    }
}
