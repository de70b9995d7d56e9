import WebSocketWire

/// A frame header drawn like RFC 6455 §5.2's figure, from the header's field table: a ruler of
/// bit numbers, then per row of bits a border, the fields' labels and this frame's bits.
enum HeaderFigure {
    /// The first `bits` bits of the header (16: the two bytes every frame has), in one row.
    static func lines(_ header: WebSocketFrameHeader, bits: Int = 16) -> [String] {
        let fields = header.layout.filter { $0.bitRange.upperBound < bits }
        return ruler(bits) + row(fields.map { ($0.bitRange, HeaderFieldWords.figureLabel($0.key)) }, header: header, from: 0, width: bits)
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

    /// One row of `width` bits from bit `start`: the spans that fall in it, labelled and filled in.
    static func row(_ spans: [(bits: ClosedRange<Int>, label: [String])], header: WebSocketFrameHeader,
                    from start: Int, width: Int) -> [String] {
        let pieces = spans.map { span -> (range: ClosedRange<Int>, label: [String]) in
            (max(span.bits.lowerBound, start)...min(span.bits.upperBound, start + width - 1), span.label)
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
            piece.range.map { bit in header.bit(bit) ? "1" : "0" }.joined(separator: " ") + "|"
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
