import TCPReassembly
import Analysis
import WebSocketWire

/// Which packets carried which bytes of the frame (header and payload), as gopacket's
/// `CaptureInfo(offset)` would answer it.
enum ProvenanceSection {
    static func render(_ record: FrameRecord, into out: inout SectionWriter) {
        let frame = record.frame
        let style = out.style
        out.heading(style.tr("explain.provenance.heading"))
        defer { out.blank() }
        guard !record.pieces.isEmpty else {
            out.line(style.tr("explain.provenance.none"))
            return
        }
        var pieces = TextTable(columns: [.init(style.tr("explain.provenance.column.packet"), .right),
                                         .init(style.tr("explain.provenance.column.tcpBytes")),
                                         .init(style.tr("explain.provenance.column.frameBytes")),
                                         .init(style.tr("explain.provenance.column.holds"), prose: true)])
        let headerLength = UInt64(frame.header.headerLength)
        for piece in record.pieces {
            let lower = piece.streamRange.lowerBound &- frame.startOffset
            let upper = piece.streamRange.upperBound &- frame.startOffset
            var holds: [String] = []
            if lower < headerLength { holds.append(style.tr("explain.provenance.header", "\(lower)-\(min(upper, headerLength) - 1)")) }
            if upper > headerLength {
                let start = max(lower, headerLength) - headerLength
                holds.append(style.tr("explain.provenance.payload", "\(start)-\(upper - headerLength - 1)"))
            }
            pieces.append(["\(piece.packet)",
                           "\(piece.payloadRange.lowerBound)-\(piece.payloadRange.upperBound - 1) ("
                            + style.tr("unit.byteCount", piece.payloadRange.count) + ")",
                           "\(lower)-\(upper - 1)", holds.joined(separator: ", ")])
        }
        out.table(pieces)
    }

    /// "3, 5-9, 12": consecutive packet numbers as ranges.
    static func runs(_ numbers: [UInt64]) -> String {
        var parts: [String] = []
        var index = 0
        while index < numbers.count {
            var end = index
            while end + 1 < numbers.count && numbers[end + 1] == numbers[end] + 1 { end += 1 }
            parts.append(end == index ? "\(numbers[index])" : "\(numbers[index])-\(numbers[end])")
            index = end + 1
        }
        return parts.joined(separator: ", ")
    }
}
