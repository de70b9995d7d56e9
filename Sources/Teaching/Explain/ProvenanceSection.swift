import TCPReassembly
import Analysis
import WebSocketWire

/// Which packets carried which bytes of the frame (header and payload), as gopacket's
/// `CaptureInfo(offset)` would answer it.
enum ProvenanceSection {
    static func render(_ record: FrameRecord, into out: inout SectionWriter) {
        let frame = record.frame
        out.heading("Packets that carried this frame")
        defer { out.blank() }
        guard !record.pieces.isEmpty else {
            out.line("none recorded")
            return
        }
        var pieces = TextTable(columns: [.init("packet", .right), .init("TCP payload bytes"), .init("frame bytes"),
                                         .init("holds", prose: true)])
        let headerLength = UInt64(frame.header.headerLength)
        for piece in record.pieces {
            let lower = piece.streamRange.lowerBound &- frame.startOffset
            let upper = piece.streamRange.upperBound &- frame.startOffset
            var holds: [String] = []
            if lower < headerLength { holds.append("header \(lower)-\(min(upper, headerLength) - 1)") }
            if upper > headerLength {
                let start = max(lower, headerLength) - headerLength
                holds.append("payload \(start)-\(upper - headerLength - 1)")
            }
            pieces.append(["\(piece.packet)",
                           "\(piece.payloadRange.lowerBound)-\(piece.payloadRange.upperBound - 1) (\(piece.payloadRange.count) bytes)",
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
