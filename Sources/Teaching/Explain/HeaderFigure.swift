import WebSocketWire

/// A frame header drawn like RFC 6455 §5.2's figure, from the header's field table: a ruler of
/// bit numbers, then per row of bits a border, the fields' labels and this frame's bits.
enum HeaderFigure {
    /// The whole header in rows of `rowBits` bits (32 as in the RFC; 16 for a narrow terminal):
    /// the first two bytes, the extended length, the masking key, and the payload's first bits
    /// as far as the last row reaches (as sent, masked).
    static func lines(_ header: WebSocketFrameHeader, payload: [UInt8], rowBits: Int = 32) -> [String] {
        let headerBits = header.headerLength * 8
        let payloadBits = min(payload.count * 8, (rowBits - headerBits % rowBits) % rowBits)
        var spans = header.layout.map { field in
            Span(bits: field.bitRange, label: label(field.key, header), continued: "(continued)")
        }
        if payloadBits > 0 {
            spans.append(Span(bits: headerBits...(headerBits + payloadBits - 1),
                              label: header.isMasked ? ["Payload Data", "(masked)"] : ["Payload Data"], continued: ""))
        }
        let bit = { (index: Int) -> Bool in
            index < headerBits ? header.bit(index) : (payload[(index - headerBits) / 8] >> (7 - UInt8(index % 8))) & 1 == 1
        }
        var lines = ruler(rowBits)
        var start = 0
        let end = headerBits + payloadBits
        while start < end {
            let rowEnd = min(start + rowBits, end)
            var row = self.row(spans.filter { $0.bits.upperBound >= start && $0.bits.lowerBound < rowEnd },
                               bit: bit, from: start, to: rowEnd)
            // Rows after the first share the border above them.
            if start > 0 { row.removeFirst() }
            lines += row
            start = rowEnd
        }
        return lines
    }

    struct Span {
        var bits: ClosedRange<Int>
        var label: [String]
        /// The label of the part of a field that continues from the row above.
        var continued: String
    }

    static func label(_ key: WebSocketFrameHeader.FieldKey, _ header: WebSocketFrameHeader) -> [String] {
        guard key == .extendedPayloadLength else { return HeaderFieldWords.figureLabel(key) }
        return HeaderFieldWords.figureLabel(key) + ["(\(header.lengthEncoding.extendedByteCount * 8) bits)"]
    }

    /// The bit numbers over a row: tens every ten bits, then units.
    static func ruler(_ width: Int) -> [String] {
        var tens = ""
        var units = ""
        for bit in 0..<width {
            tens += bit % 10 == 0 ? " \(bit / 10 % 10)" : "  "
            units += " \(bit % 10)"
        }
        while tens.hasSuffix(" ") { tens.removeLast() }
        return [tens, units]
    }

    /// One row of bits `start..<end`: the spans that fall in it, labelled and filled in.
    static func row(_ spans: [Span], bit: (Int) -> Bool, from start: Int, to end: Int) -> [String] {
        let pieces = spans.map { span -> (range: ClosedRange<Int>, label: [String]) in
            let range = max(span.bits.lowerBound, start)...min(span.bits.upperBound, end - 1)
            return (range, span.bits.lowerBound < start ? [span.continued] : span.label)
        }
        let border = "+" + pieces.map { String(repeating: "-", count: $0.range.count * 2 - 1) + "+" }.joined()
        let labelLines = pieces.map(\.label.count).max() ?? 0
        var lines = [border]
        for line in 0..<labelLines {
            lines.append("|" + pieces.map { piece in
                let text = line < piece.label.count ? piece.label[line] : ""
                return centered(text, in: piece.range.count * 2 - 1) + "|"
            }.joined())
        }
        lines.append(border)
        lines.append("|" + pieces.map { piece in
            piece.range.map { bit($0) ? "1" : "0" }.joined(separator: " ") + "|"
        }.joined())
        lines.append(border)
        return lines
    }

    /// `text` centred in `width` columns (the extra space on the left, as the RFC's figure has it);
    /// cut when it does not fit.
    static func centered(_ text: String, in width: Int) -> String {
        let shown = String(text.prefix(width))
        let padding = width - shown.count
        return String(repeating: " ", count: (padding + 1) / 2) + shown + String(repeating: " ", count: padding / 2)
    }
}

extension WebSocketFrameHeader {
    /// Bit `index` of the header, MSB0.
    func bit(_ index: Int) -> Bool { (self[index / 8] >> (7 - UInt8(index % 8))) & 1 == 1 }
}
