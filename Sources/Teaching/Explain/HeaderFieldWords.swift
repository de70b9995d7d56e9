public import WebSocketWire
public import WireBytes

/// What the teaching output says about each header field (the wire module knows only where the
/// fields sit): the name in the field table, the label in the header figure, and what a value
/// means for this frame.
public enum HeaderFieldWords {
    public typealias Key = WebSocketFrameHeader.FieldKey

    /// The field's name in the explain table (the thesis' field names in German, BA 2.1.1).
    public static func name(_ key: Key, style: Style = .plain) -> String {
        style.tr("field.name." + key.rawValue)
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
    public static func valueText(_ field: WebSocketFrameHeader.Field, _ value: UInt64, _ header: WebSocketFrameHeader,
                                 style: Style = .plain) -> String {
        switch field.key {
        case .opcode: "0x" + String(value, radix: 16, uppercase: true) + " " + OpcodeWords.name(header.opcode, style: style)
        case .maskingKey: header.maskingKey.map { key in (0..<4).map { key[$0].hex2 }.joined(separator: " ") } ?? ""
        default: "\(value)"
        }
    }

    /// What this value of the field means in this frame.
    public static func meaning(_ field: WebSocketFrameHeader.Field, _ value: UInt64, _ header: WebSocketFrameHeader,
                               from peer: Peer, style: Style = .plain) -> String {
        let key: String
        switch field.key {
        case .fin: key = value == 1 ? "field.meaning.fin.final" : "field.meaning.fin.more"
        case .rsv1:
            key = value == 0 ? "field.meaning.rsv.notSet"
                : header.opcode.isControl || header.opcode == .continuation ? "field.meaning.rsv1.notAllowed" : "field.meaning.rsv1.compressed"
        case .rsv2, .rsv3: key = value == 0 ? "field.meaning.rsv.notSet" : "field.meaning.rsv.unknownExtension"
        case .opcode: return OpcodeWords.meaning(header.opcode, style: style)
        case .masked:
            key = value == 1 ? (peer == .client ? "field.meaning.mask.client" : "field.meaning.mask.serverMasked")
                : (peer == .server ? "field.meaning.mask.server" : "field.meaning.mask.clientUnmasked")
        case .payloadLength:
            switch header.lengthEncoding {
            case .sevenBit: key = "field.meaning.length.sevenBit"
            case .sixteenBit: key = "field.meaning.length.sixteenBit"
            case .sixtyFourBit: key = "field.meaning.length.sixtyFourBit"
            }
        case .extendedPayloadLength: return style.tr("field.meaning.extendedLength", header.payloadLength)
        case .maskingKey: key = "field.meaning.maskingKey"
        }
        return style.tr(key)
    }
}
