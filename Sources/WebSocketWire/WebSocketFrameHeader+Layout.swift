/// The header's fields as a declarative table (name, stable key, MSB0 bit range, meaning), in the
/// spirit of Wireshark's field registry and Zeek's `bitfield(16)`: one table drives the bit
/// diagrams, the `explain` rows and the JSON names.
extension WebSocketFrameHeader {
    public struct Field: Sendable, Hashable {
        /// As printed in diagrams, e.g. "FIN", "Payload length".
        public let name: String
        /// Stable key, e.g. "fin", "payloadLength"; part of the public output.
        public let key: String
        /// Bits of the header this field occupies, counted from the first bit of the first byte
        /// (bit 0 = the most significant bit of byte 0, "MSB0" as in RFC diagrams).
        public let bitRange: ClosedRange<Int>
        /// What the field says, in words.
        public let meaning: String

        public var bitWidth: Int { bitRange.count }
    }

    /// The fields of the first two bytes, present in every header. The extended length and the
    /// masking key move with the length encoding; `layout` places them for a given header.
    public static let fields: [Field] = [
        Field(name: "FIN", key: "fin", bitRange: 0...0,
              meaning: "1 = final fragment of a message (an unfragmented message is one final frame)"),
        Field(name: "RSV1", key: "rsv1", bitRange: 1...1,
              meaning: "reserved for extensions; permessage-deflate sets it on a compressed message's first frame"),
        Field(name: "RSV2", key: "rsv2", bitRange: 2...2, meaning: "reserved for extensions; 0 unless one defines it"),
        Field(name: "RSV3", key: "rsv3", bitRange: 3...3, meaning: "reserved for extensions; 0 unless one defines it"),
        Field(name: "Opcode", key: "opcode", bitRange: 4...7,
              meaning: "frame type: 0 continuation, 1 text, 2 binary, 8 close, 9 ping, 10 pong"),
        Field(name: "MASK", key: "mask", bitRange: 8...8,
              meaning: "1 = payload masked with the key below (every client frame, no server frame)"),
        Field(name: "Payload length", key: "payloadLength", bitRange: 9...15,
              meaning: "0-125 = the length; 126 = a 16-bit length follows; 127 = a 64-bit length follows"),
    ]

    /// The field table of the extended length, when present (16 or 64 bits after the first two bytes).
    public static func extendedLengthField(_ encoding: LengthEncoding) -> Field? {
        switch encoding {
        case .sevenBit:
            return nil
        case .sixteenBit:
            return Field(name: "Extended payload length", key: "extendedLength", bitRange: 16...31,
                         meaning: "16-bit big-endian payload length (126-65535)")
        case .sixtyFourBit:
            return Field(name: "Extended payload length", key: "extendedLength", bitRange: 16...79,
                         meaning: "64-bit big-endian payload length (above 65535; top bit must be 0)")
        }
    }

    /// The field table of the masking key, placed after the length fields.
    public static func maskingKeyField(_ encoding: LengthEncoding) -> Field {
        let start = 16 + 8 * encoding.extendedByteCount
        return Field(name: "Masking key", key: "maskingKey", bitRange: start...(start + 31),
                     meaning: "4 bytes XORed over the payload, byte i with key byte i mod 4")
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
