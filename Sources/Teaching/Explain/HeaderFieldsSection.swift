import WebSocketWire
import WireBytes

/// The header's fields: the RFC-style figure, a row per field (bits, value, meaning), and why
/// this length encoding.
enum HeaderFieldsSection {
    static func render(_ frame: DecodedFrame, into out: inout SectionWriter) {
        let header = frame.header
        out.heading("Header fields (bit 0 = the most significant bit of the first byte)")
        // A row of 32 bits takes 65 columns (67 indented); narrower terminals get rows of 16.
        let rowBits = out.markdown || out.style.width >= 67 ? 32 : 16
        out.code(HeaderFigure.lines(header, payload: Array(frame.maskedPayload.prefix(4)), rowBits: rowBits))
        out.blank()
        var table = TextTable(columns: [.init("bits"), .init("binary"), .init("field"), .init("value"), .init("meaning", prose: true)])
        for field in header.layout {
            let value = header.value(of: field) ?? 0
            let range = field.bitRange.count == 1 ? "\(field.bitRange.lowerBound)"
                : "\(field.bitRange.lowerBound)-\(field.bitRange.upperBound)"
            table.append([range, bits(of: field, in: header), HeaderFieldWords.name(field.key),
                          HeaderFieldWords.valueText(field, value, header),
                          HeaderFieldWords.meaning(field, value, header, from: frame.from)])
        }
        out.table(table)
        out.blank()
        out.line("Payload length: " + lengthExplanation(header, style: out.style))
        out.blank()
    }

    /// A field's bits, a space between bytes.
    static func bits(of field: WebSocketFrameHeader.Field, in header: WebSocketFrameHeader) -> String {
        guard field.bitRange.upperBound < header.headerLength * 8 else { return "" }
        var text = ""
        for (offset, bit) in field.bitRange.enumerated() {
            if offset > 0 && bit % 8 == 0 { text += " " }
            text += header.bit(bit) ? "1" : "0"
        }
        return text
    }

    static func lengthExplanation(_ header: WebSocketFrameHeader, style: Style) -> String {
        let length = header.payloadLength
        let minimal = style.good(style.check + " minimal")
        let notMinimal = style.bad(style.cross + " not minimal")
        switch header.lengthEncoding {
        case .sevenBit:
            return "\(length) fits in the 7-bit field (0-125), so no extended length follows: \(minimal)."
        case .sixteenBit:
            return header.isMinimalLengthEncoding
                ? "\(length) does not fit in 7 bits (over 125), so the field says 126 and 16 bits carry the length (126-65535): \(minimal)."
                : "\(length) would fit in the 7-bit field, yet the field says 126 and 16 bits carry it: \(notMinimal) (RFC 6455 §5.2: the minimal number of bytes MUST be used)."
        case .sixtyFourBit:
            let top = header.hasLengthTopBitSet ? " The top bit is set, which RFC 6455 §5.2 forbids." : ""
            return (header.isMinimalLengthEncoding
                ? "\(length) does not fit in 16 bits (over 65535), so the field says 127 and 64 bits carry the length: \(minimal)."
                : "\(length) would fit in \(length <= 125 ? "the 7-bit field" : "16 bits"), yet the field says 127 and 64 bits carry it: \(notMinimal) (RFC 6455 §5.2).") + top
        }
    }
}
