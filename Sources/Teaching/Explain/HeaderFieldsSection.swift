import WebSocketWire
import WireBytes

/// The header's fields: the RFC-style figure, a row per field (bits, value, meaning), and why
/// this length encoding.
enum HeaderFieldsSection {
    static func render(_ frame: DecodedFrame, into out: inout SectionWriter) {
        let header = frame.header
        let style = out.style
        out.heading(style.tr("explain.fields.heading"))
        // A row of 32 bits takes 65 columns (67 indented); narrower terminals get rows of 16.
        let rowBits = out.markdown || style.width >= 67 ? 32 : 16
        out.code(HeaderFigure.lines(header, payload: Array(frame.maskedPayload.prefix(4)), rowBits: rowBits))
        out.blank()
        var table = TextTable(columns: [.init(style.tr("explain.fields.column.bits")), .init(style.tr("explain.fields.column.binary")),
                                        .init(style.tr("explain.fields.column.field")), .init(style.tr("explain.fields.column.value")),
                                        .init(style.tr("explain.fields.column.meaning"), prose: true)])
        for field in header.layout {
            let value = header.value(of: field) ?? 0
            let range = field.bitRange.count == 1 ? "\(field.bitRange.lowerBound)"
                : "\(field.bitRange.lowerBound)-\(field.bitRange.upperBound)"
            table.append([range, bits(of: field, in: header), HeaderFieldWords.name(field.key, style: style),
                          HeaderFieldWords.valueText(field, value, header, style: style),
                          HeaderFieldWords.meaning(field, value, header, from: frame.from, style: style)])
        }
        out.table(table)
        out.blank()
        out.line(style.tr("explain.length.label") + " " + lengthExplanation(header, style: style))
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
        let minimal = style.good(style.check + " " + style.tr("explain.length.minimal"))
        let notMinimal = style.bad(style.cross + " " + style.tr("explain.length.notMinimal"))
        switch header.lengthEncoding {
        case .sevenBit:
            return style.tr("explain.length.sevenBit", length, minimal)
        case .sixteenBit:
            return header.isMinimalLengthEncoding
                ? style.tr("explain.length.sixteenBit", length, minimal)
                : style.tr("explain.length.sixteenBitNotMinimal", length, notMinimal)
        case .sixtyFourBit:
            let top = header.hasLengthTopBitSet ? " " + style.tr("explain.length.topBitSet") : ""
            return (header.isMinimalLengthEncoding
                ? style.tr("explain.length.sixtyFourBit", length, minimal)
                : style.tr(length <= 125 ? "explain.length.sixtyFourBitFitsSeven" : "explain.length.sixtyFourBitFitsSixteen",
                           length, notMinimal)) + top
        }
    }
}
