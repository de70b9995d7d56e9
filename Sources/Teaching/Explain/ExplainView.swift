import Analysis
import WebSocketWire
import WireBytes

/// One frame in full, like the thesis' figures 2-4, section by section: the bytes in hex and
/// bits, the header's fields, the masking table, the close code, the payload, the message it
/// belongs to, the packets that carried it and the findings on it.
public enum ExplainView {
    /// Payload bytes shown in the masking table and on the wire line unless `showAll`.
    public static let defaultLimit = 64
    /// Payload bytes shown in the hex dump / text unless `showAll`.
    public static let defaultDumpLimit = 1024

    public static func render(_ input: FrameExplanation, showAll: Bool = false, style: Style = .plain,
                              markdown: Bool = false) -> String {
        var out = SectionWriter(markdown: markdown, style: style)
        let record = input.record
        let frame = record.frame
        let header = frame.header
        let identity = record.connection
        let direction = frame.from == .client ? "client → server" : "server → client"

        out.heading("Frame \(frame.index) of connection \(identity.number): \(frame.opcode.name), \(direction)", level: 2)
        let packets = record.packets
        let packetText = packets.isEmpty ? "no packet recorded"
            : (packets.count == 1 ? "packet \(packets[0])" : "packets " + ProvenanceSection.runs(packets))
        out.line("client \(identity.client) → server \(identity.server); "
                 + "\(header.headerLength) header + \(frame.payloadLength) payload bytes = \(UInt64(header.headerLength) + frame.payloadLength) bytes on the wire, in \(packetText)")
        if !frame.isComplete {
            out.line(style.warn("incomplete") + ": \(frame.missingPayloadBytes) payload bytes are missing from the capture")
        }
        out.blank()

        WireBytesSection.render(frame, showAll: showAll, into: &out)
        HeaderFieldsSection.render(frame, into: &out)
        MaskingSection.render(frame, limit: showAll ? Int.max : defaultLimit, into: &out)
        CloseFrameSection.render(frame, into: &out)
        PayloadSection.render(frame, limit: showAll ? Int.max : defaultDumpLimit, into: &out)
        MessageSection.render(input, limit: showAll ? Int.max : defaultDumpLimit, into: &out)
        ProvenanceSection.render(record, into: &out)
        FindingsSection.render(input.findings, into: &out)
        return out.finish()
    }
}
