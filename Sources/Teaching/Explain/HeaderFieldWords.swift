public import WebSocketWire
public import WireBytes

/// What the teaching output says about each header field (the wire module knows only where the
/// fields sit): the name in the field table, the label in the header figure, and what a value
/// means for this frame.
public enum HeaderFieldWords {
    public typealias Key = WebSocketFrameHeader.FieldKey

    /// The field's name in the explain table.
    public static func name(_ key: Key) -> String {
        switch key {
        case .fin: "FIN"
        case .rsv1: "RSV1"
        case .rsv2: "RSV2"
        case .rsv3: "RSV3"
        case .opcode: "Opcode"
        case .masked: "MASK"
        case .payloadLength: "Payload length"
        case .extendedPayloadLength: "Extended payload length"
        case .maskingKey: "Masking key"
        }
    }

    /// The field's label in the header figure, one line each, as RFC 6455 §5.2 draws it: a
    /// one-bit field spelled down its column.
    public static func figureLabel(_ key: Key) -> [String] {
        switch key {
        case .fin: ["F", "I", "N", ""]
        case .rsv1: ["R", "S", "V", "1"]
        case .rsv2: ["R", "S", "V", "2"]
        case .rsv3: ["R", "S", "V", "3"]
        case .opcode: ["opcode", "(4)"]
        case .masked: ["M", "A", "S", "K"]
        case .payloadLength: ["Payload len", "(7)"]
        case .extendedPayloadLength: ["Extended payload length"]
        case .maskingKey: ["Masking-key"]
        }
    }

    /// The field's value as the table shows it.
    public static func valueText(_ field: WebSocketFrameHeader.Field, _ value: UInt64, _ header: WebSocketFrameHeader) -> String {
        switch field.key {
        case .opcode: "0x" + String(value, radix: 16, uppercase: true) + " " + header.opcode.name
        case .maskingKey: header.maskingKey.map { key in (0..<4).map { key[$0].hex2 }.joined(separator: " ") } ?? ""
        default: "\(value)"
        }
    }

    /// What this value of the field means in this frame.
    public static func meaning(_ field: WebSocketFrameHeader.Field, _ value: UInt64, _ header: WebSocketFrameHeader,
                        from peer: Peer) -> String {
        switch field.key {
        case .fin: return value == 1 ? "final (or only) frame of its message" : "more fragments of this message follow"
        case .rsv1:
            if value == 0 { return "not set" }
            return header.opcode.isControl || header.opcode == .continuation
                ? "set: not allowed here (RSV1 only marks a message's first frame)"
                : "set: compressed message (permessage-deflate)"
        case .rsv2, .rsv3: return value == 0 ? "not set" : "set: no known extension uses it"
        case .opcode: return header.opcode.meaning
        case .masked:
            if value == 1 { return peer == .client ? "masked, as every client frame must be" : "masked: a server must not mask" }
            return peer == .server ? "not masked, as a server frame must be" : "not masked: a client must mask"
        case .payloadLength:
            switch header.lengthEncoding {
            case .sevenBit: return "the payload length itself (0-125)"
            case .sixteenBit: return "126: the length is in the next 16 bits"
            case .sixtyFourBit: return "127: the length is in the next 64 bits"
            }
        case .extendedPayloadLength: return "payload length \(header.payloadLength) (big-endian)"
        case .maskingKey: return "XORed over the payload, byte i with key byte i mod 4"
        }
    }
}
