public import Teaching
public import WebSocketWire
import WireBytes

/// A frame's header as the RFC 6455 §5.2 figure, in rows of 32 bits with this frame's bits filled
/// in (every field: FIN, RSV1-3, opcode, MASK, payload length, the extended length, the masking
/// key, then the first payload bytes), and its masking table, as HTML tables.
public enum FrameFigures {
    /// - Parameters:
    ///   - header: the frame's header.
    ///   - payload: the first payload bytes as sent (masked), to fill the row after the header.
    public static func headerFigure(_ header: WebSocketFrameHeader, payload: [UInt8], style: Style = .plain, into page: inout HTMLWriter) {
        let words = PageStrings(style: style)
        struct Span {
            var name: String
            var value: String
            var bits: Range<Int>
            var isPayload = false
        }
        var spans: [Span] = []
        for field in header.layout {
            let value = header.value(of: field) ?? 0
            let text: String = switch field.key {
            case .opcode: "\(value) " + OpcodeWords.name(header.opcode, style: style)
            case .maskingKey: header.maskingKey?.description ?? ""
            default: "\(value)"
            }
            spans.append(Span(name: HeaderFieldWords.name(field.key, style: style), value: text,
                              bits: field.bitRange.lowerBound..<(field.bitRange.upperBound + 1)))
        }
        let headerBits = header.headerLength * 8
        // The payload's first bytes fill the rest of the last header row (a whole row when the header ends on one).
        let rest = (32 - headerBits % 32) % 32
        let payloadBits = min(payload.count * 8, rest == 0 ? 32 : rest)
        if payloadBits > 0 {
            spans.append(Span(name: words.payloadData(masked: header.isMasked), value: "",
                              bits: headerBits..<(headerBits + payloadBits), isPayload: true))
        }
        var bytes = header.bytes + payload
        bytes += Array(repeating: 0, count: max(0, (headerBits + payloadBits + 7) / 8 - bytes.count))
        func bit(_ index: Int) -> String { (bytes[index / 8] >> (7 - UInt8(index % 8))) & 1 == 1 ? "1" : "0" }
        let end = headerBits + payloadBits
        page.element("table", ["class": "bits"]) { table in
            table.element("caption", text: words.headerFigureCaption(headerBytes: header.headerLength))
            table.element("thead") { head in
                head.element("tr") { row in
                    for bit in 0..<32 { row.element("th", ["scope": "col"], text: "\(bit)") }
                }
            }
            table.element("tbody") { body in
                var rowStart = 0
                while rowStart < end {
                    let rowEnd = min(rowStart + 32, end)
                    body.element("tr", ["class": "fields"]) { row in
                        for span in spans where span.bits.overlaps(rowStart..<rowEnd) {
                            let lower = max(span.bits.lowerBound, rowStart), upper = min(span.bits.upperBound, rowEnd)
                            let continued = lower > span.bits.lowerBound
                            row.element("td", attributes: [("colspan", "\(upper - lower)"),
                                                           ("class", span.isPayload ? "field payload" : "field")]) { cell in
                                cell.text(span.name + (continued ? " " + words.continued : ""))
                                if !span.value.isEmpty, !continued {
                                    cell.void("br")
                                    cell.element("span", ["class": "value"], text: span.value)
                                }
                            }
                        }
                    }
                    body.element("tr", ["class": "bitvalues"]) { row in
                        for index in rowStart..<rowEnd { row.element("td", text: bit(index)) }
                    }
                    rowStart = rowEnd
                }
            }
        }
    }

    /// The masking table (the thesis' table 2): i, masked, XOR key, unmasked, character, 16 bytes per block.
    public static func maskingTable(masked: [UInt8], key: WebSocketMaskingKey, totalLength: UInt64, style: Style = .plain,
                                    into page: inout HTMLWriter) {
        let words = PageStrings(style: style)
        let plain = key.apply(to: masked)
        page.element("table", ["class": "masking"]) { table in
            table.element("caption", text: words.maskingCaption(key: key.description, shown: masked.count, total: totalLength))
            var start = 0
            while start < masked.count {
                let range = start..<min(start + 16, masked.count)
                table.element("tbody") { body in
                    let rows: [(String, String, (Int) -> String)] = [
                        (words.maskingIndex, "index", { "\($0)" }),
                        (words.maskingMasked, "masked", { masked[$0].hex2 }),
                        (words.maskingKey, "key", { key[$0].hex2 }),
                        (words.maskingUnmasked, "unmasked", { plain[$0].hex2 }),
                        (words.maskingCharacter, "character", { character(plain[$0]) }),
                    ]
                    for (name, kind, cell) in rows {
                        body.element("tr", ["class": kind]) { row in
                            row.element("th", ["scope": "row"], text: name)
                            for index in range { row.element("td", text: cell(index)) }
                        }
                    }
                }
                start = range.upperBound
            }
        }
    }

    static func character(_ byte: UInt8) -> String {
        switch byte {
        case 0x20: "␠"
        case 0x21...0x7e: String(UnicodeScalar(byte))
        default: "·"
        }
    }
}
